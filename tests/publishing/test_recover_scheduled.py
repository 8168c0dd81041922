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
