"""Cross-references in the Traditional text (issue 15, acceptance): zh-hant statute text is the
Simplified converted character by character, so 本法第三十九條和第四十條第一項、第二項 is the
same reference as 本法第三十九条和第四十条第一项、第二项 and is linked the same way; and the
English "item (1) or (2) of Article 40" links each item, as the Chinese does."""

from bs4 import BeautifulSoup

ARTICLE_14 = "/{lang}/laws/labour-contract-law/articles/14/"


def xrefs(client, url, scope="main"):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    return [(a.get_text(), a["href"]) for a in soup.select(f"{scope} a.xref")]


def test_the_traditional_law_page_links_as_many_references_as_the_simplified(client, seeded):
    simplified = xrefs(client, "/zh-hans/laws/labour-contract-law/")
    traditional = xrefs(client, "/zh-hant/laws/labour-contract-law/")
    assert len(simplified) >= 30
    # Same targets, in the same order: only the link texts' script differs.
    assert [href for _text, href in traditional] == [href for _text, href in simplified]


def test_a_traditional_article_links_its_article_and_item_references(client, seeded):
    links = xrefs(client, ARTICLE_14.format(lang="zh-hant"), ".statute-text")
    base = "/zh-hant/laws/labour-contract-law/articles"
    assert links == [
        ("第三十九條", f"{base}/39/#article-39"),
        ("第四十條第一項", f"{base}/40/#article-40-1-1"),
        ("第二項", f"{base}/40/#article-40-1-2"),
    ]


def test_the_traditional_column_of_the_parallel_view_is_linked(client, seeded):
    response = client.get(ARTICLE_14.format(lang="zh-hant") + "?view=parallel")
    soup = BeautifulSoup(response.content, "html.parser")
    traditional = [a.get_text() for a in soup.select("main [lang='zh-hant'] a.xref")]
    assert traditional == ["第三十九條", "第四十條第一項", "第二項"]


def test_english_items_of_another_article_link_each_item(client, seeded):
    links = xrefs(client, ARTICLE_14.format(lang="en"), ".statute-text")
    base = "/en/laws/labour-contract-law/articles"
    assert ("Article 39 of this Law", f"{base}/39/#article-39") in links
    assert ("item (1)", f"{base}/40/#article-40-1-1") in links
    assert ("(2) of Article 40 of this Law", f"{base}/40/#article-40-1-2") in links
    assert f"{base}/40/#article-40" not in [href for _text, href in links]
