"""Dates that never contradict, and the statute pages' small faults (issue 15, items 5 and 7)."""

import pytest
from bs4 import BeautifulSoup

SIL = "/{lang}/laws/social-insurance-law/"
ARTICLE = SIL + "articles/{n}/"


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def statute_text(page):
    return " ".join(p.get_text() for p in page.select(".statute-text:not(.diff) > p"))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("n", [2, 64, 98])
def test_a_date_before_the_law_took_effect_shows_one_notice_and_the_text(client, seeded, lang, n):
    # Adopted 2010-10-28, in force 2011-07-01: on 2010-12-01 the law was not yet in force.
    page = soup(client, ARTICLE.format(lang=lang, n=n) + "?date=2010-12-01")
    notices = [p.get_text(" ", strip=True) for p in page.select("main .notice[role=status]")]
    assert len(notices) == 1, notices
    assert "2010" in notices[0]
    assert statute_text(page).strip()  # never an empty article under "current text shown"
    law = soup(client, SIL.format(lang=lang) + "?date=2010-12-01")
    assert len(law.select("main .notice[role=status]")) == 1


def test_dates_in_the_2010_versions_range_show_the_2010_wording(client, seeded):
    for date in ("2011-07-01", "2015-06-01", "2018-12-28"):
        page = soup(client, ARTICLE.format(lang="zh-hans", n=64) + f"?date={date}")
        assert "除基本医疗保险基金与生育保险基金合并建账及核算外" not in statute_text(page)
        assert "2010" in page.select_one("main .notice--dated").get_text()
    today = soup(client, ARTICLE.format(lang="zh-hans", n=64) + "?date=2018-12-29")
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" in statute_text(today)


def test_previous_and_next_keep_the_parallel_view_and_the_date(client, seeded):
    page = soup(client, ARTICLE.format(lang="en", n=30) + "?view=parallel&date=2015-06-01")
    hrefs = [a["href"] for a in page.select(".pager a")]
    assert len(hrefs) == 2
    assert all(h.endswith("?date=2015-06-01&view=parallel") for h in hrefs), hrefs
    plain = soup(client, ARTICLE.format(lang="en", n=30))
    assert all("?" not in a["href"] for a in plain.select(".pager a"))


@pytest.mark.parametrize("url", [SIL, ARTICLE.replace("{n}", "30"), "/{lang}/laws/"])
def test_english_statute_pages_say_the_chinese_is_authoritative_once(client, seeded, url):
    english = client.get(url.format(lang="en", n=30)).content.decode()
    assert english.count("The Chinese text is authoritative") == 1
    # Other pages keep the footer's note.
    assert (
        client.get("/en/search/?q=x").content.decode().count("Chinese text is authoritative") == 1
    )


def test_a_post_to_search_is_405_not_the_csrf_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/zh-hans/search/", {"q": "社保"})
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]


@pytest.mark.parametrize("date", ["2007-12-31", "2000-01-01"])
@pytest.mark.parametrize(
    "url", ["/{lang}/laws/labour-contract-law/", "/{lang}/laws/labour-contract-law/articles/10/"]
)
def test_before_a_law_without_an_adoption_version_took_effect_it_was_not_yet_in_force(
    client, seeded, url, date
):
    # The Labour Contract Law records only its 2012 amendment: its own in-force date
    # (2008-01-01) says the law did not apply yet, not "no earlier versions recorded".
    page = soup(client, url.format(lang="en") + f"?date={date}")
    notice = page.select_one(".notice--dated").get_text(" ", strip=True)
    assert notice.startswith("The law was not yet in force on"), notice
    zh = soup(client, url.format(lang="zh-hans") + f"?date={date}")
    assert "尚未施行" in zh.select_one(".notice--dated").get_text()


def test_cross_references_in_the_parallel_view_keep_it(client, seeded):
    # Article 41 cites Article 63 (本法第六十三条 / "Article 63 of this Law").
    page = soup(client, ARTICLE.format(lang="en", n=41) + "?view=parallel")
    refs = [a["href"] for a in page.select(".parallel a[href*='/articles/63/']")]
    assert len(refs) >= 2, refs  # the English and the Chinese column
    assert all("?view=parallel#article-63" in href for href in refs), refs
    law = soup(client, SIL.format(lang="en") + "?view=parallel")
    labels = [a["href"] for a in law.select(".statute-article__label a")]
    assert labels and all(href.endswith("?view=parallel") for href in labels), labels[:3]
    plain = soup(client, ARTICLE.format(lang="en", n=41))
    assert all("view=" not in a["href"] for a in plain.select(".statute-text a"))


def test_a_reference_to_another_law_keeps_the_parallel_view_not_the_date(seeded):
    from legislation.linking import ReferenceLinker
    from legislation.models import Article

    article = Article.objects.get(law__slug="social-insurance-law", number=85)
    linker = ReferenceLinker.for_article_page(
        article, "?date=2015-06-01&view=parallel", other_query="?view=parallel"
    )
    html = linker.render("依照《中华人民共和国劳动合同法》第十条和本法第二条的规定", 85, 1)
    assert "/labour-contract-law/articles/10/?view=parallel#article-10" in html, html
    assert "/social-insurance-law/articles/2/?date=2015-06-01&amp;view=parallel#" in html, html
