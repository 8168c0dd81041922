"""The editors' admin for card types and comparisons, driven through the test client.

Forms are submitted the way a browser would: the page is fetched, its form fields are read
(hidden management forms included) and only the fields an editor types into are changed.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from publishing import services
from tests.factories import make_card_type, make_comparison
from translations.i18n import language_tag

LANGUAGES = ("zh-hans", "en")
CARDS_MODELS = (CardType, Comparison, ComparedCard, ComparisonPoint, PointText)


class _FormReader(HTMLParser):
    """Collects what the page's main form would submit (the header's log-out form aside)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False
        self.done = False
        self.select = None
        self.select_value = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = attrs.get("id") != "logout-form"
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self.select, self.select_value = name, None
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            # The HTML parser splits at entities; a textarea's first newline is not content.
            value = self.data[self.textarea][0] + data
            self.data[self.textarea] = [value.removeprefix("\n")]


def form_data(response):
    """{name: value or [values]} of the page's form, as a browser would post it."""
    reader = _FormReader()
    reader.convert_charrefs = True
    reader.feed(response.content.decode())
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in reader.data.items()
        if "__prefix__" not in name and values
    }


def publish(obj):
    """Publish the draft that an edit of a live object made (tests of drafts: tests/publishing)."""
    services.publish(obj, user=None)


def counts():
    return {model.__name__: model.objects.count() for model in CARDS_MODELS}


def admin_url(lang, path):
    return f"/{lang}/admin/cards/{path}"


def text_field(prefix, card, lang):
    return f"{prefix}-card_{card.pk}_text_{lang.replace('-', '_')}"


# --- pages answer ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("model", ["cardtype", "comparison"])
def test_changelist_add_and_change_pages_answer(admin_client, comparison, lang, model):
    obj = comparison if model == "comparison" else comparison.compared_card_types()[0]
    for path in (f"{model}/", f"{model}/add/", f"{model}/{obj.pk}/change/"):
        response = admin_client.get(admin_url(lang, path))
        assert response.status_code == 200, path


def test_changelist_filters_and_english_column(admin_client, comparison):
    draft = make_comparison(title_en="", is_published=False, points=1)
    response = admin_client.get(admin_url("en", "comparison/?translation_en=missing"))
    assert response.status_code == 200
    assert f"/comparison/{draft.pk}/change/" in response.text
    assert f"/comparison/{comparison.pk}/change/" not in response.text
    response = admin_client.get(admin_url("en", "comparison/?translation_en=up_to_date"))
    assert f"/comparison/{comparison.pk}/change/" in response.text
    assert f"/comparison/{draft.pk}/change/" not in response.text


def test_changelist_query_count_does_not_grow_with_rows(admin_client, comparison):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = admin_url("en", "comparison/")
    admin_client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(4):
        make_comparison(points=2)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.text.count("/change/") >= 5
    assert len(many) == len(few)


# --- search in both languages ------------------------------------------------------------


def test_search_finds_english_words_in_the_chinese_admin(admin_client, comparison):
    change = f"/comparison/{comparison.pk}/change/"
    response = admin_client.get(admin_url("zh-hans", "comparison/"), {"q": "difference"})
    assert change in response.text
    response = admin_client.get(admin_url("zh-hans", "comparison/"), {"q": "no-such-word"})
    assert change not in response.text


def test_search_finds_chinese_words_in_the_english_admin(admin_client, comparison):
    change = f"/comparison/{comparison.pk}/change/"
    response = admin_client.get(admin_url("en", "comparison/"), {"q": "市民卡"})
    assert change in response.text
    response = admin_client.get(admin_url("en", "comparison/"), {"q": "医保卡"})
    assert change not in response.text


def test_card_type_search_in_both_languages(admin_client, seeded):
    card = CardType.objects.get(slug="citizen-card")
    for lang, term in (("zh-hans", "Citizen"), ("en", "市民")):
        response = admin_client.get(admin_url(lang, "cardtype/"), {"q": term})
        assert f"/cardtype/{card.pk}/change/" in response.text


# --- no CDN ------------------------------------------------------------------------------


def test_tabs_load_our_own_jquery_ui_and_nothing_from_a_cdn(admin_client, comparison):
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")
    for path in (f"comparison/{comparison.pk}/change/", "comparison/add/", "cardtype/add/"):
        html = admin_client.get(admin_url("en", path)).text
        assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
        assert "/static/modeltranslation/js/tabbed_translation_fields.js" in html
        assert not re.search(r"googleapis|cdnjs|jsdelivr|unpkg|code\.jquery|//cdn\.", html)
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


# --- adding a comparison -----------------------------------------------------------------


@pytest.fixture
def two_cards(db):
    return make_card_type(name_en="Health card"), make_card_type(name_en="Bank card")


def filled_add_form(admin_client, cards, lang="en"):
    response = admin_client.get(admin_url(lang, "comparison/add/"))
    assert response.status_code == 200
    data = form_data(response)
    first, second = cards
    data.update(
        {
            "title_zh_hans": "健康卡和银行卡的区别",
            "title_en": "Health card or bank card",
            "slug": "health-card-vs-bank-card",
            "compared-0-card_type": str(second.pk),  # the editor's column order
            "compared-1-card_type": str(first.pk),
            "points-0-aspect_zh_hans": "用途",
            "points-0-aspect_en": "Use",
            "points-0-heading_zh_hans": "用途不同。",
            "points-0-heading_en": "They are used differently.",
            text_field("points-0", first, "zh-hans"): "看病。",
            text_field("points-0", first, "en"): "Seeing a doctor.",
            text_field("points-0", second, "zh-hans"): "存钱。",
        }
    )
    return data


def test_editor_adds_a_comparison_with_points_and_texts(admin_client, two_cards):
    first, second = two_cards
    data = filled_add_form(admin_client, two_cards)
    # The page offers a per-card text field for every card type, in both languages.
    for card in two_cards:
        for lang in LANGUAGES:
            assert text_field("points-0", card, lang) in data
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    comparison = Comparison.objects.get(slug="health-card-vs-bank-card")
    assert comparison.title_zh_hans == "健康卡和银行卡的区别"
    assert comparison.compared_card_types() == [second, first]
    (point,) = comparison.points.all()
    assert point.heading_en == "They are used differently."
    texts = {text.card_type: text for text in point.texts.all()}
    assert set(texts) == {first, second}
    assert texts[first].text_zh_hans == "看病。"
    assert texts[first].text_en == "Seeing a doctor."
    assert texts[second].text_zh_hans == "存钱。"
    assert not texts[second].text_en


def test_texts_of_card_types_left_out_are_optional(admin_client, two_cards):
    third = make_card_type()
    data = filled_add_form(admin_client, two_cards)
    assert text_field("points-0", third, "zh-hans") in data
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert response.status_code == 302
    point = ComparisonPoint.objects.get(comparison__slug="health-card-vs-bank-card")
    assert point.texts.count() == 2


def assert_rejected(response, message, before):
    assert response.status_code == 200
    assert message in response.text
    assert counts() == before


def test_missing_chinese_text_for_a_compared_card_rejects_everything(admin_client, two_cards):
    first, _second = two_cards
    data = filled_add_form(admin_client, two_cards)
    data[text_field("points-0", first, "zh-hans")] = ""
    data[text_field("points-0", first, "en")] = ""
    before = counts()
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert_rejected(
        response, "This card type is compared: enter its text in Simplified Chinese.", before
    )


def test_english_text_without_the_chinese_one_is_rejected(admin_client, two_cards):
    first, _second = two_cards
    data = filled_add_form(admin_client, two_cards)
    data[text_field("points-0", first, "zh-hans")] = ""
    before = counts()
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert_rejected(
        response,
        "Enter the Simplified Chinese text too: the English text is a translation of it.",
        before,
    )


def test_the_same_card_type_twice_is_rejected(admin_client, two_cards):
    first, _second = two_cards
    data = filled_add_form(admin_client, two_cards)
    data["compared-0-card_type"] = data["compared-1-card_type"] = str(first.pk)
    before = counts()
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert_rejected(
        response, "“Health card” is chosen more than once. Compare each card type once.", before
    )


def test_a_single_card_type_is_rejected(admin_client, two_cards):
    data = filled_add_form(admin_client, two_cards)
    data["compared-1-DELETE"] = "on"
    data["compared-TOTAL_FORMS"] = "3"  # and an empty extra row
    data["compared-2-card_type"] = ""
    data["compared-2-position"] = "2"
    before = counts()
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    assert_rejected(response, "A comparison needs at least two card types.", before)


def test_a_rejected_edit_writes_nothing(admin_client, comparison):
    url = admin_url("en", f"comparison/{comparison.pk}/change/")
    data = form_data(admin_client.get(url))
    card = comparison.compared_card_types()[1]
    data["title_en"] = "Changed title"
    for code, _name in settings.LANGUAGES:  # the card's text removed in every language
        data[text_field("points-0", card, code)] = ""
    before = counts()
    response = admin_client.post(url, data)
    assert_rejected(
        response, "This card type is compared: enter its text in Simplified Chinese.", before
    )
    comparison.refresh_from_db()
    assert comparison.title_en != "Changed title"


# --- editing the seeded comparison -------------------------------------------------------


def test_editor_changes_a_point_text_in_place_once_published(admin_client, comparison):
    url = admin_url("zh-hans", f"comparison/{comparison.pk}/change/")
    response = admin_client.get(url)
    data = form_data(response)
    card = comparison.compared_card_types()[0]
    point = comparison.points.first()
    old = PointText.objects.get(point=point, card_type=card)
    # The existing texts are the fields' initial values.
    assert data[text_field("points-0", card, "zh-hans")] == old.text_zh_hans
    assert data[text_field("points-0", card, "en")] == old.text_en
    data[text_field("points-0", card, "en")] = "A new English text."
    before = counts()
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert PointText.objects.get(point=point, card_type=card).text_en == old.text_en  # a draft
    publish(comparison)
    assert counts() == before
    text = PointText.objects.get(pk=old.pk)
    assert text.text_en == "A new English text."
    assert text.text_zh_hans == old.text_zh_hans


def test_editor_adds_a_card_type_with_its_texts_in_one_save(admin_client, comparison):
    new_card = make_card_type(name_en="Medical insurance card")
    url = admin_url("en", f"comparison/{comparison.pk}/change/")
    data = form_data(admin_client.get(url))
    points = comparison.points.count()
    data["compared-TOTAL_FORMS"] = "3"
    data["compared-2-card_type"] = str(new_card.pk)
    data["compared-2-position"] = "9"
    # Without its texts the new card type is refused for every point…
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.text.count("enter its text in Simplified Chinese") == points
    # …and with them it is saved.
    for index in range(points):
        data[text_field(f"points-{index}", new_card, "zh-hans")] = f"医保卡{index}"
    assert admin_client.post(url, data).status_code == 302
    publish(comparison)
    assert comparison.compared_card_types()[-1] == new_card
    assert PointText.objects.filter(card_type=new_card).count() == points


def test_new_rows_default_to_the_end_and_equal_positions_keep_their_order(admin_client, comparison):
    url = admin_url("en", f"comparison/{comparison.pk}/change/")
    points = list(comparison.points.all())
    data = form_data(admin_client.get(url))
    data["points-TOTAL_FORMS"] = str(len(points) + 1)
    new = f"points-{len(points)}"
    response = admin_client.get(url)
    # The empty form (cloned by "add another") proposes the position after the last point.
    last = max(point.position for point in points)
    assert re.search(
        rf'name="points-__prefix__-position"[^>]*value="{last + 1}"', response.text
    ) or re.search(rf'value="{last + 1}"[^>]*name="points-__prefix__-position"', response.text)
    cards = comparison.compared_card_types()
    data.update(
        {
            f"{new}-position": str(points[0].position),  # same position as the first point
            f"{new}-aspect_zh_hans": "新方面",
            f"{new}-heading_zh_hans": "新标题。",
            **{text_field(new, card, "zh-hans"): "文字" for card in cards},
        }
    )
    assert admin_client.post(url, data).status_code == 302
    publish(comparison)
    ordered = list(comparison.points.all())
    assert ordered[0] == points[0]
    assert ordered[1].aspect_zh_hans == "新方面"
    assert list(comparison.points.all()) == ordered  # stable


# --- card types --------------------------------------------------------------------------


def test_card_type_change_page_has_tabs_for_every_language(admin_client, seeded):
    card = CardType.objects.get(slug="citizen-card")
    html = admin_client.get(admin_url("en", f"cardtype/{card.pk}/change/")).text
    assert 'class="vTextField mt mt-field-name-zh_hans mt-default"' in html
    assert "mt-field-name-en" in html
    assert "prepopulated_fields" in html or "prepopulate" in html


def test_site_header(admin_client, seeded):
    response = admin_client.get("/en/admin/")
    assert "Social security inquiry: editors" in response.text


def test_a_card_type_created_later_gets_text_fields_on_the_next_page_load(admin_client, comparison):
    url = admin_url("en", f"comparison/{comparison.pk}/change/")
    admin_client.get(url)
    new_card = make_card_type()
    response = admin_client.get(url)
    assert text_field("points-0", new_card, "zh_hans") in response.content.decode()


def test_validation_messages_speak_the_editors_language(admin_client, two_cards):
    first, _second = two_cards
    data = filled_add_form(admin_client, two_cards, lang="zh-hans")
    data[text_field("points-0", first, "zh-hans")] = ""
    data[text_field("points-0", first, "en")] = ""
    before = counts()
    response = admin_client.post(admin_url("zh-hans", "comparison/add/"), data)
    assert_rejected(response, "已选择对比此卡种，请填写其简体中文内容。", before)


@pytest.mark.parametrize(("lang", "other"), [("en", "zh-hans"), ("zh-hans", "en")])
def test_admin_pages_link_to_themselves_in_the_other_language(
    admin_client, comparison, lang, other
):
    page = f"comparison/{comparison.pk}/change/"
    html = admin_client.get(admin_url(lang, page)).content.decode()
    assert f'href="{admin_url(other, page)}" hreflang="{language_tag(other)}"' in html
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("field", ["introduction_en", "note_zh_hans", "point text"])
def test_a_text_longer_than_the_limit_is_rejected(admin_client, two_cards, field):
    """A comparison's texts have 20,000 characters at most (publishing.text.TEXT_MAX_LENGTH):
    no real one comes near it, a longer one is a pasted mistake."""
    first, _second = two_cards
    data = filled_add_form(admin_client, two_cards)
    name = text_field("points-0", first, "en") if field == "point text" else field
    data[name] = "long " * 4000 + "x"
    before = counts()
    response = admin_client.post(admin_url("en", "comparison/add/"), data)
    message = "Ensure this value has at most 20000 characters (it has 20001)."
    assert_rejected(response, message, before)
