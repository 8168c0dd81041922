"""A translation edited in a live object's draft, then its source changed in the same draft:
publishing must not pass the translation off as made from the new source (issue 18)."""

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from cards.models import CardType, Comparison
from publishing.diff import field_label
from tests.cards.test_admin import form_data
from tests.publishing.test_drafts import change_url, publish_in_admin
from tests.translations.conftest import browser_form_data, make_user
from tests.translations.test_po_drafts import run_import, translate
from translations import conversion, registry
from translations.roles import EDITORS, TRANSLATORS
from translations.tracking import MACHINE, OUTDATED, UP_TO_DATE, status_of

DASHBOARD = "/en/admin/translations/translationstate/"
EDITED = {"zh-hant": "市民卡與社保卡有何不同？", "en": "How a citizen card differs"}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def save(client, obj, changes, data=form_data):
    page = client.get(change_url(obj))
    assert page.status_code == 200
    values = data(page)
    values.update(changes)
    response = client.post(change_url(obj), values)
    assert response.status_code == 302, response.content[:2000]


def dashboard_rows(client, language):
    """(field label, status class) of the dashboard's work list in `language`."""
    soup = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
    name = str(registry.language_name(language))
    return {
        (cells[3].get_text(strip=True), row.find(class_=lambda c: c and "status-" in c)["class"][0])
        for row in soup.select("#content-main table tbody tr")
        if len(cells := row.find_all(["td", "th"])) == 6 and cells[1].get_text(strip=True) == name
    }


@pytest.mark.parametrize("language", registry.target_languages())
def test_a_translation_edited_before_its_source_changed_in_one_draft_is_outdated(seeded, language):
    comparison = Comparison.objects.get()
    assert comparison.is_published
    title, intro = registry.column("title", language), registry.column("introduction", language)
    translator = logged_in(make_user("translator", TRANSLATORS, [language]))
    editor = logged_in(make_user("editor", EDITORS))

    # The translator's edit of live content: a draft.
    save(translator, comparison, {title: EDITED[language]}, data=browser_form_data)
    # The editor changes the Chinese source in the same draft, then publishes it.
    new_title = "市民卡和社保卡有什么区别？"
    new_intro = "市民卡和社会保障卡的区别：养老保险"
    save(
        editor,
        comparison,
        {
            registry.source_column("title"): new_title,
            registry.source_column("introduction"): new_intro,
        },
    )
    assert publish_in_admin(editor, comparison, confirm=True).status_code == 302
    comparison.refresh_from_db()

    assert comparison.title_zh_hans == new_title
    assert getattr(comparison, title) == EDITED[language]  # the translator's text is kept
    item = status_of(comparison, "title", language)
    assert item.status == OUTDATED
    assert item.previous_source != new_title  # made from the title before the change
    if conversion.is_converted(language):
        # An unreviewed machine conversion follows its source instead.
        assert getattr(comparison, intro) == conversion.converted_text(
            comparison, "introduction", language
        )
        assert "社會保障卡" in getattr(comparison, intro)
        assert status_of(comparison, "introduction", language).status == MACHINE
    assert ("Title", "status-outdated") in dashboard_rows(translator, language)


@pytest.mark.parametrize("language", registry.target_languages())
def test_a_translation_of_a_source_changed_earlier_in_the_draft_is_up_to_date(seeded, language):
    """The other order: the translator translates the draft's new source."""
    comparison = Comparison.objects.get()
    title = registry.column("title", language)
    translator = logged_in(make_user("translator", TRANSLATORS, [language]))
    editor = logged_in(make_user("editor", EDITORS))
    save(editor, comparison, {registry.source_column("title"): "市民卡和社保卡有什么区别？"})
    save(translator, comparison, {title: EDITED[language]}, data=browser_form_data)
    assert publish_in_admin(editor, comparison, confirm=True).status_code == 302
    comparison.refresh_from_db()
    assert getattr(comparison, title) == EDITED[language]
    assert status_of(comparison, "title", language).status == UP_TO_DATE


def publish_page_gaps(client, obj):
    """The field labels the publish page lists as translations that will need checking."""
    page = client.get(change_url(obj, action="publish"))
    assert page.status_code == 200
    return {field for _object, field, kind in page.context["gaps"] if kind == "outdated"}


def outdated_labels(obj, field):
    return {
        field_label(type(obj), registry.column(field, language))
        for language in registry.target_languages()
        if status_of(obj, field, language).status == OUTDATED
    }


@pytest.mark.parametrize("how", ["form", "po"])
@pytest.mark.parametrize("language", registry.target_languages())
def test_the_publish_page_lists_what_publishing_makes_outdated(seeded, tmp_path, language, how):
    """A translator's edit in the draft, then the editor's change of its source: the publish
    page lists that translation (the same rule as publishing), as publishing then marks it."""
    card = CardType.objects.get(slug="social-security-card")
    assert card.is_published
    issuer = registry.column("issuer", language)
    edited = {"zh-hant": "人力資源社會保障部門（審閱）", "en": "The HR department"}[language]
    translator = make_user("translator", TRANSLATORS, [language])
    editor = logged_in(make_user("editor", EDITORS))
    if how == "form":
        save(logged_in(translator), card, {issuer: edited}, data=browser_form_data)
    else:
        path = tmp_path / "out.po"
        call_command("export_translations", "--language", language, "-o", str(path))
        catalogue = polib.pofile(str(path))
        translate(catalogue, card, "issuer", edited)
        run_import(catalogue, tmp_path)
    save(editor, card, {registry.source_column("issuer"): "人力资源社会保障部门（新）"})

    listed = publish_page_gaps(editor, card)
    assert publish_in_admin(editor, card, confirm=True).status_code == 302
    card.refresh_from_db()
    assert getattr(card, issuer) == edited
    made_outdated = outdated_labels(card, "issuer")
    assert status_of(card, "issuer", language).status == OUTDATED
    assert listed == made_outdated
