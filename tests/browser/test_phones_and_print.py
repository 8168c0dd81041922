"""Phones and paper: no page scrolls sideways at 360 px, dates never wrap inside, and a
printout of a comparison or an article is clean (no navigation, cited articles' addresses
printed, the page's address and date)."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
PAGES = (
    "/{lang}/",
    COMPARISON,
    "/{lang}/cards/social-security-card/",
    "/{lang}/laws/",
    "/{lang}/laws/social-insurance-law/",
    "/{lang}/laws/social-insurance-law/articles/2/",
    "/{lang}/guide/",
    "/{lang}/questions/",
    "/{lang}/questions/probation-period/",
    "/{lang}/questions/employer-does-not-pay-contributions/",
    "/{lang}/search/?q=%E7%A4%BE%E4%BF%9D",
    "/{lang}/search/?q=old-age+insurance",
)
DATED = (COMPARISON, "/{lang}/laws/social-insurance-law/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_at_360px(seeded_server, open_page, lang):
    page = open_page(360)
    wide = []
    for path in PAGES:
        page.goto(seeded_server.url + path.format(lang=lang))
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll > inner:
            wide.append((path, scroll))
    assert wide == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", (320, 360, 400))
def test_dates_never_break_inside(seeded_server, open_page, lang, width):
    page = open_page(width)
    for path in DATED:
        page.goto(seeded_server.url + path.format(lang=lang))
        lines = page.evaluate(
            "[...document.querySelectorAll('main time')].map(t => t.getClientRects().length)"
        )
        assert lines, path
        assert set(lines) == {1}, (path, lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_comparison_is_clean(seeded_server, open_page, lang):
    page = open_page(1280)
    page.goto(seeded_server.url + COMPARISON.format(lang=lang))
    page.emulate_media(media="print")

    for selector in (".site-nav", ".lang-switch", ".breadcrumbs", "form[role=search]", "footer"):
        assert not page.locator(selector).first.is_visible(), selector
    after = page.evaluate(
        "[...document.querySelectorAll('.quote blockquote')]"
        ".map(b => getComputedStyle(b, '::after').content)"
    )
    # Printed citations give the canonical address (SITE_URL), not the server's own.
    base = f"{settings.SITE_URL}/{lang}/laws/social-insurance-law/articles/"
    assert after == [f'"{base}{n}/"' for n in (2, 4, 5)]
    stamp = page.locator(".print-only")
    assert stamp.is_visible()
    assert COMPARISON.format(lang=lang) in stamp.inner_text()
    assert stamp.locator("time").get_attribute("datetime")
    assert page.locator("main time").first.is_visible()  # the comparison's own date
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_printed_article_has_no_navigation(seeded_server, open_page):
    page = open_page(1280)
    page.goto(seeded_server.url + "/en/laws/social-insurance-law/articles/2/")
    page.emulate_media(media="print")

    assert not page.locator(".pager").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator(".statute-text").is_visible()
    assert page.locator(".print-only").is_visible()
