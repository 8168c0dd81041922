"""Recovering a deleted live object that had a scheduled change: the published version comes
back public at once, and the scheduled change is kept pending (listed in Scheduled changes), as
it was before the delete."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from publishing import services
from questions.models import Question
from tests.factories import make_draft
from tests.translations.conftest import make_user
from translations.roles import EDITORS


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def test_recovering_a_live_object_with_a_scheduled_change_keeps_it_public(editor_client, client):
    referred = Question.related_questions.through.objects.values("to_question_id")
    question = (
        Question.objects.published()
        .filter(publish_at__isnull=True)
        .exclude(pk__in=referred)
        .first()
    )
    pk, live_text, slug = question.pk, question.question_en, question.slug
    assert client.get(f"/en/questions/{slug}/").status_code == 200
    when = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)

    def change():
        Question.objects.filter(pk=question.pk).update(
            question_en="LATER question", publish_at=when
        )

    make_draft(question, change)
    services.publish(question, user=None)  # scheduled: the live version stays
    assert services.draft_of(question).apply_at == when

    question.delete()
    response = editor_client.post(f"/en/admin/questions/question/recover/{pk}/")
    assert response.status_code == 302
    recovered = Question.objects.get(pk=pk)
    assert recovered.question_en == live_text  # the published version, not the draft's
    assert recovered.publish_at is None
    assert client.get(f"/en/questions/{slug}/").status_code == 200
    assert client.get(f"/api/v1/questions/{slug}/").status_code == 200
    draft = services.draft_of(recovered)
    assert draft is not None and draft.apply_at == when  # still pending, at its time
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert str(recovered) in listing
    shown = editor_client.get(response["Location"]).content.decode()
    assert "scheduled for" in shown


def test_a_recovered_scheduled_draft_applies_at_its_time_with_the_cut_its_editor_confirmed(
    editor_client, client
):
    """A scheduled change that deletes a comparison point a guide task links to, its cut
    confirmed on the Publish page; the comparison deleted (and repaired) and recovered: at its
    time the change applies, cutting the link as confirmed, not held as "not applied"."""
    from unittest import mock

    from cards.models import ComparisonPoint
    from guide.models import Task

    task = Task.objects.published().filter(point__isnull=False).order_by("pk").first()
    point = task.point
    comparison = point.comparison
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    linking = list(Task.objects.filter(point=point).values_list("pk", flat=True))

    def change():
        Task.objects.filter(pk__in=linking).update(point=None)  # the draft alone, not the task
        ComparisonPoint.objects.filter(pk=point.pk).delete()
        type(comparison).objects.filter(pk=comparison.pk).update(publish_at=when)

    make_draft(comparison, change)
    base = f"/en/admin/cards/comparison/{comparison.pk}/"
    page = editor_client.get(f"{base}publish/")
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    editor_client.post(f"{base}publish/", {**data, "confirm_cut": "yes"})
    confirmed = services.draft_of(comparison).cut_confirmed
    assert services.draft_of(comparison).apply_at == when and confirmed

    editor_client.post(f"{base}delete/repair/", {"confirm": "yes"})
    assert not type(comparison)._base_manager.filter(pk=comparison.pk).exists()
    response = editor_client.post(f"/en/admin/cards/comparison/recover/{comparison.pk}/")
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).point_id == point.pk, "recovering restored the link"
    draft = services.draft_of(comparison)
    assert draft.apply_at == when and draft.cut_confirmed == confirmed

    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        services.apply_due()
    assert services.draft_of(comparison) is None, "applied at its time"
    assert not ComparisonPoint.objects.filter(pk=point.pk).exists()
    assert Task.objects.get(pk=task.pk).point_id is None, "with the cut its editor confirmed"
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert "Not applied" not in listing


def schedule_a_cut_then_delete(editor_client, before_delete=None):
    """A live comparison with a draft scheduled 75 s ahead that deletes a point a guide task
    links to, its cut confirmed on the Publish page; then the comparison deleted and repaired.
    Returns (comparison, the point, the task, the time, the confirmed cut)."""
    from cards.models import ComparisonPoint
    from guide.models import Task

    task = Task.objects.published().filter(point__isnull=False).order_by("pk").first()
    point = task.point
    comparison = point.comparison
    when = (timezone.now() + timedelta(seconds=75)).replace(microsecond=0)
    linking = list(Task.objects.filter(point=point).values_list("pk", flat=True))

    def change():
        Task.objects.filter(pk__in=linking).update(point=None)
        ComparisonPoint.objects.filter(pk=point.pk).delete()
        type(comparison).objects.filter(pk=comparison.pk).update(publish_at=when)

    make_draft(comparison, change)
    base = f"/en/admin/cards/comparison/{comparison.pk}/"
    page = editor_client.get(f"{base}publish/")
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    editor_client.post(f"{base}publish/", {**data, "confirm_cut": "yes"})
    draft = services.draft_of(comparison)
    assert draft.apply_at == when and draft.cut_confirmed
    confirmed = draft.cut_confirmed
    if before_delete is not None:
        before_delete(point)
    editor_client.post(f"{base}delete/repair/", {"confirm": "yes"})
    assert not type(comparison)._base_manager.filter(pk=comparison.pk).exists()
    return comparison, point, task, when, confirmed


def test_a_draft_recovered_after_its_time_is_due_and_apply_due_applies_it(editor_client):
    """Recovered after its time passed, a scheduled draft is due at that time (not a plain
    draft nobody sees scheduled): apply_due applies it, with the cut its editor confirmed."""
    from unittest import mock

    from cards.models import ComparisonPoint
    from guide.models import Task
    from publishing import repair

    comparison, point, task, when, confirmed = schedule_a_cut_then_delete(editor_client)
    later = when + timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        repair.recover(type(comparison), comparison.pk, user=None)
        draft = services.draft_of(comparison)
        assert draft.apply_at == when and draft.cut_confirmed == confirmed
        assert services.apply_due() == [comparison]
    assert services.draft_of(comparison) is None
    assert not ComparisonPoint.objects.filter(pk=point.pk).exists()
    assert Task.objects.get(pk=task.pk).point_id is None, "with the cut its editor confirmed"
    assert type(comparison).objects.get(pk=comparison.pk).publish_at == when


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "its scheduled changes were due at"),
        ("zh-hans", "定时修改在删除期间已到时间"),
    ],
)
def test_recovering_after_the_scheduled_time_applies_the_changes_and_says_so(
    editor_client, lang, said
):
    """What the acceptance tester met: Recover after the time said the changes were kept as a
    draft to publish, dropped the schedule, and the changes never applied."""
    from unittest import mock

    from bs4 import BeautifulSoup

    from cards.models import ComparisonPoint
    from guide.models import Task

    comparison, point, task, when, _confirmed = schedule_a_cut_then_delete(editor_client)
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=5)):
        response = editor_client.post(
            f"/{lang}/admin/cards/comparison/recover/{comparison.pk}/", follow=True
        )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = " ".join(li.get_text(" ", strip=True) for li in soup.select("ul.messagelist li"))
    assert said in shown
    assert "kept as a draft" not in shown and "保留为草稿" not in shown
    assert services.draft_of(comparison) is None, "applied"
    assert not ComparisonPoint.objects.filter(pk=point.pk).exists()
    assert Task.objects.get(pk=task.pk).point_id is None
    assert type(comparison).objects.get(pk=comparison.pk).publish_at == when


def test_a_draft_recovered_after_its_time_that_no_longer_fits_is_listed_and_said(editor_client):
    """Another task was linked to the point after the change was scheduled: applying it would
    cut a link nobody confirmed. Recovered after its time, it is not applied; the editor is
    told so and why, and it is listed under Scheduled changes."""
    from unittest import mock

    from cards.models import ComparisonPoint
    from guide.models import Task

    def link_another_task(point):
        other = Task.objects.published().exclude(point=point).order_by("pk").first()
        Task.objects.filter(pk=other.pk).update(point=point)

    comparison, point, _task, when, _confirmed = schedule_a_cut_then_delete(
        editor_client, before_delete=link_another_task
    )
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=5)):
        response = editor_client.post(
            f"/en/admin/cards/comparison/recover/{comparison.pk}/", follow=True
        )
    shown = response.content.decode()
    assert "its scheduled changes were due at" in shown
    assert "kept as a draft, listed in Scheduled changes" in shown
    assert "publishing it would cut links that nobody confirmed" in shown
    draft = services.draft_of(comparison)
    assert draft is not None and draft.not_applied_at == when
    assert ComparisonPoint.objects.filter(pk=point.pk).exists(), "nothing was changed"
    listing = editor_client.get("/en/admin/publishing/scheduledchange/").content.decode()
    assert str(comparison) in listing and "Not applied at its time" in listing
