"""What an editor (or a forged POST) types into the question admin gets a clear message in
the admin's language on the right field, never a 500, and nothing is saved."""

import pytest

from legislation.models import Article
from questions.models import Question
from tests.cards.test_admin import form_data
from tests.contracts.test_admin_rules import client_for
from translations.roles import EDITORS

ADD = "/en/admin/questions/question/add/"


@pytest.fixture
def editor_client(seeded):
    return client_for("editor", EDITORS)


@pytest.fixture
def article60(seeded):
    return Article.objects.get(law__slug="social-insurance-law", number=60)


def add_data(client, **changes):
    """The add form as a browser posts it, with a question, short answer and slug filled."""
    data = form_data(client.get(ADD))
    data.update(
        {
            "question_zh_hans": "用人单位不缴社会保险费怎么办？",
            "short_answer_zh_hans": "由社会保险费征收机构责令限期缴纳或者补足。",
            "slug": "unpaid-contributions-test",
        }
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response):
    return response.context["errors"] if response.context else None


def block_errors(response, index=0):
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "blocks"
    )
    return formset.formset, formset.formset.forms[index].errors if formset.formset.forms else {}


def test_text_in_a_quotation_block_is_an_error_on_its_text_field_not_a_500(
    editor_client, article60
):
    data = add_data(
        editor_client,
        **{
            "blocks-0-type": "quote",
            "blocks-0-article": str(article60.pk),
            "blocks-0-text_zh_hans": "粘贴的条文",
            "_continue": "1",
        },
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    _formset, errors = block_errors(response)
    assert errors["text_zh_hans"] == ["A quotation shows the article's own text: leave this empty."]
    assert not Question.objects.filter(slug="unpaid-contributions-test").exists()


def test_text_in_a_quotation_block_in_another_language_is_an_error_on_that_field(
    editor_client, article60
):
    data = add_data(
        editor_client,
        **{
            "blocks-0-type": "quote",
            "blocks-0-article": str(article60.pk),
            "blocks-0-text_en": "Pasted article",
        },
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    _formset, errors = block_errors(response)
    assert "text_en" in errors and "text_zh_hans" not in errors


@pytest.mark.parametrize(
    "field",
    ["blocks-0-article", "related_questions", "related_comparisons", "citations-0-article"],
)
def test_a_forged_non_numeric_autocomplete_value_is_an_invalid_choice(editor_client, field):
    changes = {field: "abc"}
    if field.startswith("citations"):
        changes.update({"citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "0"})
    response = editor_client.post(ADD, add_data(editor_client, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page or "“abc” is not a valid value" in page
    assert not Question.objects.filter(slug="unpaid-contributions-test").exists()


def test_a_forged_autocomplete_value_on_the_comparison_admin_is_an_invalid_choice(
    editor_client, comparison
):
    url = f"/en/admin/cards/comparison/{comparison.pk}/change/"
    data = form_data(editor_client.get(url))
    data["citations-0-article"] = "abc"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_forged_autocomplete_value_on_the_article_admin_is_an_invalid_choice(
    editor_client, article60
):
    url = f"/en/admin/legislation/article/{article60.pk}/change/"
    data = form_data(editor_client.get(url))
    data["law"] = "abc"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


HUGE = "99999999999999999999999"  # beyond any integer column (SQLite: OverflowError)


@pytest.mark.parametrize(
    "changes",
    [
        {"blocks-0-type": "quote", "blocks-0-article": HUGE},
        {"related_questions": HUGE},
        {"related_comparisons": HUGE},
        {"citations-0-article": HUGE, "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "0"},
    ],
)
def test_a_forged_huge_id_on_the_question_add_form_is_an_invalid_choice(editor_client, changes):
    response = editor_client.post(ADD, add_data(editor_client, **changes))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Question.objects.filter(slug="unpaid-contributions-test").exists()


def test_a_forged_huge_id_on_a_question_change_form_is_an_invalid_choice(editor_client):
    question = Question.objects.get(slug="check-own-contribution-records")
    url = f"/zh-hans/admin/questions/question/{question.pk}/change/"
    data = form_data(editor_client.get(url))
    data["related_questions"] = HUGE
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


@pytest.mark.parametrize("field", ["citations-0-article", "compared-0-card_type"])
def test_a_forged_huge_id_on_the_comparison_admin_is_an_invalid_choice(
    editor_client, comparison, field
):
    url = f"/en/admin/cards/comparison/{comparison.pk}/change/"
    data = form_data(editor_client.get(url))
    assert field in data, sorted(data)
    data[field] = HUGE
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("block_type", "text", "message"),
    [
        ("points", "\n\n  \n", "Enter at least one point"),
        ("steps", "\n \n", "Enter at least one step"),
        ("table", "A|B|C\n1\n1|2|3|4|5", "Row 2 has 1 cell"),
        ("table", "A|B|C", "at least one row under the heading"),
        (
            "table",
            "\n".join("|".join("x" for _ in range(40)) for _ in range(300)),
            "at most 8 columns",
        ),
        (
            "table",
            "\n".join("a|b" for _ in range(60)),
            "at most 50 rows",
        ),
    ],
)
def test_a_block_that_makes_no_sense_is_refused_with_a_message(
    editor_client, block_type, text, message
):
    data = add_data(editor_client, **{"blocks-0-type": block_type, "blocks-0-text_zh_hans": text})
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    _formset, errors = block_errors(response)
    assert message in " ".join(errors.get("text_zh_hans", [])), errors
    assert not Question.objects.filter(slug="unpaid-contributions-test").exists()


def test_a_block_error_is_in_the_admins_language(editor_client):
    data = form_data(editor_client.get(ADD.replace("/en/", "/zh-hans/")))
    data.update(
        {
            "question_zh_hans": "问题？",
            "short_answer_zh_hans": "回答。",
            "slug": "unpaid-contributions-test",
            "blocks-0-type": "points",
            "blocks-0-text_zh_hans": "\n\n",
        }
    )
    response = editor_client.post(ADD.replace("/en/", "/zh-hans/"), data)
    assert response.status_code == 200
    _formset, errors = block_errors(response)
    assert "至少" in " ".join(errors["text_zh_hans"])


def test_a_sensible_table_is_saved(editor_client):
    data = add_data(
        editor_client,
        **{"blocks-0-type": "table", "blocks-0-text_zh_hans": "险种|单位|个人\n养老|是|是"},
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, errors_of(response)
    assert Question.objects.get(slug="unpaid-contributions-test").blocks.count() == 1


@pytest.mark.parametrize("prefix", ["blocks", "citations"])
def test_a_huge_total_forms_is_refused_quickly_with_a_message(editor_client, prefix):
    """Refused at the bound, not after building 100,000 forms (it took 44 s and answered
    16.8 MB): the answer shows no more forms than the bound. Its time is not asserted here
    (a loaded CI machine); the size says how much was built."""
    data = add_data(editor_client, **{f"{prefix}-TOTAL_FORMS": "100000"})
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert len(response.content) < 2_000_000
    assert "Please submit at most" in response.content.decode()
    assert not Question.objects.filter(slug="unpaid-contributions-test").exists()


def test_a_huge_total_forms_on_the_comparison_points_is_refused(editor_client, comparison):
    url = f"/en/admin/cards/comparison/{comparison.pk}/change/"
    data = form_data(editor_client.get(url))
    data["points-TOTAL_FORMS"] = "100000"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert len(response.content) < 2_000_000
    assert "Please submit at most" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "slug_source"),
    [
        (ADD, "question_zh_hans"),
        ("/en/admin/cards/comparison/add/", "title_zh_hans"),
        ("/en/admin/guide/task/add/", "question_zh_hans"),
        ("/en/admin/questions/topic/add/", "name_zh_hans"),
    ],
)
def test_an_upper_case_slug_is_stored_lower_case_and_its_page_answers(
    editor_client, url, slug_source
):
    data = form_data(editor_client.get(url))
    data["slug"] = "UPPER-Case"
    response = editor_client.post(url, data)
    # Whatever else the form refuses, the slug is never refused nor kept in capitals.
    form = response.context["adminform"].form if response.context else None
    if form is not None:
        assert "slug" not in form.errors
        assert form.cleaned_data.get("slug") == "upper-case"


def test_a_question_saved_with_an_upper_case_slug_is_at_its_lower_case_address(editor_client):
    response = editor_client.post(ADD, add_data(editor_client, slug="UPPER-Case"))
    assert response.status_code == 302, errors_of(response)
    question = Question.objects.get(slug="upper-case")
    editor_client.get(f"/en/admin/questions/question/{question.pk}/publish/")
    assert editor_client.get("/en/questions/upper-case/").status_code == 200  # staff preview


def test_every_seed_block_keeps_the_rules(seeded):
    from questions.models import QuestionBlock

    for block in QuestionBlock.objects.select_related("article"):
        block.full_clean()
