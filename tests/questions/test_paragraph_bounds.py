"""A paragraph (款) is numbered from 1: 0 is refused in the editor's language, the form says
so (min="1"), and a stored number out of range (written before the rule, or by hand in the
database) never takes a page down: it is shown as the whole article."""

import re

import pytest

from legislation.models import Article
from questions.models import Question, QuestionBlock, QuestionLegalBasis
from tests.cards.test_admin import form_data
from tests.contracts.test_admin_rules import client_for
from translations.roles import EDITORS

SLUG = "check-own-contribution-records"


@pytest.fixture
def editor_client(seeded):
    return client_for("editor", EDITORS)


def change_url(lang, question):
    return f"/{lang}/admin/questions/question/{question.pk}/change/"


def formset_errors(response, prefix):
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix
    )
    return [form.errors for form in formset.forms]


@pytest.mark.parametrize(
    ("lang", "message"), [("en", "greater than or equal to 1"), ("zh-hans", "大于或等于1")]
)
@pytest.mark.parametrize("prefix", ["citations", "blocks"])
def test_paragraph_zero_is_refused_in_the_editors_language(editor_client, lang, message, prefix):
    question = Question.objects.get(slug=SLUG)
    url = change_url(lang, question)
    data = form_data(editor_client.get(url))
    row = f"{prefix}-0"
    if prefix == "blocks":
        row = next(f"blocks-{i}" for i in range(10) if data.get(f"blocks-{i}-type") == "quote")
    assert data.get(f"{row}-article"), f"the seed question has a {prefix} row with an article"
    data[f"{row}-paragraph"] = "0"
    before = list(
        (QuestionLegalBasis if prefix == "citations" else QuestionBlock)
        .objects.filter(question=question)
        .values_list("paragraph", flat=True)
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = " ".join(" ".join(e.get("paragraph", [])) for e in formset_errors(response, prefix))
    assert message in errors
    after = list(
        (QuestionLegalBasis if prefix == "citations" else QuestionBlock)
        .objects.filter(question=question)
        .values_list("paragraph", flat=True)
    )
    assert after == before and 0 not in after


def test_the_paragraph_inputs_say_the_first_is_1(editor_client):
    page = editor_client.get(change_url("en", Question.objects.get(slug=SLUG))).content.decode()
    inputs = re.findall(r'<input[^>]*name="(?:citations|blocks)-\d+-paragraph"[^>]*>', page)
    assert inputs and all('min="1"' in tag for tag in inputs), inputs


@pytest.mark.parametrize("stored", [0, 10000])
def test_a_stored_out_of_range_paragraph_is_shown_as_the_whole_article(client, seeded, stored):
    question = Question.objects.get(slug=SLUG)
    QuestionLegalBasis.objects.filter(question=question).update(paragraph=stored)
    QuestionBlock.objects.filter(question=question, type="quote").update(paragraph=stored)
    article = Article.objects.get(law__slug="social-insurance-law", number=74)
    for lang, label in (
        ("en", "Article 74 "),
        ("zh-hans", "第七十四条"),
        ("zh-hant", "第七十四條"),
    ):
        for url in (f"/{lang}/questions/{SLUG}/", f"/{lang}/embed/questions/{SLUG}/"):
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert label in page and f"#article-74-{stored}" not in page
        data = client.get(f"/api/v1/questions/{SLUG}/", {"lang": lang})
        assert data.status_code == 200
        cited = [c for c in data.json()["legal_basis"] if c["article"]["number"] == 74]
        assert cited and cited[0]["paragraph"] is None
        assert cited[0]["html_url"].endswith(article.get_absolute_url().split("/", 2)[-1])
