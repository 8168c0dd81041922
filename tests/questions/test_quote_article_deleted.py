"""A quoted article and the drafts that quote it (issue 13, acceptance round F1).

"Delete and repair" on an article a question's draft quoted left the draft with a quote block
naming no article; the draft was published ("Published.") and the question's page answered 500
in both languages. A quote block is invalid without its article, though its column is
nullable: the link is not cuttable (live rows and drafts alike), a draft whose rows fail their
own validation is not published, and a stored block without its article (older data) never
gives visitors a 500.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from legislation.models import Article
from publishing.services import draft_of
from questions.models import Question, QuestionBlock
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
