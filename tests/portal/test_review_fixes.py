"""What a visitor sees of the December 2026 native review's fixes (the full list, row by row,
is docs/content-review-2026-12-answers.md)."""

import pytest
from bs4 import BeautifulSoup

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("lang", "city", "basis"),
    [
        ("zh-hans", "杭州", "一般法律依据"),
        ("en", "Hangzhou", "general legal basis"),
    ],
)
def test_the_comparison_says_where_its_points_hold(client, seeded, lang, city, basis):
    note = soup(client, COMPARISON.format(lang=lang)).select_one("#where-this-holds")
    assert note is not None
    assert city in note.get_text() and basis in note.get_text()


@pytest.mark.parametrize(
    ("lang", "wording"),
    [
        ("zh-hans", "2015年6月1日有效的文本：2010年10月28日通过的版本。"),
        ("en", "In force on 1 June 2015: the wording adopted on 28 October 2010."),
    ],
)
def test_a_dated_statute_page_says_in_force_on_not_came_into_force(client, seeded, lang, wording):
    page = soup(client, f"/{lang}/laws/social-insurance-law/?date=2015-06-01")
    notice = " ".join(page.select_one(".notice--dated").get_text().split())
    assert wording in notice


def test_the_search_error_suggests_shortening_only_when_that_helps(client, seeded):
    punctuation = soup(client, "/zh-hans/search/?q=%25%25%25").get_text()
    assert "请缩短搜索内容" not in punctuation
    many = soup(client, "/zh-hans/search/?q=" + "+".join(f"词{n}" for n in range(12))).get_text()
    assert "词语太多" in many and "请缩短搜索内容" in many
