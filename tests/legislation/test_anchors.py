"""One paragraph model in both languages (issue 15, item 2): every fragment a link or a search
result points at exists on the page it leads to, for every article of both laws in both
languages; 款 and 项 are numbered alike in Chinese, English and the parallel view."""

from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from legislation.models import Article

LANGUAGES = ["zh-hans", "en"]
QUERIES = ["社会保险", "主要负责人", "用人单位", "工伤", "劳动合同", "缴费", "pension", "employer"]


def page_ids(client, url, cache):
    """The ids on the page at `url` (fetched once)."""
    if url not in cache:
        response = client.get(url)
        assert response.status_code == 200, url
        cache[url] = {
            tag["id"] for tag in BeautifulSoup(response.content, "html.parser").select("[id]")
        }
    return cache[url]


def assert_fragments_exist(client, links, cache):
    missing = []
    for source, href in links:
        url, fragment = urldefrag(href)
        if not fragment:
            continue
        target = urlsplit(url).path or urlsplit(source).path
        if fragment not in page_ids(client, target, cache):
            missing.append((source, href))
    assert not missing, missing


def test_every_link_of_every_article_page_leads_to_an_anchor_that_exists(client, seeded):
    cache, links = {}, []
    articles = Article.objects.published().select_related("law")
    assert articles.count() >= 190  # both laws
    for article in articles:
        for lang in LANGUAGES:
            for view in ("", "?view=parallel"):
                with translation.override(lang):
                    url = article.get_absolute_url()
                response = client.get(url + view)
                assert response.status_code == 200, url
                soup = BeautifulSoup(response.content, "html.parser")
                cache.setdefault(url, {tag["id"] for tag in soup.select("[id]")})
                links += [(url, a["href"]) for a in soup.select("main a[href*='#']")]
    # The links that matter here: cross-references, plus every other in-page fragment.
    assert any("#article-" in href for _source, href in links)
    assert_fragments_exist(client, links, cache)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_search_result_leads_to_an_anchor_that_exists(client, seeded, lang):
    cache, links = {}, []
    for q in QUERIES:
        response = client.get(f"/{lang}/search/", {"q": q})
        soup = BeautifulSoup(response.content, "html.parser")
        links += [
            (f"/{lang}/search/", a["href"]) for a in soup.select("main .search-result__title")
        ]
    assert any("#article-" in href for _source, href in links)
    assert_fragments_exist(client, links, cache)


def test_a_match_in_an_item_links_to_that_item(client, seeded):
    # Labour Contract Law Article 17: 主要负责人 is in item (1) of paragraph 1; the issue saw
    # #article-17-2 (the item counted as a paragraph).
    response = client.get("/zh-hans/search/", {"q": "主要负责人"})
    soup = BeautifulSoup(response.content, "html.parser")
    hrefs = [a["href"] for a in soup.select("main .search-result__title")]
    assert "/zh-hans/laws/labour-contract-law/articles/17/#article-17-1-1" in hrefs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_items_have_the_same_ids_in_both_languages(client, seeded, lang):
    # Article 30: the example; #article-30-2 is the second 款 everywhere.
    ids = {}
    for language in LANGUAGES:
        response = client.get(f"/{language}/laws/social-insurance-law/articles/30/")
        soup = BeautifulSoup(response.content, "html.parser")
        ids[language] = [p["id"] for p in soup.select(".statute-text p[id]")]
    assert ids["en"] == ids["zh-hans"]
    assert "article-30-2" in ids[lang]
    assert "article-30-1-1" in ids[lang]  # item (1) of paragraph 1


def test_a_reference_to_a_paragraph_that_does_not_exist_stays_text(client, seeded):
    from legislation.linking import ReferenceLinker

    article = Article.objects.get(law__slug="social-insurance-law", number=3)
    linker = ReferenceLinker.for_article_page(article)
    html = linker.render("依照本法第二条第五款和本法第二条第一款规定", 3, 1)
    assert "第二条第五款</a>" not in html  # Article 2 has no 5th 款
    assert 'href="/zh-hans/laws/social-insurance-law/articles/2/#article-2-1"' in html or (
        "#article-2-1" in html
    )


@pytest.mark.parametrize(
    ("text", "paragraph", "expected"),
    [
        ("前两款规定的情形", 3, [("前两款", 9, 1, None)]),
        ("前款规定的情形", 2, [("前款", 9, 1, None)]),
        ("有本条第二项情形的", 1, [("本条第二项", 9, None, 2)]),
        (
            "对本法第十七条第四项、第五项规定的人员",
            1,
            [("第十七条第四项", 17, None, 4), ("第五项", 17, None, 5)],
        ),
        ("Under paragraph 1 of this Article", 2, [("paragraph 1 of this Article", 9, 1, None)]),
        ("as provided in Article 63, the fund", 1, [("Article 63", 63, None, None)]),
        ("前款第二项规定的", 2, [("前款第二项", 9, 1, 2)]),
        (
            "as provided in item (2) of Article 42 of this Law",
            1,
            [("item (2) of Article 42 of this Law", 42, None, 2)],
        ),
        (
            "item (1) of paragraph 1 of Article 26 of this Law",
            1,
            [("item (1) of paragraph 1 of Article 26 of this Law", 26, 1, 1)],
        ),
        ("item (3) of this Article", 2, [("item (3) of this Article", 9, None, 3)]),
        (
            "item (2) of the preceding paragraph",
            2,
            [("item (2) of the preceding paragraph", 9, 1, 2)],
        ),
        ("Article 5 of the Labour Law applies", 1, []),  # another law: not this law's Article 5
        # An English paragraph quoting a Chinese name is still read for references.
        (
            "Article 63 of this Law (第六十三条) applies",
            1,
            [("Article 63 of this Law", 63, None, None)],
        ),
    ],
)
def test_references_of_every_form_are_found(text, paragraph, expected):
    from legislation.references import find_references

    found = find_references(text, article=9, paragraph=paragraph)
    assert [(text[r.start : r.end], r.article, r.paragraph, r.item) for r in found] == expected


def test_an_english_item_reference_links_to_the_item_as_the_chinese_does(client, seeded):
    # Labour Contract Law Article 45 cites item (2) of Article 42 (本法第四十二条第二项).
    url = "/{}/laws/labour-contract-law/articles/45/"
    for lang in ("en", "zh-hans"):
        page = BeautifulSoup(client.get(url.format(lang)).content, "html.parser")
        hrefs = [a["href"] for a in page.select(".statute-text a.xref")]
        assert f"/{lang}/laws/labour-contract-law/articles/42/#article-42-1-2" in hrefs, hrefs


LCL_14_2_3 = "/{lang}/laws/labour-contract-law/articles/14/#article-14-2-3"
ITEM_REFERENCES = {
    # Labour Contract Law Article 14: its second 款 has three items.
    "劳动合同法第十四条第二款第三项": LCL_14_2_3,
    "勞動合同法第十四條第二款第三項": LCL_14_2_3,
    "Labour Contract Law Article 14(2)(3)": LCL_14_2_3,
    "item (3) of paragraph 2 of Article 14 of the Labour Contract Law": LCL_14_2_3,
    # An item with no paragraph named: of the article's list of items (Article 41 has two).
    "劳动合同法第四十一条第二项": "/{lang}/laws/labour-contract-law/articles/41/#article-41-1-2",
    # An item that does not exist: its paragraph, never a fragment the page lacks.
    "劳动合同法第十四条第二款第九项": "/{lang}/laws/labour-contract-law/articles/14/#article-14-2",
    "劳动合同法第十条第三项": "/{lang}/laws/labour-contract-law/articles/10/",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("q", ITEM_REFERENCES)
def test_a_search_for_an_item_jumps_to_the_item(client, seeded, lang, q):
    response = client.get(f"/{lang}/search/", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == ITEM_REFERENCES[q].format(lang=lang)
    assert_fragments_exist(client, [("", response["Location"])], {})


@pytest.mark.parametrize("q", ["第十四条第二款第三项", "item (3) of paragraph 2 of Article 14"])
def test_a_bare_item_reference_lists_each_laws_article_at_the_item(client, seeded, q):
    """Both laws have an Article 14; only the Labour Contract Law's has that item: its entry
    goes to it, the other to the article, neither to a fragment its page lacks."""
    soup = BeautifulSoup(client.get("/en/search/", {"q": q}).content, "html.parser")
    hrefs = [a["href"] for a in soup.select("[aria-labelledby=search-numbered-heading] a")]
    assert "/en/laws/labour-contract-law/articles/14/#article-14-2-3" in hrefs
    assert "/en/laws/social-insurance-law/articles/14/" in hrefs
    assert_fragments_exist(client, [("/en/search/", href) for href in hrefs], {})


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("依照《中华人民共和国劳动合同法》第十四条第二款第三项的规定", "#article-14-2-3"),
        (
            "under item (3) of paragraph 2 of Article 14 of this Law",
            "#article-14-2-3",
        ),
        ("依照《中华人民共和国劳动合同法》第十四条第二款第五项的规定", None),  # no such item
        ("under item (5) of paragraph 2 of Article 14 of this Law", None),
    ],
)
def test_a_cross_reference_to_an_item_links_to_it_or_stays_text(seeded, text, linked):
    from legislation.linking import ReferenceLinker

    # The Chinese form cites the Labour Contract Law from the Social Insurance Law.
    law = "labour-contract-law" if "this Law" in text else "social-insurance-law"
    article = Article.objects.get(law__slug=law, number=3)
    with translation.override("zh-hans"):
        html = ReferenceLinker.for_article_page(article).render(text, 3, 1)
    anchors = BeautifulSoup(html, "html.parser").select("a")
    if linked is None:
        assert not anchors, html
    else:
        assert [a["href"].endswith(linked) for a in anchors] == [True], html
        assert "/laws/labour-contract-law/articles/14/" in anchors[0]["href"]
