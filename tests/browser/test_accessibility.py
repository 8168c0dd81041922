"""WCAG 2.1 AA in a real browser: axe-core (vendored in tests/browser/data) finds no violation
on any page type in either language, and the pages can be used with the keyboard alone."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "data" / "axe.min.js").read_text(encoding="utf-8")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# Every page type, the 404 page and the search's own pages included: (path, status).
PAGES = [
    ("/{lang}/", 200),
    ("/{lang}/compare/citizen-card-vs-social-security-card/", 200),
    ("/{lang}/cards/citizen-card/", 200),
    ("/{lang}/laws/", 200),
    ("/{lang}/laws/social-insurance-law/", 200),
    ("/{lang}/laws/social-insurance-law/articles/2/", 200),
    ("/{lang}/laws/social-insurance-law/articles/90/", 200),  # no English text yet
    ("/{lang}/guide/", 200),
    ("/{lang}/questions/", 200),
    ("/{lang}/questions/topics/labour-contracts/", 200),
    ("/{lang}/questions/probation-period/", 200),  # a table, points and a quotation
    ("/{lang}/questions/maternity-insurance-benefits/", 200),  # a quoted paragraph
    ("/{lang}/search/", 200),
    ("/{lang}/search/?q=%E7%A4%BE%E4%BF%9D", 200),  # 社保
    ("/{lang}/search/?q=citizen+card", 200),
    ("/{lang}/search/?q=" + "x" * 101, 400),
    ("/{lang}/no-such-page/", 404),
]
# The embeds (for iframes on the job site): checked with the same rules, best practices
# included; they have no skip link (a card, not a page).
EMBEDS = [
    ("/{lang}/embed/questions/probation-period/", 200),
    ("/{lang}/embed/compare/citizen-card-vs-social-security-card/point/1/", 200),
    ("/{lang}/embed/laws/social-insurance-law/articles/2/", 200),
]
WIDTHS = (1280, 360)
RUN_AXE = """async () => {
    const result = await axe.run(document, {
        runOnly: {
            type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
        count: v.nodes.length,
    }));
}"""


def axe_violations(page):
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


@pytest.mark.backend_independent
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations(seeded_server, open_page, lang, width):
    # axe is injected as an inline script, which our CSP rightly refuses: the test's own
    # context lets it in (bypass_csp), the pages under test are unchanged.
    page = open_page(width, bypass_csp=True)
    found = {}
    for path, status in PAGES + EMBEDS:
        url = path.format(lang=lang)
        response = page.goto(seeded_server.url + url)
        assert response.status == status, url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}


@pytest.mark.backend_independent
@pytest.mark.parametrize("lang", LANGUAGES)
def test_skip_link_is_the_first_stop_and_focus_is_visible(seeded_server, open_page, lang):
    page = open_page(1280)
    for path, _status in PAGES:
        page.goto(seeded_server.url + path.format(lang=lang))
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " const r = e.getBoundingClientRect();"
            " return [e.getAttribute('href'), s.outlineStyle, parseFloat(s.outlineWidth),"
            " r.top >= 0 && r.bottom > 0]; }"
        )
        href, outline, outline_width, on_screen = focused
        assert href == "#main", path
        assert outline != "none" and outline_width >= 2, (path, focused)
        assert on_screen, "the focused skip link is visible"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.backend_independent
def test_every_control_shows_its_focus(seeded_server, open_page):
    """Tab through the header of the English comparison: each stop has a visible outline."""
    page = open_page(1280)
    page.goto(seeded_server.url + "/en/compare/citizen-card-vs-social-security-card/")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.getAttribute('href') || e.name || e.type,"
            " s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        seen.append(style)
        assert style[2] != "none" and style[3] >= 2, style
    kinds = {tag for tag, *_ in seen}
    assert {"A", "INPUT", "BUTTON"} <= kinds, seen


@pytest.mark.backend_independent
@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_is_a_table_to_assistive_technology_on_phones(seeded_server, open_page, lang):
    page = open_page(360)
    page.goto(seeded_server.url + f"/{lang}/compare/citizen-card-vs-social-security-card/")

    table = page.get_by_role("table")
    assert table.count() == 1
    assert table.get_by_role("columnheader").count() == 3
    assert table.get_by_role("rowheader").count() == 5
    assert table.get_by_role("cell").count() == 10
    assert page.locator("main table caption").is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pagination_has_no_violations_and_reads_as_pages(seeded_server, open_page, lang):
    """The numbered pages of a long list (publishing.pagination), on a phone and a desk."""
    from django.core.management import call_command

    call_command("seed_synthetic", verbosity=0, comparisons=120, laws=45, articles_per_law=2)
    for width in WIDTHS:
        page = open_page(width, bypass_csp=True)
        for path in (f"/{lang}/?page=3", f"/{lang}/laws/?page=2"):
            assert page.goto(seeded_server.url + path).status == 200, path
            assert axe_violations(page) == [], (path, width)
            # A screen reader hears "Page 3" (第3页), not a bare number, for the current page.
            names = {"zh-hans": "第{}页", "zh-hant": "第{}頁", "en": "Page {}"}
            name = names[lang].format(path[-1])
            link = page.locator("nav.pager--pages").get_by_role("link", name=name, exact=True)
            assert link.get_attribute("aria-current") == "page", path
