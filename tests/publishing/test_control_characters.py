"""Control characters (ESC, NUL, …) and the line/paragraph separators U+2028/U+2029 are never
editors' text: the admin refuses them in every text field of every kind and inline row, with a
message saying which; every other write (a PO import, a seed, a script) stores the text
cleaned; the Atom feed strips what XML 1.0 forbids should some reach it anyway."""

import polib
import pytest
from django.core.management import CommandError, call_command

from publishing import registry
from publishing.text import CONTROL_RE, normalise_text
from questions.models import Question, QuestionBlock
from tests.cards.test_admin import form_data
from tests.publishing.test_text import text_columns

DIRTY = "第一\x1b行\u2028第二\x00行"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x1bb", "ab"),
        ("a\x00\x07\x7f\x85b", "ab"),
        ("line\u2028next\u2029para", "line\nnext\npara"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_normalise_text_drops_control_characters(value, expected):
    assert normalise_text(value) == expected


def test_every_text_field_of_every_kind_is_stored_without_control_characters(seeded):
    for model in registry.content_models():
        columns = text_columns(model)
        obj = model.objects.first()
        if not columns or obj is None:
            continue
        for column in columns:
            setattr(obj, column, DIRTY)
        obj.save()
        stored = model.objects.filter(pk=obj.pk).values(*columns).get()
        for value in stored.values():
            # A one-line field (a search term) may join lines or space out what it dropped.
            assert not CONTROL_RE.search(value), (model, value)
            assert "".join(value.split()) == "第一行第二行", (model, value)


def question_page(admin_client):
    question = Question.objects.get(slug="check-own-contribution-records")
    url = f"/en/admin/questions/question/{question.pk}/change/"
    return question, url, form_data(admin_client.get(url))


@pytest.mark.parametrize("char", ["\x1b", "\u2028"])
def test_the_admin_refuses_a_control_character_in_a_question(admin_client, seeded, char):
    question, url, data = question_page(admin_client)
    data["question_zh_hans"] = f"能否查询{char}本人缴费记录？"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    code = f"U+{ord(char):04X}"
    assert code in response.content.decode()
    assert "\x1b" not in str(Question.objects.get(pk=question.pk).question_zh_hans)


def test_the_admin_refuses_a_control_character_in_an_answer_block(admin_client, seeded):
    question, url, data = question_page(admin_client)
    block = next(
        k for k, v in data.items() if k.startswith("blocks-") and k.endswith("text_zh_hans") and v
    )
    data[block] = data[block] + "\x1b"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    assert not QuestionBlock.objects.filter(text_zh_hans__contains="\x1b").exists()


def test_a_po_import_refuses_a_control_character(seeded, tmp_path):
    path = tmp_path / "out.po"
    call_command("export_translations", "--language", "en", "-o", str(path))
    catalogue = polib.pofile(str(path))
    question = Question.objects.get(slug="check-own-contribution-records")
    entry = catalogue.find(f"questions.question:{question.pk}:question", by="msgctxt")
    entry.msgstr = "Can I check\x1b my record?"
    catalogue.save(str(path))
    with pytest.raises(CommandError) as refused:
        call_command("import_translations", str(path))
    assert "U+001B" in str(refused.value)


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_the_feed_never_fails_on_a_control_character(client, seeded, lang):
    # Written past every check (QuerySet.update sends no signal), as old rows may be.
    Question.objects.filter(slug="check-own-contribution-records").update(
        question_zh_hans="能否\x1b查询\u2028本人缴费记录？", short_answer_zh_hans="可以\x1b。"
    )
    response = client.get(f"/{lang}/feed.atom")
    assert response.status_code == 200
    assert b"\x1b" not in response.content


def test_every_admin_form_of_content_cleans_its_text_fields(rf, admin_user):
    """Every change form and inline row of a content kind uses the plain-text field (which
    refuses control characters) for every text field it shows."""
    from django.contrib import admin

    from publishing.text import PlainTextField, is_plain_text

    request = rf.get("/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not registry.is_content(model):
            continue
        forms = [(model, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            forms.append((inline.model, inline.get_formset(request).form))
        for form_model, form in forms:
            for name, field in form.base_fields.items():
                try:
                    db_field = form_model._meta.get_field(name)
                except Exception:
                    continue
                if is_plain_text(db_field) and not getattr(field, "disabled", False):
                    assert isinstance(field, PlainTextField), (form_model, name)
                    checked += 1
    assert checked > 20
