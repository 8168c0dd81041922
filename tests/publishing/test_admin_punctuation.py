"""The admin pages our code renders punctuate a label as the page's language does: "Name
(English): missing" in English, 「名称（英语）：缺失」 in Chinese (a full-width colon, no
space after it), never an ASCII colon in Chinese (acceptance round FE)."""

import re
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import strip_tags

from cards.models import CardType
from publishing import services
from publishing.admin import published_message, status_label
from publishing.versioning import revisions_of
from questions.models import Question
from tests.contracts.test_integrity import drafted, unused_article
from tests.publishing.test_list_messages import drafted_in_chinese
from tests.questions.test_quote_article_deleted import quoting
from tests.translations.conftest import make_user
from translations.roles import EDITORS


@pytest.fixture
def editor(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def text_of(html, css_class):
    """The visible text of the element with `css_class`, its whitespace collapsed as shown."""
    start = html.index(">", html.index(f'class="{css_class}"')) + 1
    return re.sub(r"\s+", " ", strip_tags(html[start : html.index("</div>", start)]))


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Name (English): out of date (the source text changed"),
        ("zh-hans", "名称（英语）：已过时"),
    ],
)
def test_the_publish_page_lists_translations_to_check_with_the_languages_colon(
    editor, language, said
):
    card = CardType.objects.published().order_by("pk").first()
    drafted_in_chinese(editor, card)
    page = editor.get(f"/{language}/admin/cards/cardtype/{card.pk}/publish/").content.decode()
    gaps = text_of(page, "publishing-gaps")
    assert said in gaps, gaps
    if language == "zh-hans":
        assert ":" not in gaps and "： " not in gaps, gaps


@pytest.mark.parametrize(
    ("language", "added"), [("en", "Republic of China (added)"), ("zh-hans", "（新增）")]
)
def test_the_compare_page_brackets_an_added_row_as_the_language_does(editor, language, added):
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, quoting(unused_article(question)))
    url = f"/{language}/admin/questions/question/{question.pk}/history/compare/?a=live&b=draft"
    page = editor.get(url).content.decode()
    heading = re.sub(r"\s+", " ", strip_tags(page.split('publishing-change--added">')[1]))
    assert added in heading[:200], heading[:200]
    if language == "zh-hans":
        assert "(" not in heading[:200], heading[:200]


@pytest.mark.parametrize(
    ("language", "reverted"), [("en", "Draft saved (revert to "), ("zh-hans", "已保存草稿（恢复到")]
)
def test_the_history_brackets_a_reverts_date_as_the_language_does(editor, language, reverted):
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    before = revisions_of(question).first()
    drafted(question, quoting(unused_article(question)))
    services.publish(question, user=None)
    services.revert(question, before, user=None)
    page = editor.get(f"/{language}/admin/questions/question/{question.pk}/history/")
    text = re.sub(r"\s+", " ", strip_tags(page.content.decode()))
    assert reverted in text, text
    if language == "zh-hans":
        row = text[text.index(reverted) :][:60]
        assert "(" not in row and ")" not in row, row


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "changes scheduled for 6 December 2026, 18:51. Until then"),
        ("zh-hans", "修改定于2026年12月6日 18:51生效。"),
    ],
)
def test_a_scheduled_change_runs_its_time_into_the_sentence_as_the_language_does(
    seeded, language, said
):
    """No space around the time in Chinese; the one inside it is the date format's own."""
    card = CardType.objects.published().order_by("pk").first()
    when = timezone.make_aware(datetime(2026, 12, 6, 18, 51))
    with translation.override(language):
        message = published_message(card, when)
        status = status_label(card, True, when)
    assert said in message, message
    if language == "zh-hans":
        assert status.endswith("修改定于2026年12月6日 18:51生效"), status
