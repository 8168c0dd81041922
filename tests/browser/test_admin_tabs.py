"""The editors' admin in a real browser: modeltranslation's language tabs work with our own
copy of jQuery UI, for the comparison's own fields, its points and the per-card texts, and
nothing is fetched from another host (the tab script would otherwise come from a CDN)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils.translation import get_language_info

from cards.models import Comparison
from legislation.models import Law
from translations import registry

pytestmark = pytest.mark.browser

WIDE = 1280
PASSWORD = "a-long-test-password"


@pytest.fixture
def editor_page(seeded_server, open_page):
    """A 1280px page logged in to the admin, recording every request and script error."""
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page = open_page(WIDE)
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{seeded_server.url}/zh-hans/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/zh-hans/admin/")
    return page


def open_admin(page, server, path):
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    return page


def assert_only_local_requests(page, server):
    here = urlsplit(server.url).netloc
    foreign = [
        url
        for url in page.requests
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != here
    ]
    assert foreign == []
    assert any(url.endswith("/static/vendor/jquery-ui/jquery-ui.min.js") for url in page.requests)


def tab_link(page, field_id):
    """The tab that shows the field whose id is `field_id` (modeltranslation's tab markup)."""
    return page.locator(f'.ui-tabs-nav [role=tab][aria-controls="tab_{field_id}"]')


def test_comparison_fields_are_language_tabs(seeded_server, editor_page):
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    page = open_admin(
        editor_page, seeded_server, f"/zh-hans/admin/cards/comparison/{comparison.pk}/change/"
    )
    assert page.errors == []
    assert page.locator(".ui-tabs").count() > 0

    # The title: Chinese shown first in the Chinese admin; the "en" tab shows the English.
    zh, en = page.locator("#id_title_zh_hans"), page.locator("#id_title_en")
    assert zh.is_visible()
    assert not en.is_visible()
    link = tab_link(page, "id_title_en")
    assert link.locator("a[href]").count() == 0, "the tab is the one thing to focus"
    loaded = len(page.requests)
    link.click()
    assert en.is_visible()
    assert not zh.is_visible()
    assert en.input_value() == comparison.title_en
    # The tab's panel is on the page: activating it (click, keyboard) fetches nothing.
    link.press("Home")  # the first tab, the source language, however many languages follow
    zh.wait_for(state="visible")  # jQuery UI activates after a short delay
    assert not en.is_visible()
    page.wait_for_load_state("networkidle")
    assert page.requests[loaded:] == []
    assert link.locator("a[href]").count() == 0
    assert page.errors == []

    # Points (a stacked inline) and their per-card texts are tabbed too.
    card = comparison.compared_card_types()[0]
    text_id = f"id_points-0-card_{card.pk}_text_en"
    assert page.locator("#tab_id_points-0-heading_en").count() == 1
    assert page.locator(f"#tab_{text_id}").count() == 1
    assert tab_link(page, text_id).is_visible()
    assert_only_local_requests(page, seeded_server)


@pytest.mark.parametrize("admin_language", ["zh-hans", "en"])
def test_tabs_name_each_language_in_that_language(seeded_server, editor_page, admin_language):
    """Not by code ("ZH-HANS", "EN"): the Chinese admin reads Chinese throughout, and each
    editor finds their language whatever the admin's language (as on the public switcher)."""
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    page = open_admin(
        editor_page,
        seeded_server,
        f"/{admin_language}/admin/cards/comparison/{comparison.pk}/change/",
    )
    languages = registry.languages()  # every language of settings, the source first
    names = [get_language_info(code)["name_local"] for code in languages]  # 简体中文, English…
    for prefix, field in (("id_", "title"), ("id_points-0-", "heading")):
        tabs = [tab_link(page, prefix + registry.column(field, code)) for code in languages]
        assert [tab.inner_text() for tab in tabs] == names
        assert [tab.locator("a").get_attribute("lang") for tab in tabs] == languages
    switch = page.locator("#modeltranslation-main-switch option")
    assert switch.all_inner_texts() == names
    assert page.errors == []


def test_law_chapters_inline_is_tabbed(seeded_server, editor_page):
    law = Law.objects.get(slug="social-insurance-law")
    page = open_admin(editor_page, seeded_server, f"/en/admin/legislation/law/{law.pk}/change/")
    assert page.errors == []
    # A tabular inline: the chapter titles get tabs inside the table row.
    assert page.locator("#chapters-group .ui-tabs").count() == law.chapters.count()
    assert tab_link(page, "id_chapters-0-title_en").inner_text() == "English"
    zh = page.locator("#id_chapters-0-title_zh_hans")
    en = page.locator("#id_chapters-0-title_en")
    assert en.is_visible()  # the English admin opens the English tab
    tab_link(page, "id_chapters-0-title_zh_hans").click()
    assert zh.is_visible()
    assert not en.is_visible()
    assert_only_local_requests(page, seeded_server)
