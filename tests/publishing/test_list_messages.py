"""The list actions' messages join their label and the list it introduces as each language
does: "…confirm on: <names>" in English, 「…确认：<names>」 in Chinese (no space after a
full-width colon), names separated by ", " / 「、」."""

import pytest
from django.test import Client

from cards.models import CardType
from tests.cards.test_admin import form_data
from tests.translations.conftest import make_user
from translations.roles import EDITORS


@pytest.fixture
def editor(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def drafted_in_chinese(editor, card):
    """A draft of the live `card` changing its Chinese name: its English is out of date."""
    url = f"/en/admin/cards/cardtype/{card.pk}/change/"
    data = {**form_data(editor.get(url)), "name_zh_hans": f"{card.name_zh_hans}（新）"}
    assert editor.post(url, data).status_code == 302


def publish_selected(editor, lang, cards, **changes):
    listing = f"/{lang}/admin/cards/cardtype/"
    data = {
        **form_data(editor.get(listing)),
        "action": "publish_selected",
        "_selected_action": [card.pk for card in cards],
        **changes,
    }
    response = editor.post(listing, data, follow=True)
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(("lang", "before_list"), [("zh-hans", "：<a "), ("en", ": <a ")])
def test_list_action_messages_put_the_list_after_the_label_as_the_language_does(
    editor, lang, before_list
):
    cards = list(CardType.objects.published().order_by("pk")[:2])
    for card in cards:
        drafted_in_chinese(editor, card)
    stale = {f"_revision_{card.pk}": "1" for card in cards}  # the list was shown before
    left_alone = publish_selected(editor, lang, cards, **stale)
    blocked = publish_selected(editor, lang, cards)  # the English is out of date
    told = left_alone + blocked
    assert len(told) == 2
    for message in told:
        assert before_list in message
        assert "： " not in message
        assert ("</a>、<a " if lang == "zh-hans" else "</a>, <a ") in message
