"""A visitor's journey, with the keyboard only, in one run: read the comparison in Chinese,
switch to English on the same page, follow a legal-basis link to its article, search 社保 and
find the comparison, search 第五条 (and choose a law's Article 5), then 社会保险法第五条 and
land on it, and ask the guide which card to take to hospital."""

import pytest

from cards.models import CardType
from translations.i18n import language_tag

pytestmark = pytest.mark.browser

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
MAX_TABS = 80


def tab_to(page, selector):
    """Press Tab until the focused element matches `selector`; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus in {MAX_TABS} tabs on {page.url}")


def activate(page, selector, url_part):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert url_part in page.url, page.url


def search_for(page, text):
    tab_to(page, "#site-search-q")
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_keyboard_only_journey(seeded_server, open_page):
    page = open_page(1280)
    base = seeded_server.url
    page.goto(base + COMPARISON.format(lang="zh-hans"))
    assert page.locator("html").get_attribute("lang") == language_tag("zh-hans")  # zh-Hans
    assert page.locator("main table tbody tr").count() == 5

    activate(page, '.lang-switch a[hreflang="en"]', COMPARISON.format(lang="en"))
    assert page.locator("html").get_attribute("lang") == language_tag("en")

    activate(page, ".legal-basis cite a", "/en/laws/social-insurance-law/articles/2/")
    assert "Article 2" in page.locator("h1").inner_text()

    search_for(page, "社保")
    assert "/en/search/?q=" in page.url
    activate(
        page,
        f'main a.search-result__title[href="{COMPARISON.format(lang="en")}"]',
        COMPARISON.format(lang="en"),
    )

    # A bare 第五条 lists each law's Article 5 to choose from; with the law's name it jumps.
    search_for(page, "第五条")
    assert "/en/search/?q=" in page.url
    activate(
        page,
        'main a[href="/en/laws/labour-contract-law/articles/5/"]',
        "/en/laws/labour-contract-law/articles/5/",
    )
    search_for(page, "社会保险法第五条")
    assert page.url == base + "/en/laws/social-insurance-law/articles/5/"
    assert "Article 5" in page.locator("h1").inner_text()

    activate(page, '.site-nav a[href="/en/guide/"]', "/en/guide/")
    tab_to(page, "#task-see-a-doctor .task__card")
    answer = page.evaluate("document.activeElement.textContent.trim()")
    assert answer == CardType.objects.get(slug="social-security-card").name_en
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == base + "/en/cards/social-security-card/"
