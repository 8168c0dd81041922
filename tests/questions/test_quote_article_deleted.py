"""A quoted article and the drafts that quote it (issue 13, acceptance round F1).

"Delete and repair" on an article a question's draft quoted left the draft with a quote block
naming no article; the draft was published ("Published.") and the question's page answered 500
in both languages. A quote block is invalid without its article, though its column is
nullable: the link is not cuttable (live rows and drafts alike), a draft whose rows fail their
own validation is not published, and a stored block without its article (older data) never
gives visitors a 500.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from legislation.models import Article
from publishing import services
from publishing.services import draft_of
from questions.models import Question, QuestionBlock
from tests.cards.test_admin import form_data
from tests.contracts.test_admin_rules import change_url, client_for
from tests.contracts.test_integrity import drafted, unused_article
from translations.roles import EDITORS

pytestmark = pytest.mark.django_db


def quoting(article):
    def change(question):
        QuestionBlock.objects.create(
            question=question, position=99, type=QuestionBlock.Type.QUOTE, article=article
        )

    return change


def test_an_article_a_pending_drafts_quote_names_is_not_deleted_even_by_repair(seeded):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    article = unused_article(question)
    drafted(question, quoting(article))
    url = f"/en/admin/legislation/article/{article.pk}/delete/"
    page = editor.get(url).content.decode()
    assert "pending drafts link to it" in page and escape(str(question)) in page
    assert f"{url}repair/" not in page, "a quote block is invalid without its article"
    editor.post(f"{url}repair/", {"confirm": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()
    assert editor.get(change_url(question)).status_code == 200, "the draft still opens"


def test_a_live_quote_block_refuses_deleting_its_article_even_by_repair(seeded):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    article = unused_article(question)
    quoting(article)(question)
    url = f"/en/admin/legislation/article/{article.pk}/delete/"
    assert f"{url}repair/" not in editor.get(url).content.decode()
    editor.post(f"{url}repair/", {"confirm": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Choose the article to quote."), ("zh-hans", "请选择要引用的条文。")],
)
def test_a_draft_with_a_quote_block_without_its_article_is_not_published(seeded, language, words):
    """Older data: such a draft was stored before the cut was refused."""
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    blocks = list(question.blocks.values_list("pk", flat=True))
    drafted(question, quoting(None))
    url = f"/{language}/admin/questions/question/{question.pk}/publish/"
    page = editor.get(url)
    assert page.status_code == 200
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    response = editor.post(url, data)
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert words in told, told
    assert "Published." not in told and "已发布" not in told
    assert draft_of(question) is not None, "the draft is kept"
    assert list(question.blocks.values_list("pk", flat=True)) == blocks, "nothing applied"


def test_a_stored_quote_block_without_its_article_gives_no_500(seeded, client):
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    QuestionBlock.objects.create(question=question, position=99, type=QuestionBlock.Type.QUOTE)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            page = question.get_absolute_url()
            embed = reverse("embed:question", args=[question.slug])
        assert client.get(page).status_code == 200, page
        assert client.get(embed).status_code == 200, embed
    api = client.get(f"/api/v1/questions/{question.slug}/")
    assert api.status_code == 200
    assert all(block["type"] != "quote" or block["quotation"] for block in api.json()["blocks"])


@pytest.mark.parametrize(
    ("language", "words", "refusal", "confirm"),
    [
        ("en", "Choose the article to quote.", "This draft cannot be published", "Confirm"),
        ("zh-hans", "请选择要引用的条文。", "此草稿无法发布", "确认"),
    ],
)
def test_the_publish_page_says_up_front_that_an_invalid_draft_cannot_be_published(
    seeded, language, words, refusal, confirm
):
    """Before Confirm: the page says the draft cannot be published and why (the reason
    Confirm would give), offers to edit or discard the draft, and offers no Confirm."""
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    blocks = list(question.blocks.values_list("pk", flat=True))
    drafted(question, quoting(None))
    base = f"/{language}/admin/questions/question/{question.pk}/"
    page = editor.get(f"{base}publish/")
    assert page.status_code == 200
    html = page.content.decode()
    assert refusal in html and words in html, html
    assert f'href="{base}change/"' in html, "editing the draft is offered"
    assert f'href="{base}discard/"' in html, "discarding it is offered"
    assert f'value="{confirm}"' not in html, "nothing to confirm"
    assert (
        draft_of(question) is not None
        and list(question.blocks.values_list("pk", flat=True)) == blocks
    ), "the page wrote nothing"


def test_the_publish_page_of_a_valid_draft_shows_no_refusal(seeded):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, quoting(unused_article(question)))
    html = editor.get(f"/en/admin/questions/question/{question.pk}/publish/").content.decode()
    assert "This draft cannot be published" not in html and 'value="Confirm"' in html


@pytest.mark.parametrize(
    ("language", "words", "refusal"),
    [
        ("en", "Choose the article to quote.", "This draft cannot be published"),
        ("zh-hans", "请选择要引用的条文。", "此草稿无法发布"),
    ],
)
def test_the_change_forms_banner_says_an_invalid_draft_cannot_be_published(
    seeded, language, words, refusal
):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, quoting(None))
    html = editor.get(f"/{language}/admin/questions/question/{question.pk}/change/").content
    html = html.decode()
    banner = html.split('class="publishing-status"')[1].split("<fieldset")[0]
    assert refusal in banner and words in banner, banner
    valid = Question.objects.filter(is_published=True).exclude(pk=question.pk).order_by("pk")
    url = f"/{language}/admin/questions/question/{valid.first().pk}/change/"
    assert refusal not in editor.get(url).content.decode()


def invalid_scheduled_draft(question):
    """A draft with a quote block without its article (older data), to apply in an hour."""
    when = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)

    def change(q):
        quoting(None)(q)
        Question.objects.filter(pk=q.pk).update(publish_at=when)

    drafted(question, change)
    assert services.scheduled_time(question, draft_of(question)) == when


def test_scheduling_an_invalid_draft_is_refused_as_publishing_it_now_is(seeded):
    """services.publish with a publication time ahead: refused at once (DraftDoesNotFit, the
    reason in the editor's language), not accepted and held at its time."""
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    invalid_scheduled_draft(question)
    for language, words in (
        ("en", "Choose the article to quote."),
        ("zh-hans", "请选择要引用的条文。"),
    ):
        with translation.override(language), pytest.raises(services.DraftDoesNotFit) as error:
            services.publish(question, user=None)
        assert words in error.value.reason
    draft = draft_of(question)
    assert draft.apply_at is None, "not scheduled"
    assert not services.drafts_due(now=timezone.now() + timedelta(days=1))


@pytest.mark.parametrize(
    ("language", "words", "scheduled"),
    [
        ("en", "Choose the article to quote.", "changes scheduled for"),
        ("zh-hans", "请选择要引用的条文。", "修改定于"),
    ],
)
def test_the_publish_selected_action_refuses_to_schedule_an_invalid_draft(
    seeded, language, words, scheduled
):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    invalid_scheduled_draft(question)
    listing = f"/{language}/admin/questions/question/"
    data = {
        **form_data(editor.get(listing)),
        "action": "publish_selected",
        "_selected_action": [question.pk],
    }
    response = editor.post(listing, data, follow=True)
    told = " ".join(str(m) for m in response.context["messages"])
    assert words in told, told
    assert scheduled not in told, told
    assert draft_of(question).apply_at is None, "not scheduled"
