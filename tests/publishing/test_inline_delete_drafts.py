"""An inline row deleted inside its parent's form (a comparison's point) that only a pending
draft links to (a guide task's draft pointing at it) is checked as a live link is: refused,
naming the draft's object, unless the editor confirms the cut; the Publish page names it;
publishing cuts the link in that draft, which still opens (issue 13, acceptance round 3).
A stored draft that no longer fits the data says so once on its object's change page."""

import pytest
from django.test import Client

from cards.models import ComparisonPoint
from guide.models import Task
from publishing import services
from publishing.versioning import versions_of
from tests.cards.test_admin import form_data
from tests.factories import make_draft
from tests.translations.conftest import make_user
from translations.roles import EDITORS

CHANGE = "/en/admin/cards/comparison/{}/change/"
TASK_CHANGE = "/en/admin/guide/task/{}/change/"


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def unlinked_point_and_task():
    """A live point no live task links to, and a live task (its draft is to link to it)."""
    linked = Task.objects.filter(point__isnull=False).values("point")
    point = ComparisonPoint.objects.exclude(pk__in=linked).order_by("pk").first()
    task = next(t for t in Task.objects.order_by("pk") if t.is_published)
    assert point is not None, "the seed has a point no task links to"
    return point, task


def draft_linking(task, point):
    def link():
        task.point = point
        task.save()

    make_draft(task, link)


def ticked(client, point):
    url = CHANGE.format(point.comparison_id)
    data = form_data(client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point.pk)
    )
    data[f"points-{index}-DELETE"] = "on"
    return url, data


def drafted_point(task):
    draft = services.draft_of(task)
    return next(
        v.field_dict["point_id"]
        for v in versions_of(draft.revision).values()
        if v.object_id == str(task.pk) and v.content_type.model_class() is Task
    )


def test_a_point_only_a_pending_draft_links_to_is_refused_in_the_comparison_form(
    editor_client,
):
    point, task = unlinked_point_and_task()
    draft_linking(task, point)
    url, data = ticked(editor_client, point)
    response = editor_client.post(url, data)
    assert response.status_code == 200, "refused: the form is shown again"
    text = response.content.decode()
    assert "These pending drafts link to it" in text and task.question in text
    assert 'name="points-CUT_LINKS"' in text, "the link can be cut: the cut is offered"
    assert services.draft_of(point.comparison) is None, "nothing saved"


def test_a_point_a_pending_draft_links_to_deleted_with_the_cut_confirmed_cuts_it_in_the_draft(
    editor_client,
):
    point, task = unlinked_point_and_task()
    comparison = point.comparison
    draft_linking(task, point)
    url, data = ticked(editor_client, point)
    response = editor_client.post(url, {**data, "points-CUT_LINKS": "yes"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert drafted_point(task) == point.pk, "the task's draft keeps its link until publishing"

    publish_url = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    page = editor_client.get(publish_url)
    text = page.content.decode()
    assert "Links that publishing cuts" in text and task.question in text
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    unconfirmed = editor_client.post(publish_url, data)
    assert unconfirmed.status_code == 200 and "Tick the box" in unconfirmed.content.decode()
    assert editor_client.post(publish_url, {**data, "confirm_cut": "yes"}).status_code == 302
    assert not ComparisonPoint.objects.filter(pk=point.pk).exists()

    assert drafted_point(task) is None, "the link is cut in the task's draft"
    assert editor_client.get(TASK_CHANGE.format(task.pk)).status_code == 200, "it opens"
    assert editor_client.get(f"/en/admin/guide/task/{task.pk}/publish/").status_code == 200


def stranded(task):
    """Older data: a task's draft left linking to a point deleted without the check."""
    point, _task = unlinked_point_and_task()
    draft_linking(task, point)
    ComparisonPoint.objects.filter(pk=point.pk).delete()  # no live link: not guarded


@pytest.mark.parametrize("page", ["change", "publish"])
def test_a_stranded_draft_is_named_once_with_discarding_it_offered(editor_client, page):
    _point, task = unlinked_point_and_task()
    stranded(task)
    response = editor_client.get(f"/en/admin/guide/task/{task.pk}/{page}/", follow=True)
    text = response.content.decode()
    assert text.count("no longer fits the current data") == 1, "said once"
    discard = f"/en/admin/guide/task/{task.pk}/discard/"
    assert f'action="{discard}"' in text, "discarding it is offered"
    # Said on the page itself: a second request does not say it twice.
    again = editor_client.get(f"/en/admin/guide/task/{task.pk}/{page}/", follow=True)
    assert again.content.decode().count("no longer fits the current data") == 1
    data = {"base_revision": response.context["base_revision"]}
    assert editor_client.post(discard, data).status_code == 302
    assert services.draft_of(task) is None
    assert editor_client.get(TASK_CHANGE.format(task.pk)).status_code == 200


def test_a_stranded_draft_is_named_in_the_editors_language(editor_client):
    _point, task = unlinked_point_and_task()
    stranded(task)
    text = editor_client.get(f"/zh-hans/admin/guide/task/{task.pk}/change/").content.decode()
    assert text.count("保存的版本与当前数据不再相符") == 1
    assert "放弃草稿" in text and "no longer fits" not in text


def test_the_publish_action_refuses_a_draft_deleting_a_point_a_pending_draft_links_to(
    editor_client,
):
    """Unconfirmed (the list's action, as a scheduled draft at its time): refused, naming the
    task, as for a live link; the task's draft keeps its link and opens."""
    point, task = unlinked_point_and_task()
    comparison = point.comparison
    make_draft(comparison, ComparisonPoint.objects.get(pk=point.pk).delete)
    draft_linking(task, point)
    listing = "/en/admin/cards/comparison/"
    data = {
        **form_data(editor_client.get(listing)),
        "action": "publish_selected",
        "_selected_action": comparison.pk,
    }
    response = editor_client.post(listing, data, follow=True)
    text = response.content.decode()
    assert "it would delete rows that other content links to" in text and task.question in text
    assert ComparisonPoint.objects.filter(pk=point.pk).exists()
    assert drafted_point(task) == point.pk
    assert editor_client.get(TASK_CHANGE.format(task.pk)).status_code == 200
