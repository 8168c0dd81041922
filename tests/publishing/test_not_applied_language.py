"""Why a scheduled change was not applied at its time, in the language of the editor reading it.

A scheduled draft held at its time (it no longer fits the data: a question's quote block left
without its article) keeps why under Scheduled changes. The reason was stored as text in the
language active when it was held, so an editor reading the admin in the other language read it
in the wrong one. It is kept in every language and shown in the reader's; a reason stored as
text before that is still shown as it was stored.
"""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from reversion.models import Version

from legislation.models import Article
from publishing import services
from publishing.models import Draft
from questions.models import Question, QuestionBlock
from tests.contracts.test_admin_rules import client_for
from tests.contracts.test_integrity import drafted
from translations.roles import EDITORS

pytestmark = pytest.mark.django_db

LISTING = "/{}/admin/publishing/scheduledchange/"
REASONS = {"en": "Choose the article to quote.", "zh-hans": "请选择要引用的条文。"}


def held_unfit(held_in):
    """A live question whose scheduled draft (a quote block without its article: older data)
    was held at its time while `held_in` was the active language."""
    question = Question.objects.filter(is_published=True, publish_at__isnull=True).order_by("pk")
    question = question.first()
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)

    article = Article.objects.filter(is_published=True).order_by("pk").first()

    def change(obj):
        QuestionBlock.objects.create(
            question=obj, position=99, type=QuestionBlock.Type.QUOTE, article=article
        )
        Question.objects.filter(pk=obj.pk).update(publish_at=when)

    drafted(question, change)
    services.publish(question, user=None)  # valid when scheduled (an invalid one is refused)
    draft = services.draft_of(question)
    assert draft.apply_at == when, "scheduled"
    # Older data: the stored block has lost its article since (as a data repair might leave it).
    block = ContentType.objects.get_for_model(QuestionBlock)
    version, data = next(
        (version, data)
        for version in draft.revision.version_set.filter(content_type=block)
        for data in [json.loads(version.serialized_data)]
        if data[0]["fields"]["position"] == 99
    )
    data[0]["fields"]["article"] = None
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    with (
        translation.override(held_in),
        mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)),
    ):
        assert services.apply_due() == []
    draft = services.draft_of(question)
    assert draft.not_applied_at == when, "held, not applied"
    return question


@pytest.mark.parametrize("held_in", ["zh-hans", "en"])
@pytest.mark.parametrize("reader", ["en", "zh-hans"])
def test_a_held_drafts_reason_is_shown_in_the_readers_language(seeded, held_in, reader):
    held_unfit(held_in)
    editor = client_for("editor", EDITORS)
    listing = editor.get(LISTING.format(reader)).content.decode()
    other = next(code for code in REASONS if code != reader)
    assert REASONS[reader] in listing
    assert REASONS[other] not in listing


def test_a_reason_stored_as_text_before_is_still_shown(seeded):
    question = held_unfit("en")
    draft = Draft.objects.get(pk=services.draft_of(question).pk)
    draft.not_applied = {**draft.not_applied, "detail": "an older reason, stored as text"}
    draft.save(update_fields=["not_applied"])
    editor = client_for("editor", EDITORS)
    for reader in ("en", "zh-hans"):
        listing = editor.get(LISTING.format(reader)).content.decode()
        assert "an older reason, stored as text" in listing
