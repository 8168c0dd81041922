"""Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
U+FFFF … U+10FFFF) are reserved for programs' internal use: never editors' text. The admin
refuses them as it refuses control characters, naming the code point; every other save stores
the text without them, so neither the page nor the API serves one (the feed already dropped
them)."""

import pytest

from cards.models import CardType
from publishing import registry
from publishing.text import NONCHARACTER_RE, PlainTextField, noncharacters, normalise_text
from questions.models import Question
from tests.cards.test_admin import form_data
from tests.publishing.test_text import text_columns

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("char", NONCHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_normalise_text_drops_noncharacters(char):
    assert normalise_text(f"社保{char}卡") == "社保卡"
    assert noncharacters(f"a{char}b{char}") == [f"U+{ord(char):04X}"]


@pytest.mark.parametrize("char", ["\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U00020000"])
def test_neighbours_of_the_noncharacters_are_text(char):
    assert normalise_text(f"a{char}b") == f"a{char}b"
    assert noncharacters(f"a{char}b") == []


def test_the_plain_text_field_refuses_a_noncharacter_naming_it():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        PlainTextField().clean("Citizen card\uffff")
    assert "U+FFFF" in str(refused.value)
    assert refused.value.code == "noncharacter"


@pytest.mark.parametrize("char", ["\ufffe", "\ufdd0"], ids=["U+FFFE", "U+FDD0"])
def test_the_admin_refuses_a_noncharacter_in_a_title(admin_client, seeded, char):
    question = Question.objects.get(slug="check-own-contribution-records")
    url = f"/en/admin/questions/question/{question.pk}/change/"
    data = form_data(admin_client.get(url))
    data["question_en"] = f"Can I check{char} my record?"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert f"U+{ord(char):04X}" in response.content.decode()
    assert char not in (Question.objects.get(pk=question.pk).question_en or "")


def test_every_text_field_of_every_kind_is_stored_without_noncharacters(seeded):
    for model in registry.content_models():
        columns = text_columns(model)
        obj = model.objects.first()
        if not columns or obj is None:
            continue
        for column in columns:
            setattr(obj, column, "第一\ufffe行\U0010ffff第二\ufdd0行")
        obj.save()
        for value in model.objects.filter(pk=obj.pk).values(*columns).get().values():
            assert not NONCHARACTER_RE.search(value), (model, value)
            # A synonym drops an expansion equal to its term: that column may be empty.
            assert "".join(value.split()) in ("第一行第二行", ""), (model, value)


def test_neither_the_page_nor_the_api_serves_a_noncharacter_saved_by_a_script(client, seeded):
    card = CardType.objects.published().order_by("pk").first()
    card.name_en = "Citizen\uffff card"
    card.save()
    assert "\uffff" not in client.get(f"/en/cards/{card.slug}/").content.decode()
    assert "\uffff" not in client.get(f"/api/v1/card-types/{card.slug}/?lang=en").content.decode()
