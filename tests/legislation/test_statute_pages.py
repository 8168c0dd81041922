"""Public statute pages: sections, versions over time, cross-reference links, parallel text."""

import pytest
from bs4 import BeautifulSoup

from legislation.references import find_references

SIL = "/{lang}/laws/social-insurance-law/"
LCL = "/{lang}/laws/labour-contract-law/"


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def statute_text(page):
    return " ".join(p.get_text() for p in page.select(".statute-text:not(.diff) > p"))


def test_article_64_as_of_2015_shows_the_2010_wording_and_today_the_2018_one(client, seeded):
    url = SIL.format(lang="zh-hans") + "articles/64/"
    then = statute_text(soup(client, url + "?date=2015-06-01"))
    now = statute_text(soup(client, url))
    assert "各项社会保险基金按照社会保险险种分别建账，分账核算，执行国家统一的会计制度" in then
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" not in then
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" in now
    # The law page as of that date says the same.
    law = soup(client, SIL.format(lang="zh-hans") + "?date=2015-06-01")
    assert "除基本医疗保险基金" not in law.select_one("#article-64").get_text()


def test_the_diff_marks_the_inserted_clause_in_words_not_colour_alone(client, seeded):
    page = soup(client, SIL.format(lang="zh-hans") + "articles/64/")
    inserted = [ins.get_text() for ins in page.select("#changes ins")]
    assert any("除基本医疗保险基金与生育保险基金合并建账及核算外" in text for text in inserted)
    # Both wordings have English (the seed ships the 2010 English): the English page's diff is
    # in English, so not marked as Chinese, and its hidden labels are English.
    page = soup(client, SIL.format(lang="en") + "articles/64/")
    inserted = [ins.get_text() for ins in page.select("#changes ins")]
    assert "Except" in " ".join(inserted)
    assert "accounts are set up and kept together" in " ".join(inserted)
    assert all(text.startswith("(inserted: ") and text.endswith(")") for text in inserted)
    assert page.select_one("#changes .diff").get("lang") is None
    chinese = soup(client, SIL.format(lang="zh-hans") + "articles/64/")
    inserted = [ins.get_text() for ins in chinese.select("#changes ins")]
    assert inserted and all(t.startswith("（插入：") and t.endswith("）") for t in inserted)


@pytest.mark.parametrize("number", [1, 2, 30, 56, 98])
def test_unchanged_articles_show_no_change(client, seeded, number):
    page = soup(client, SIL.format(lang="zh-hans") + f"articles/{number}/")
    assert page.select_one("#changes") is None
    assert statute_text(
        soup(client, SIL.format(lang="zh-hans") + f"articles/{number}/?date=2015-06-01")
    ) == statute_text(page)


def test_the_law_page_lists_what_each_amendment_changed(client, seeded):
    page = soup(client, SIL.format(lang="en"))
    changed = [a.get_text() for a in page.select(".amendments a")]
    assert changed == ["Article 57", "Article 64", "Article 66"]
    versions = [a.get_text(strip=True) for a in page.select(".versions a")]
    assert versions == ["As adopted 2010", "As amended 2018", "Current text"]


def test_a_bad_date_is_a_clear_message_not_an_error(client, seeded):
    page = soup(client, SIL.format(lang="en") + "articles/64/?date=2015-13-45")
    assert "That is not a date" in page.get_text()
    page = soup(client, SIL.format(lang="en") + "articles/64/?date=2005-01-01")
    assert "not yet part of the law" in page.get_text() or "not yet" in page.get_text()


def test_article_41_links_to_article_63(client, seeded):
    page = soup(client, SIL.format(lang="zh-hans") + "articles/41/")
    links = [(a.get_text(), a["href"]) for a in page.select(".statute-text a.xref")]
    assert links == [("第六十三条", "/zh-hans/laws/social-insurance-law/articles/63/#article-63")]
    law = soup(client, SIL.format(lang="zh-hans"))
    assert law.select_one("#article-41 a.xref")["href"] == "#article-63"
    assert law.select_one("#article-63") is not None


def test_ranges_lists_and_paragraphs_link_correctly(client, seeded):
    page = soup(client, LCL.format(lang="zh-hans") + "articles/14/")
    links = [(a.get_text(), a["href"].split("/")[-1]) for a in page.select(".statute-text a.xref")]
    # 第四十条第一项、第二项: each item links to its own anchor.
    assert links == [
        ("第三十九条", "#article-39"),
        ("第四十条第一项", "#article-40-1-1"),
        ("第二项", "#article-40-1-2"),
    ]
    page = soup(client, LCL.format(lang="zh-hans") + "articles/38/")
    hrefs = [a["href"].split("/")[-1] for a in page.select(".statute-text a.xref")]
    assert "#article-26-1" in hrefs  # 本法第二十六条第一款: paragraph 1 of Article 26


def test_reference_finder():
    text = "依照本法第二十三条至第二十五条和本条第一款，前款规定，第九条除外，《某某法》第一条"
    found = [
        (text[r.start : r.end], r.article, r.paragraph, r.law_title)
        for r in find_references(text, article=7, paragraph=2)
    ]
    assert found == [
        ("第二十三条", 23, None, None),
        ("第二十五条", 25, None, None),
        ("本条第一款", 7, 1, None),
        ("前款", 7, 1, None),
        ("第一条", 1, None, "某某法"),
    ]
    # 前款 in a first paragraph refers to nothing; a bare 第九条 is ambiguous: no link.
    assert find_references("前款规定的，依照第九条。", article=7, paragraph=1) == []
    english = "As provided in Article 63 of this Law and Articles 23 to 25 of this Law."
    assert [
        (r.article, english[r.start : r.end])
        for r in find_references(english, article=41, paragraph=2)
    ] == [
        (63, "Article 63 of this Law"),
        (23, "23"),
        (25, "25"),
    ]


def test_unknown_references_stay_text(client, seeded):
    from legislation.models import Article

    article = Article.objects.get(law__slug="social-insurance-law", number=98)
    article.text_zh_hans = "依照本法第九百条和《不存在的法》第一条，前款。"
    article.save()
    page = soup(client, SIL.format(lang="zh-hans") + "articles/98/")
    assert page.select(".statute-text a") == []
    assert "依照本法第九百条和《不存在的法》第一条" in statute_text(page)


def test_paragraphs_have_stable_anchors(client, seeded):
    page = soup(client, SIL.format(lang="zh-hans") + "articles/4/")
    assert [p["id"] for p in page.select(".statute-text p[id]")] == ["article-4-1", "article-4-2"]
    # Items （一）… belong to the paragraph above them: no 款 number, ids of their own.
    page = soup(client, SIL.format(lang="zh-hans") + "articles/37/")
    assert [p["id"] for p in page.select(".statute-text p[id]")] == [
        "article-37-1",
        *(f"article-37-1-{item}" for item in range(1, 5)),
    ]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_both_laws_show_their_sections_in_the_table_of_contents(client, seeded, lang):
    toc = soup(client, LCL.format(lang=lang)).select_one("nav.toc")
    labels = [s.get_text(" ", strip=True) for s in toc.select(".toc__sections .toc__label")]
    assert labels == (
        ["第一节", "第二节", "第三节"]
        if lang == "zh-hans"
        else ["Section 1", "Section 2", "Section 3"]
    )
    page = soup(client, LCL.format(lang=lang) + "articles/57/")
    assert ("第二节" if lang == "zh-hans" else "Section 2") in page.select_one(
        ".page-meta"
    ).get_text()


def test_labour_contract_law_is_listed_on_the_laws_list_and_home_page(client, seeded):
    for url in ("/zh-hans/laws/", "/zh-hans/"):
        text = soup(client, url).get_text()
        assert "中华人民共和国劳动合同法" in text and "中华人民共和国社会保险法" in text


def test_parallel_view_pairs_chinese_and_english_paragraphs(client, seeded):
    page = soup(client, SIL.format(lang="en") + "articles/4/?view=parallel")
    rows = page.select(".parallel__row")
    assert len(rows) == 2
    assert rows[0]["id"] == "article-4-1"
    assert rows[0].select_one(".parallel__zh")["lang"] == "zh-hans"
    assert rows[0].select_one(".parallel__zh").get_text().startswith("中华人民共和国境内")
    assert rows[1].select_one(".parallel__en").get_text().startswith("Individuals enjoy")
    assert page.main.get_text().count("The Chinese text is authoritative") == 1
    # Reached by a plain link from the English page; the law page has it too.
    plain = soup(client, SIL.format(lang="en") + "articles/4/")
    assert plain.select_one(".view-switch a")["href"] == "?view=parallel"
    assert soup(client, SIL.format(lang="en") + "?view=parallel").select(".parallel__row")


def test_headings_and_ranges(client, seeded):
    assert (
        soup(client, SIL.format(lang="zh-hans") + "articles/2/").h1.get_text() == "社会保险法第二条"
    )
    assert (
        soup(client, SIL.format(lang="en") + "articles/2/").h1.get_text()
        == "Social Insurance Law, Article 2"
    )
    toc = soup(client, SIL.format(lang="en")).select_one("nav.toc")
    assert toc.select_one(".toc__range").get_text() == "Articles 1\u20139"
    titles = [t.get_text(" ", strip=True) for t in toc.select(".toc__entry a")]
    assert "Chapter IX Social Insurance Operations" in titles
    assert "Chapter VII Collection and Payment of Social Insurance Contributions" in titles


def test_the_2018_amendment_changed_only_articles_57_64_and_66(seeded):
    from legislation.models import Article

    articles = Article.objects.filter(law__slug="social-insurance-law").with_wordings()
    changed = [a.number for a in articles if a.changes()]
    assert changed == [57, 64, 66]


def test_a_reference_to_another_law_in_the_database_links_there(client, seeded):
    from legislation.models import Article

    article = Article.objects.get(law__slug="social-insurance-law", number=98)
    article.text_zh_hans = "依照《中华人民共和国劳动合同法》第十条和《劳动合同法》第九十九条。"
    article.save()
    page = soup(client, SIL.format(lang="zh-hans") + "articles/98/")
    links = [(a.get_text(), a["href"]) for a in page.select(".statute-text a.xref")]
    # Article 99 does not exist: it stays text.
    assert links == [("第十条", "/zh-hans/laws/labour-contract-law/articles/10/#article-10")]


def test_the_mended_english_of_chapter_one(seeded):
    from legislation.models import Article

    english = {
        a.number: a.text_en for a in Article.objects.filter(law__slug="social-insurance-law")
    }
    assert "basic protection" in english[3] and "basic-level" not in english[3]
    assert "into their plans for national economic and social development" in english[5]
