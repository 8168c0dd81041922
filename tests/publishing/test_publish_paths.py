"""Publishing correct on every path an editor takes through the admin: a rename of a live
object through its draft and the publish button or the list action; a scheduled draft of a
live object; a stale form saved again; deleting what other content refers to."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from cards.models import Comparison
from publishing import services
from publishing.models import OldSlug
from tests.cards.test_admin import form_data
from tests.translations.conftest import make_user
from translations.roles import EDITORS

OLD = "citizen-card-vs-social-security-card"
NEW = "citizen-card-or-social-security-card"
CHANGE = "/en/admin/cards/comparison/{}/change/"
LIST = "/en/admin/cards/comparison/"


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def save_draft(client, obj, **changes):
    url = CHANGE.format(obj.pk)
    response = client.post(url, {**form_data(client.get(url)), **changes})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert services.draft_of(obj) is not None


def publish_with_button(client, obj):
    url = f"/en/admin/cards/comparison/{obj.pk}/publish/"
    page = client.get(url)
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert client.post(url, data).status_code == 302


def publish_with_action(client, obj):
    data = {**form_data(client.get(LIST)), "action": "publish_selected", "_selected_action": obj.pk}
    assert client.post(LIST, data).status_code == 302


@pytest.mark.parametrize("publish", [publish_with_button, publish_with_action])
def test_a_live_renamed_through_draft_and_publish_keeps_its_old_addresses(
    editor_client, client, publish
):
    comparison = Comparison.objects.get(slug=OLD)
    save_draft(editor_client, comparison, slug=NEW)
    assert client.get(f"/en/compare/{OLD}/").status_code == 200  # still live until published
    publish(editor_client, comparison)
    assert Comparison.objects.get(pk=comparison.pk).slug == NEW
    assert OldSlug.objects.filter(slug=OLD, object_id=comparison.pk).exists()
    moved = {
        f"/{lang}{path}": f"/{lang}{path.replace(OLD, NEW)}"
        for lang in ("zh-hans", "en")
        for path in (
            f"/compare/{OLD}/",
            f"/embed/compare/{OLD}/point/1/",
            f"/share/compare/{OLD}.png",
        )
    }
    moved[f"/api/v1/comparisons/{OLD}/?lang=en"] = f"/api/v1/comparisons/{NEW}/?lang=en"
    for old, new in moved.items():
        response = client.get(old)
        assert (response.status_code, response.get("Location")) == (301, new), old
        assert client.get(new).status_code == 200, new


def test_an_old_slug_recorded_by_a_published_rename_cannot_be_taken(editor_client):
    comparison = Comparison.objects.get(slug=OLD)
    save_draft(editor_client, comparison, slug=NEW)
    publish_with_button(editor_client, comparison)
    response = editor_client.get("/en/admin/cards/comparison/add/")
    data = {**form_data(response), "slug": OLD}
    response = editor_client.post("/en/admin/cards/comparison/add/", data)
    assert response.status_code == 200
    assert "was the slug of" in response.content.decode()
    assert not Comparison.objects.filter(slug=OLD).exists()


# --- a scheduled draft of a live object -------------------------------------------------------


def local_fields(name, when):
    local = timezone.localtime(when)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


@pytest.mark.parametrize("publish", [publish_with_button, publish_with_action])
def test_a_scheduled_draft_of_a_live_object_keeps_the_live_page_until_its_time(
    editor_client, client, publish
):
    comparison = Comparison.objects.get(slug=OLD)
    live_title = comparison.title_en
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    save_draft(
        editor_client, comparison, title_en="Scheduled title", **local_fields("publish_at", when)
    )
    page = editor_client.get(f"/en/admin/cards/comparison/{comparison.pk}/publish/")
    assert "scheduled for" in page.content.decode()
    assert "Until then visitors keep seeing the published version" in page.content.decode()
    publish(editor_client, comparison)

    for lang in ("zh-hans", "en"):
        response = client.get(f"/{lang}/compare/{OLD}/")
        assert response.status_code == 200, lang
    assert live_title in client.get(f"/en/compare/{OLD}/").content.decode()
    assert services.draft_of(comparison).apply_at == when
    listing = editor_client.get("/en/admin/publishing/scheduledchange/")
    assert listing.status_code == 200
    assert str(comparison) in listing.content.decode()
    assert "Published · changes scheduled for" in editor_client.get(LIST).content.decode()
    change_form = editor_client.get(CHANGE.format(comparison.pk)).content.decode()
    assert "Published · changes scheduled for" in change_form
    assert "Scheduled for" not in change_form

    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        response = client.get(f"/en/compare/{OLD}/")
        assert response.status_code == 200
        assert "Scheduled title" in response.content.decode()
        assert client.get(f"/zh-hans/compare/{OLD}/").status_code == 200
    assert services.draft_of(comparison) is None
    assert Comparison.objects.get(pk=comparison.pk).title_en == "Scheduled title"
    assert (
        str(comparison)
        not in editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    )


def test_saving_a_scheduled_draft_again_takes_it_off_the_schedule(editor_client, client):
    comparison = Comparison.objects.get(slug=OLD)
    when = timezone.now() + timedelta(minutes=2)
    save_draft(editor_client, comparison, **local_fields("publish_at", when))
    publish_with_button(editor_client, comparison)
    assert services.draft_of(comparison).apply_at is not None
    save_draft(editor_client, comparison, title_en="Changed after scheduling")
    assert services.draft_of(comparison).apply_at is None
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(minutes=1)):
        assert "Changed after scheduling" not in client.get(f"/en/compare/{OLD}/").content.decode()


# --- a stale form saved again: merged per field -----------------------------------------------


@pytest.fixture
def other_editor(seeded):
    client = Client()
    client.force_login(make_user("alice", EDITORS))
    return client


def draft_values(obj):
    with services.draft_applied(obj):
        return Comparison.objects.filter(pk=obj.pk).values(
            "title_en", "title_zh_hans", "introduction_en"
        )[0]


@pytest.mark.parametrize("choice", ["theirs", "yours"])
def test_a_stale_form_saved_again_merges_per_field_and_the_editor_chooses_where_both_changed(
    editor_client, other_editor, choice
):
    comparison = Comparison.objects.get(slug=OLD)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))  # both open the comparison
    save_draft(
        other_editor, comparison, title_en="Alice's title", introduction_en="Alice's introduction"
    )
    mine.update(title_en="Bob's title", title_zh_hans="鲍勃的标题")
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "alice changed this since you opened it" in text
    assert "newer value of Introduction (English) is kept (you had not changed it)" in text
    assert "your change to Title (Simplified Chinese) is saved" in text
    assert "Title (English) was changed by both of you" in text
    assert "Alice&#x27;s title" in text and "Bob&#x27;s title" in text  # side by side
    assert 'target="_blank" rel="noopener"' in text
    assert draft_values(comparison)["title_zh_hans"] != "鲍勃的标题"  # nothing saved yet

    again = form_data(refused)
    assert again["title_en"] == "Bob's title"  # the input is kept
    unchosen = editor_client.post(url, again)
    assert unchosen.status_code == 200  # both changed: a choice is required
    assert "Choose which version to keep" in unchosen.content.decode()

    again = form_data(unchosen)
    again["_merge_title_en"] = choice
    response = editor_client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    values = draft_values(comparison)
    assert values["introduction_en"] == "Alice's introduction"  # not reverted by the stale form
    assert values["title_zh_hans"] == "鲍勃的标题"
    assert values["title_en"] == ("Alice's title" if choice == "theirs" else "Bob's title")


# --- deleting what other content refers to ---------------------------------------------------


def linked_task():
    from guide.models import Task

    task = Task.objects.filter(point__isnull=False).select_related("point__comparison").first()
    assert task is not None, "the seed links a guide task to a comparison point"
    return task


def test_a_point_a_guide_task_links_to_cannot_be_deleted_in_the_comparison_form(editor_client):
    task = linked_task()
    comparison = task.point.comparison
    url = CHANGE.format(comparison.pk)
    data = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(task.point_id)
    )
    data[f"points-{index}-DELETE"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "These tasks link to it" in text and task.question in text
    assert services.draft_of(comparison) is None
    task.refresh_from_db()
    assert task.point_id is not None


def test_a_linked_point_deleted_in_the_form_cuts_its_links_at_publish_and_revert_restores(
    editor_client, client
):
    """The form offers the repair; the draft deletes the point, the Publish page lists the
    links it cuts and asks to confirm; publishing cuts them; reverting puts them back."""
    from guide.models import Task
    from publishing.models import RevisionKind

    task = linked_task()
    comparison, point_pk = task.point.comparison, task.point_id
    before = services.latest_revision_id(comparison)
    url = CHANGE.format(comparison.pk)
    data = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point_pk)
    )
    data[f"points-{index}-DELETE"] = "on"
    refused = editor_client.post(url, data).content.decode()
    assert 'name="points-CUT_LINKS"' in refused, "the form offers to cut the links"
    response = editor_client.post(url, {**data, "points-CUT_LINKS": "yes"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert services.draft_of(comparison) is not None
    task.refresh_from_db()
    assert task.point_id == point_pk, "the live task keeps its link until the draft is published"
    from tests.factories import make_draft  # a pending draft of the task holds the link too

    make_draft(task, lambda: Task.objects.filter(pk=task.pk).update(reason_en="Drafted 4740"))

    publish_url = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    page = editor_client.get(publish_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Links that publishing cuts" in text and task.question in text
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    unconfirmed = editor_client.post(publish_url, data)
    assert unconfirmed.status_code == 200 and "Tick the box" in unconfirmed.content.decode()
    assert services.draft_of(comparison) is not None, "nothing published unconfirmed"
    assert editor_client.post(publish_url, {**data, "confirm_cut": "yes"}).status_code == 302
    assert not comparison.points.filter(pk=point_pk).exists()
    task.refresh_from_db()
    assert task.point_id is None
    with services.draft_applied(task):
        assert Task.objects.get(pk=task.pk).point_id is None, "cut from its draft too"
    assert RevisionKind.objects.filter(
        revision__version__object_id=str(task.pk), kind=RevisionKind.Kind.LINK_CUT
    ).exists(), "the task's history records the cut"
    assert client.get("/en/guide/").status_code == 200

    revert = f"/en/admin/cards/comparison/{comparison.pk}/history/{before}/revert/"
    page = editor_client.get(revert)
    editor_client.post(revert, {"base_revision": page.context["base_revision"]})
    publish_with_button(editor_client, comparison)
    assert comparison.points.filter(pk=point_pk).exists()
    assert Task.objects.get(pk=task.pk).point_id == point_pk, "reverting restores the link"
    with services.draft_applied(task):
        drafted = Task.objects.get(pk=task.pk)
        assert (drafted.point_id, drafted.reason_en) == (point_pk, "Drafted 4740"), "in the draft"


def test_a_comparison_whose_points_guide_tasks_link_to_cannot_be_deleted(editor_client):
    task = linked_task()
    comparison = task.point.comparison
    url = f"/en/admin/cards/comparison/{comparison.pk}/delete/"
    page = editor_client.get(url)
    assert "These tasks link to its comparison points" in page.content.decode()
    editor_client.post(url, {"post": "yes"})
    assert Comparison.objects.filter(pk=comparison.pk).exists()
    task.refresh_from_db()
    assert task.point_id is not None


def test_a_draft_that_would_delete_a_linked_point_is_not_published_unconfirmed(editor_client):
    from tests.factories import make_draft

    task = linked_task()
    point = task.point
    comparison = point.comparison
    # A draft deleting the point, saved before the tasks linked to it.
    linking = list(type(task).objects.filter(point=point).values_list("pk", flat=True))
    type(task).objects.filter(pk__in=linking).update(point=None)
    point_pk = point.pk
    make_draft(comparison, type(point).objects.get(pk=point_pk).delete)
    type(task).objects.filter(pk__in=linking).update(point=point_pk)
    url = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    page = editor_client.get(url)  # the links it would cut are listed, to confirm
    text = page.content.decode()
    assert "Links that publishing cuts" in text and task.question in text
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert editor_client.post(url, data).status_code == 200  # not confirmed: not published
    task.refresh_from_db()
    assert task.point_id == point_pk
    assert services.draft_of(comparison) is not None  # kept, for the editor to fix or discard
    response = editor_client.post(
        LIST,
        {
            **form_data(editor_client.get(LIST)),
            "action": "publish_selected",
            "_selected_action": comparison.pk,
        },
        follow=True,
    )  # the list action refuses it, naming the tasks
    text = response.content.decode()
    assert "it would delete rows that other content links to" in text and task.question in text
    task.refresh_from_db()
    assert task.point_id == point_pk
    assert services.draft_of(comparison) is not None


def test_a_stale_form_saved_again_keeps_their_changes_to_inline_rows(editor_client, other_editor):
    comparison = Comparison.objects.get(slug=OLD)
    point = comparison.points.order_by("position").first()
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in mine.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point.pk)
    )
    save_draft(other_editor, comparison, **{f"points-{index}-heading_en": "Alice's heading"})
    mine["title_zh_hans"] = "鲍勃的标题"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    assert "they also changed or added a row below the form" in refused.content.decode()
    response = editor_client.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(comparison):
        assert type(point).objects.get(pk=point.pk).heading_en == "Alice's heading"
        assert Comparison.objects.get(pk=comparison.pk).title_zh_hans == "鲍勃的标题"


def test_after_the_cache_forgets_the_schedule_the_command_applies_and_announces_it(
    editor_client, client
):
    from django.core.cache import cache
    from django.core.management import call_command

    comparison = Comparison.objects.get(slug=OLD)
    when = timezone.now() + timedelta(minutes=2)
    save_draft(
        editor_client, comparison, title_en="Scheduled title", **local_fields("publish_at", when)
    )
    publish_with_button(editor_client, comparison)
    cache.delete(services.DUE_KEY)  # a flushed cache
    call_command("apply_scheduled", verbosity=0)  # nothing due yet: announces it again
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        assert "Scheduled title" in client.get(f"/en/compare/{OLD}/").content.decode()


# --- a scheduled draft that deletes a linked point --------------------------------------------


def point_deleted_in_form(client, comparison, point_pk, **changes):
    """Save the comparison's form with the point ticked for deletion, its links to be cut."""
    url = CHANGE.format(comparison.pk)
    data = form_data(client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point_pk)
    )
    data[f"points-{index}-DELETE"] = "on"
    response = client.post(url, {**data, "points-CUT_LINKS": "yes", **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_scheduled_draft_whose_cut_was_confirmed_applies_with_it_at_its_time(
    editor_client, client
):
    """The confirmation given on the Publish page when scheduling counts at its time: the
    point goes and the tasks' links are cut then, not before; the list action, which asks for
    no confirmation, does not schedule it."""
    from guide.models import Task
    from publishing.models import RevisionKind

    task = linked_task()
    comparison, point_pk = task.point.comparison, task.point_id
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    point_deleted_in_form(editor_client, comparison, point_pk, **local_fields("publish_at", when))
    response = editor_client.post(
        LIST,
        {**form_data(editor_client.get(LIST)), "action": "publish_selected"}
        | {"_selected_action": comparison.pk},
        follow=True,
    )
    assert "confirm that on its Publish page" in response.content.decode()
    assert services.draft_of(comparison).apply_at is None, "not scheduled unconfirmed"
    url = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    page = editor_client.get(url)
    text = page.content.decode()
    assert "scheduled for" in text and "Links that publishing cuts" in text
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert editor_client.post(url, {**data, "confirm_cut": "yes"}).status_code == 302
    assert services.draft_of(comparison).apply_at == when
    assert Task.objects.get(pk=task.pk).point_id == point_pk, "nothing is cut before its time"

    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        assert client.get(f"/en/compare/{comparison.slug}/").status_code == 200
    assert services.draft_of(comparison) is None, "applied at its time"
    assert not comparison.points.filter(pk=point_pk).exists()
    assert Task.objects.get(pk=task.pk).point_id is None, "with the confirmed cut"
    assert RevisionKind.objects.filter(
        revision__version__object_id=str(task.pk), kind=RevisionKind.Kind.LINK_CUT
    ).exists(), "the task's history records the cut"
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert "Not applied" not in listing


def test_a_scheduled_draft_that_would_cut_an_unconfirmed_link_is_kept_and_listed_with_why(
    editor_client, client
):
    """A task linked to the point after the draft deleting it was scheduled: at its time the
    draft is not applied (nothing is cut, nothing lost), and Scheduled changes lists it with
    the reason and the task until an editor confirms on the Publish page."""
    from django.core.management import call_command

    from guide.models import Task
    from tests.factories import make_draft

    task = linked_task()
    point = task.point
    comparison = point.comparison
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    linking = list(Task.objects.filter(point=point).values_list("pk", flat=True))
    Task.objects.filter(pk__in=linking).update(point=None)  # scheduled before they linked

    def change():
        type(point).objects.get(pk=point.pk).delete()
        Comparison.objects.filter(pk=comparison.pk).update(publish_at=when)

    make_draft(comparison, change)
    publish_with_button(editor_client, comparison)
    assert services.draft_of(comparison).apply_at == when
    Task.objects.filter(pk__in=linking).update(point=point.pk)  # linked since

    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        assert client.get(f"/en/compare/{comparison.slug}/").status_code == 200
        call_command("apply_scheduled", verbosity=0)
    assert comparison.points.filter(pk=point.pk).exists(), "not applied"
    assert Task.objects.get(pk=task.pk).point_id == point.pk, "no link cut unconfirmed"
    draft = services.draft_of(comparison)
    assert draft is not None and draft.apply_at is None, "kept, no longer due"
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert "Not applied at its time" in listing and "nobody confirmed" in listing
    assert str(comparison) in listing and task.question in listing
    assert "not applied (see Scheduled changes)" in editor_client.get(LIST).content.decode()

    url = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(minutes=1)):
        page = editor_client.get(url)
        data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
        assert editor_client.post(url, {**data, "confirm_cut": "yes"}).status_code == 302
    assert services.draft_of(comparison) is None, "its time has passed: published at once"
    assert Task.objects.get(pk=task.pk).point_id is None
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert "Not applied" not in listing


def cut_by_a_published_draft(editor_client, task):
    """Publish a draft of the task's comparison that deletes the task's point, the cut
    confirmed: the link is cut from the live task and from its pending draft. Returns the
    comparison's revision from before."""
    from guide.models import Task

    comparison, point_pk = task.point.comparison, task.point_id
    before = services.latest_revision_id(comparison)
    url = CHANGE.format(comparison.pk)
    data = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point_pk)
    )
    data[f"points-{index}-DELETE"] = "on"
    assert editor_client.post(url, {**data, "points-CUT_LINKS": "yes"}).status_code == 302
    from tests.factories import make_draft

    make_draft(task, lambda: Task.objects.filter(pk=task.pk).update(reason_en="Drafted 4741"))
    services.publish(comparison, user=None, cut=True)
    with services.draft_applied(task):
        assert Task.objects.get(pk=task.pk).point_id is None
    return before


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_publishing_a_revert_names_the_links_it_restores_as_recover_does(editor_client, lang):
    """The revert of the comparison, published, puts the link back in the task and in its
    pending draft: the messages name the task, and the draft edited after the cut, as the
    Recover page's do."""
    from guide.models import Task
    from tests.factories import make_draft

    task = linked_task()
    comparison, point_pk = task.point.comparison, task.point_id
    before = cut_by_a_published_draft(editor_client, task)
    # The task's draft saved again after the cut: the link goes back, the later change kept.
    make_draft(task, lambda: Task.objects.filter(pk=task.pk).update(reason_en="After 4741"))
    revert = f"/{lang}/admin/cards/comparison/{comparison.pk}/history/{before}/revert/"
    page = editor_client.get(revert)
    editor_client.post(revert, {"base_revision": page.context["base_revision"]})
    publish = f"/{lang}/admin/cards/comparison/{comparison.pk}/publish/"
    page = editor_client.get(publish)
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    response = editor_client.post(publish, data, follow=True)
    assert Task.objects.get(pk=task.pk).point_id == point_pk
    told = [str(m) for m in response.context["messages"]]
    restored = "已重新接上的链接：" if lang == "zh-hans" else "Links restored: "
    saved_again = "之后所作的更改均保留：" if lang == "zh-hans" else "changes made since are kept: "
    assert any(restored in m and escape(task.question) in m for m in told), told
    assert any(saved_again in m and escape(task.question) in m for m in told), told


def test_reverting_an_unpublished_comparison_names_the_links_it_restores(editor_client):
    """Unpublished, the revert applies at once: its own message names the task it relinks."""
    from guide.models import Task
    from tests.factories import make_comparison

    comparison = make_comparison(points=2, is_published=False)
    point = comparison.points.order_by("pk").last()
    task = linked_task()
    Task.objects.filter(pk=task.pk).update(point=point)
    before = services.record(comparison, user=None).pk
    url = CHANGE.format(comparison.pk)
    data = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point.pk)
    )
    data[f"points-{index}-DELETE"] = "on"
    assert editor_client.post(url, {**data, "points-CUT_LINKS": "yes"}).status_code == 302
    assert Task.objects.get(pk=task.pk).point_id is None
    revert = f"/en/admin/cards/comparison/{comparison.pk}/history/{before}/revert/"
    page = editor_client.get(revert)
    response = editor_client.post(
        revert, {"base_revision": page.context["base_revision"]}, follow=True
    )
    assert Task.objects.get(pk=task.pk).point_id == point.pk
    told = [str(m) for m in response.context["messages"]]
    assert told[0] == "Reverted."
    assert any("Links restored: " in m and escape(task.question) in m for m in told), told
