"""What visitors see in a real browser: a table on wide screens, stacked cells and no sideways
scrolling on phones, a working language switcher, and nothing fetched from other hosts."""

from urllib.parse import urlsplit

import pytest

from cards.models import Comparison
from translations.i18n import language_tag

pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

LANGUAGES = ("zh-hans", "en")
COMPARISON_SLUG = "citizen-card-vs-social-security-card"
COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
PAGES = (
    "/{lang}/",
    COMPARISON,
    "/{lang}/laws/social-insurance-law/",
    "/{lang}/laws/social-insurance-law/articles/2/",
    "/{lang}/laws/social-insurance-law/articles/64/?date=2015-06-01&view=parallel",
    "/{lang}/laws/labour-contract-law/",
)
PARALLEL = "/en/laws/social-insurance-law/articles/4/?view=parallel"
WIDE, PHONE = 1280, 360


def visit(page, server, path):
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    return page


def computed(locator, prop):
    return locator.evaluate(f"element => getComputedStyle(element).{prop}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_is_a_table_on_wide_screens(seeded_server, open_page, lang):
    page = visit(open_page(WIDE), seeded_server, COMPARISON.format(lang=lang))
    table = page.locator("main table")

    assert table.count() == 1
    assert computed(table, "display") == "table"
    headers = table.locator("thead th")
    assert headers.count() >= 2
    for index in range(headers.count()):
        assert headers.nth(index).is_visible()
    points = Comparison.objects.get(slug=COMPARISON_SLUG).points.count()
    assert points == 5
    assert table.locator("tbody tr").count() == points


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_cells_are_stacked_on_phones(seeded_server, open_page, lang):
    page = visit(open_page(PHONE), seeded_server, COMPARISON.format(lang=lang))
    cell = page.locator("main table tbody td").first

    assert computed(cell, "display") == "block"
    assert cell.is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_phones(seeded_server, open_page, path, lang):
    page = visit(open_page(PHONE), seeded_server, path.format(lang=lang))

    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width


def test_language_switcher_leads_to_the_english_comparison(seeded_server, open_page):
    page = visit(open_page(WIDE), seeded_server, COMPARISON.format(lang="zh-hans"))
    assert page.locator("html").get_attribute("lang") == language_tag("zh-hans")  # zh-Hans

    page.locator('nav a[hreflang="en"]').first.click()
    page.wait_for_url(seeded_server.url + COMPARISON.format(lang="en"))

    assert page.locator("html").get_attribute("lang") == language_tag("en")
    title = Comparison.objects.get(slug=COMPARISON_SLUG).title_en
    assert title
    assert title in page.title()
    assert title in page.locator("h1").first.inner_text()


def test_pages_load_nothing_from_other_hosts(seeded_server, open_page):
    own_host = urlsplit(seeded_server.url).netloc
    requested = []
    page = open_page(WIDE)
    page.on("request", lambda request: requested.append(request.url))

    for lang in LANGUAGES:
        for path in PAGES:
            page.goto(seeded_server.url + path.format(lang=lang), wait_until="networkidle")

    fetched = [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    assert fetched, "no requests were recorded"
    assert [url for url in fetched if urlsplit(url).netloc != own_host] == []


@pytest.mark.parametrize(("width", "side_by_side"), [(WIDE, True), (PHONE, False)])
def test_parallel_text_is_side_by_side_on_wide_screens_and_stacked_on_phones(
    seeded_server, open_page, width, side_by_side
):
    page = visit(open_page(width), seeded_server, PARALLEL)
    row = page.locator(".parallel__row").first
    zh, en = (
        row.locator(".parallel__zh").bounding_box(),
        row.locator(".parallel__en").bounding_box(),
    )
    assert (en["x"] > zh["x"] + zh["width"] - 1) is side_by_side
    assert (en["y"] >= zh["y"] + zh["height"] - 1) is not side_by_side
