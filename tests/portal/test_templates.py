"""What a visitor notices in the rendered pages, in every language: one heading, a title and
description of its own per language, canonical and hreflang links, a working language switcher,
the comparison table and its legal basis, a styled 404, and passages marked lang="zh-hans" where
an English page falls back to the Chinese original."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from cards.models import ComparisonPoint
from portal import errorpages
from translations.i18n import language_tag

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# Each language named in its own language, as the switcher names it.
NAMES = {"zh-hans": "简体中文", "zh-hant": "繁體中文", "en": "English"}


def others(lang):
    return [code for code in LANGUAGES if code != lang]


COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
PAGES = {
    "home": "/{lang}/",
    "comparison": COMPARISON,
    "card type": "/{lang}/cards/citizen-card/",
    "law list": "/{lang}/laws/",
    "law": "/{lang}/laws/social-insurance-law/",
    "article": "/{lang}/laws/social-insurance-law/articles/2/",
}
# Pages whose title and description come from content; the others depend on the UI catalogue.
CONTENT_PAGES = ("comparison", "card type", "law", "article")
NOT_FOUND = "/{lang}/compare/nope/"


def get_soup(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return BeautifulSoup(response.content, "html.parser")


def head_facts(soup):
    description = soup.find("meta", attrs={"name": "description"})
    return soup.title.get_text(strip=True), (description or {}).get("content", "").strip()


def switcher(soup):
    """The language switcher: the nav whose links carry hreflang."""
    navs = [nav for nav in soup.find_all("nav") if nav.find("a", hreflang=True)]
    assert len(navs) == 1, "exactly one language switcher"
    return navs[0]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_has_language_heading_title_and_description(client, seeded, page, lang):
    soup = get_soup(client, PAGES[page].format(lang=lang))

    assert soup.html["lang"] == language_tag(lang)
    assert len(soup.find_all("h1")) == 1
    assert soup.find("h1").get_text(strip=True)
    title, description = head_facts(soup)
    assert title
    assert description
    assert soup.find("a", href="#main"), "skip link"
    assert soup.find("main", id="main")


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_title_and_description_differ_between_languages(client, seeded, page):
    zh = head_facts(get_soup(client, PAGES[page].format(lang="zh-hans")))
    en = head_facts(get_soup(client, PAGES[page].format(lang="en")))

    assert zh[0] != en[0]
    assert zh[1] != en[1]


@pytest.mark.parametrize("page", ["home", "law list"])
def test_ui_titles_differ_between_languages(client, seeded, page):
    zh = head_facts(get_soup(client, PAGES[page].format(lang="zh-hans")))
    en = head_facts(get_soup(client, PAGES[page].format(lang="en")))

    assert zh[0] != en[0]
    assert zh[1] != en[1]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_canonical_and_hreflang_alternates(client, seeded, page, lang):
    path = PAGES[page].format(lang=lang)
    soup = get_soup(client, path + "?utm_source=test")

    canonical = soup.find_all("link", rel="canonical")
    assert [link["href"] for link in canonical] == [f"http://testserver{path}"]
    languages = soup.find_all("link", rel="alternate", hreflang=True)
    alternates = {link["hreflang"]: link["href"] for link in languages}
    assert set(alternates) == {language_tag(code) for code in LANGUAGES} | {"x-default"}
    assert alternates["x-default"] == "http://testserver/"
    for code in LANGUAGES:
        assert urlsplit(alternates[language_tag(code)]).path == PAGES[page].format(lang=code)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_language_switcher_leads_to_the_same_page_in_the_other_language(client, seeded, page, lang):
    nav = switcher(get_soup(client, PAGES[page].format(lang=lang)))

    current = nav.find(attrs={"aria-current": "true"})
    assert current.name != "a"
    assert current["lang"] == language_tag(lang)
    assert len(nav.find_all("li")) == len(LANGUAGES)
    for other in others(lang):
        link = nav.find("a", hreflang=language_tag(other))
        assert link["lang"] == language_tag(other)
        assert link.get_text(strip=True) == NAMES[other]
        assert link["href"] == PAGES[page].format(lang=other)
        followed = get_soup(client, link["href"])
        assert followed.html["lang"] == language_tag(other)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_switcher_keeps_the_search_the_page_and_the_view(client, seeded, lang):
    """?q=, ?page=, ?date= and ?view= say what a page shows: the other language shows the
    same. Parameters nothing reads (a campaign tag) are not carried along."""
    search = switcher(get_soup(client, f"/{lang}/search/?q=养老保险&utm_source=feed"))
    for other in others(lang):
        href = search.find("a", hreflang=language_tag(other))["href"]
        assert href == f"/{other}/search/?q=%E5%85%BB%E8%80%81%E4%BF%9D%E9%99%A9"
        followed = get_soup(client, href)
        assert followed.find("main").find("input", attrs={"name": "q"})["value"] == "养老保险"
    article = "/{lang}/laws/social-insurance-law/articles/2/"
    query = "?date=2020-01-01&view=parallel"
    nav = switcher(get_soup(client, article.format(lang=lang) + query + "&fbclid=x"))
    for other in others(lang):
        assert nav.find("a", hreflang=language_tag(other))["href"] == (
            article.format(lang=other) + query
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_breadcrumbs_on_every_page_but_home(client, seeded, lang):
    assert (
        get_soup(client, PAGES["home"].format(lang=lang)).find("nav", class_="breadcrumbs") is None
    )
    trail = get_soup(client, PAGES["article"].format(lang=lang)).find("nav", class_="breadcrumbs")
    links = [a["href"] for a in trail.find("ol").find_all("a")]
    assert links == [f"/{lang}/", f"/{lang}/laws/", f"/{lang}/laws/social-insurance-law/"]
    assert trail.find("li", attrs={"aria-current": "page"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_table_has_a_column_per_card_and_a_row_per_point(client, comparison, lang):
    soup = get_soup(client, COMPARISON.format(lang=lang))
    table = soup.find("main").find("table")

    assert table.find("caption").get_text(strip=True)
    card_headers = table.find("thead").find_all("th", scope="col")[1:]
    with translation.override(lang):
        cards = comparison.compared_card_types()
        names = [card.name for card in cards]
        points = [point.heading for point in comparison.points.all()]
    assert [th.a.get_text(strip=True) for th in card_headers] == names  # then a note, if any
    assert [th.a["href"] for th in card_headers] == [
        f"/{lang}/cards/{card.slug}/" for card in cards
    ]
    row_headers = table.find("tbody").find_all("th", scope="row")
    assert len(row_headers) == 5
    for header, heading in zip(row_headers, points, strict=True):
        assert heading in header.get_text()
    for row in table.find("tbody").find_all("tr"):
        assert [td["data-label"] for td in row.find_all("td")] == names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_quotes_its_legal_basis(client, comparison, lang):
    soup = get_soup(client, COMPARISON.format(lang=lang))
    section = soup.find(id="legal-basis")

    quotes = section.find_all("blockquote")
    assert len(quotes) == 3
    base = f"/{lang}/laws/social-insurance-law/articles/"
    links = [cite.a["href"] for cite in section.find_all("cite")]
    assert links == [f"{base}{n}/" for n in (2, 4, 5)]
    assert [urlsplit(quote["cite"]).path for quote in quotes] == links
    assert all(quote.find("p") for quote in quotes)
    assert soup.find("time", datetime=comparison.published_on.isoformat())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_point_text_is_shown_as_not_yet_written(client, comparison, lang):
    point = comparison.points.first()
    point.texts.first().delete()

    soup = get_soup(client, COMPARISON.format(lang=lang))

    with translation.override(lang):
        expected = translation.gettext("Not yet written")
    row = soup.find("tr", id=point.anchor)
    assert expected in row.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_page_is_in_the_visitors_language(client, seeded, lang):
    soup = get_soup(client, NOT_FOUND.format(lang=lang), status=404)

    assert soup.html["lang"] == language_tag(lang)
    with translation.override(lang):
        expected = translation.gettext("Page not found")
    assert soup.find("h1").get_text(strip=True) == expected
    assert soup.find("main").find("a", href=f"/{lang}/")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("link", rel="alternate") is None
    for other in others(lang):
        link = switcher(soup).find("a", hreflang=language_tag(other))
        assert link["href"] == NOT_FOUND.format(lang=other)


def test_not_found_page_speaks_chinese_to_chinese_visitors(client, seeded):
    zh = get_soup(client, NOT_FOUND.format(lang="zh-hans"), status=404)
    en = get_soup(client, NOT_FOUND.format(lang="en"), status=404)

    assert zh.find("h1").get_text(strip=True) != en.find("h1").get_text(strip=True)


def test_english_page_marks_chinese_fallback(client, comparison):
    point = comparison.points.first()
    ComparisonPoint.objects.filter(pk=point.pk).update(heading_en="")

    en = get_soup(client, COMPARISON.format(lang="en"))
    zh = get_soup(client, COMPARISON.format(lang="zh-hans"))

    marked = en.find("tr", id=point.anchor).find(string=point.heading_zh_hans).parent
    assert marked["lang"] == "zh-hans"
    other_aspect = en.find("tr", id=point.anchor).find(string=point.aspect_en).parent
    assert not other_aspect.has_attr("lang")
    unmarked = zh.find("tr", id=point.anchor).find(string=point.heading_zh_hans).parent
    assert not unmarked.has_attr("lang")


def test_untranslated_article_says_so_and_is_marked_chinese(client, chinese_only_law):
    article = chinese_only_law.articles.order_by("number").first()
    path = f"/en/laws/labour-contract-law/articles/{article.number}/"

    soup = get_soup(client, path)

    with translation.override("en"):
        notice = translation.gettext("Not yet translated: shown in the %(language)s original.") % {
            "language": translation.gettext("Simplified Chinese")
        }
    assert notice in soup.get_text()
    assert soup.find("main").find(class_="statute-text")["lang"] == "zh-hans"


def test_translated_article_in_english_shows_the_chinese_original(client, seeded):
    soup = get_soup(client, PAGES["article"].format(lang="en"))

    original = soup.find("main").find(attrs={"lang": "zh-hans"})
    assert "国家建立基本养老保险" in original.get_text()
    assert "Unofficial translation" in soup.get_text()
    assert soup.find("a", rel="prev")["href"].endswith("/articles/1/")
    assert soup.find("a", rel="next")["href"].endswith("/articles/3/")
    assert soup.find("cite").get_text(strip=True).startswith("Article 2 of the")


def test_chinese_article_has_no_translation_notice(client, seeded):
    soup = get_soup(client, PAGES["article"].format(lang="zh-hans"))

    assert soup.find("main").find(attrs={"lang": "zh-hans"}) is None
    assert "Unofficial translation" not in soup.find("main").get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_law_page_lists_chapters_and_anchors_every_article(client, seeded, lang):
    from legislation.models import Law

    law = Law.objects.with_article_count().get(slug="social-insurance-law")
    soup = get_soup(client, PAGES["law"].format(lang=lang))

    toc = soup.find("nav", class_="toc")
    targets = [a["href"] for a in toc.find_all("a")]
    assert targets == [f"#chapter-{n}" for n in range(1, law.chapters.count() + 1)]
    for target in targets:
        assert soup.find(id=target[1:])
    # Paragraphs have anchors too (article-4-2): count the articles' own.
    articles = soup.find_all(id=re.compile(r"^article-\d+$"))
    assert len(articles) == law.article_count
    assert soup.find("a", href=law.source_url)["rel"] == ["noopener", "external"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_counts_articles_and_links_content(client, seeded, lang):
    soup = get_soup(client, PAGES["home"].format(lang=lang))
    main = soup.find("main")

    hrefs = {a["href"] for a in main.find_all("a")}
    assert COMPARISON.format(lang=lang) in hrefs
    assert f"/{lang}/cards/citizen-card/" in hrefs
    assert f"/{lang}/laws/social-insurance-law/" in hrefs
    assert "98" in main.find(id="laws").get_text()


def test_server_error_page_is_static_and_in_every_language():
    html = errorpages.render(errorpages.SERVER_ERROR)
    soup = BeautifulSoup(html, "html.parser")

    langs = [element["lang"] for element in soup.find("body").find_all(attrs={"lang": True})]
    assert langs == [language_tag(code) for code, _name in settings.LANGUAGES]
    assert soup.html["lang"] == language_tag(settings.LANGUAGE_CODE)
    # Styled from a file: the Content-Security-Policy allows no inline style.
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/error.css"
    # Rendered with no request and no context processor, as a handler500 must.
    assert "{%" not in html and "{{" not in html
