"""The site search, as a visitor uses it: what each query finds, in which language, where the
results lead, and how odd or hostile queries are answered."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cards.models import CardType, Comparison, ComparisonPoint
from publishing.services import publish
from search.models import Synonym
from tests.factories import make_card_type, make_comparison, make_draft, make_law
from translations.i18n import language_tag

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
CITIZEN_CARD = "/{lang}/cards/citizen-card/"
SSC = "/{lang}/cards/social-security-card/"
LAW = "/{lang}/laws/social-insurance-law/"
ARTICLE = "/{lang}/laws/social-insurance-law/articles/{n}/"


def search(client, lang, q, status=200, **params):
    response = client.get(f"/{lang}/search/", {"q": q, **params})
    assert response.status_code == status, (q, response.status_code)
    return response


def hrefs(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select("main .search-result__title")]


def pages(links):
    """Result links without their #fragment."""
    return {link.split("#")[0] for link in links}


# What a visitor expects each query to find (the list), in both languages.
EXPECTED = {
    "社保": [COMPARISON, SSC, LAW, ARTICLE.replace("{n}", "2")],
    "卡": [COMPARISON, CITIZEN_CARD, SSC],
    "市民卡": [COMPARISON, CITIZEN_CARD],
    "citizen card": [COMPARISON, CITIZEN_CARD],
    "Old-Age": [ARTICLE.replace("{n}", "2")],
    "pensions": [ARTICLE.replace("{n}", "2")],
}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("q", EXPECTED)
def test_query_finds_the_expected_pages(client, seeded, lang, q):
    found = pages(hrefs(search(client, lang, q)))

    for page in EXPECTED[q]:
        assert page.format(lang=lang) in found, (q, page)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "q", ["第二条", "第2条", "Article 2", "art. 2", "ART 2", "第 ２ 条", "第二條"]
)
def test_a_bare_article_reference_lists_each_laws_article(client, seeded, lang, q):
    """Both seeded laws have an Article 2: a bare reference names neither, so both are listed
    to choose from (it used to jump to the Social Insurance Law's)."""
    links = hrefs(search(client, lang, q))

    assert ARTICLE.format(lang=lang, n=2) in links
    assert f"/{lang}/laws/labour-contract-law/articles/2/" in links


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("q", "url"),
    [
        ("劳动合同法第十条", "/{lang}/laws/labour-contract-law/articles/10/"),
        ("《中华人民共和国劳动合同法》第十条", "/{lang}/laws/labour-contract-law/articles/10/"),
        ("Labour Contract Law Article 10", "/{lang}/laws/labour-contract-law/articles/10/"),
        ("Article 10 of the Labor Contract Law", "/{lang}/laws/labour-contract-law/articles/10/"),
        ("社会保险法第二条", ARTICLE.replace("{n}", "2")),
        ("social insurance law art. 64", ARTICLE.replace("{n}", "64")),
        # Typed in Traditional characters (a reader from Hong Kong or Taiwan).
        ("勞動合同法第十條", "/{lang}/laws/labour-contract-law/articles/10/"),
        ("社會保險法第2條", ARTICLE.replace("{n}", "2")),
    ],
)
def test_a_reference_with_a_law_name_jumps_to_that_laws_article(client, seeded, lang, q, url):
    response = search(client, lang, q, status=302)

    assert response["Location"] == url.format(lang=lang)


@pytest.mark.parametrize(
    ("q", "url"),
    [
        ("劳动合同法第十条第二款", "/zh-hans/laws/labour-contract-law/articles/10/#article-10-2"),
        (
            "社会保险法第三十条第二款",
            "/zh-hans/laws/social-insurance-law/articles/30/#article-30-2",
        ),
        (
            "Social Insurance Law Article 30(2)",
            "/zh-hans/laws/social-insurance-law/articles/30/#article-30-2",
        ),
        (
            "Labour Contract Law Article 10, paragraph 2",
            "/zh-hans/laws/labour-contract-law/articles/10/#article-10-2",
        ),
        ("Labor Contract Law, Article 10", "/zh-hans/laws/labour-contract-law/articles/10/"),
        # A paragraph the article does not have: the article itself, no broken fragment.
        ("劳动合同法第十条第九款", "/zh-hans/laws/labour-contract-law/articles/10/"),
    ],
)
def test_a_reference_to_a_paragraph_jumps_to_its_anchor(client, seeded, q, url):
    location = search(client, "zh-hans", q, status=302)["Location"]
    assert location == url
    if "#" in url:
        page = client.get(location.split("#")[0]).content.decode()
        assert f'id="{url.split("#")[1]}"' in page


def test_editors_add_aliases_for_a_law(client, seeded):
    from legislation.models import Law
    from search.models import LawSearch

    assert search(client, "zh-hans", "社保法第二条").status_code == 200  # not known yet
    law = Law.objects.get(slug="social-insurance-law")
    LawSearch.objects.create(law=law, aliases="社保法\nSocial Insurance Act")

    assert search(client, "zh-hans", "社保法第二条", status=302)["Location"] == (
        ARTICLE.format(lang="zh-hans", n=2)
    )
    assert search(client, "en", "Social Insurance Act Article 3", status=302)["Location"] == (
        ARTICLE.format(lang="en", n=3)
    )


def test_results_are_ranked_title_matches_first_then_by_the_editors_weight(client, seeded):
    from legislation.models import Law
    from search.models import LawSearch

    def article_laws(q):
        return [
            link.split("/laws/")[1].split("/")[0]
            for link in hrefs(search(client, "zh-hans", q))
            if "/articles/" in link
        ]

    # 社保 → 社会保险: the Social Insurance Law's title matches, so its articles come first
    # (by slug the Labour Contract Law's came first).
    laws = article_laws("社保")
    assert laws[0] == "social-insurance-law"
    assert laws == sorted(laws, key=lambda slug: slug != "social-insurance-law")
    # 用人单位 matches the body of both laws' articles: an editor's weight decides the order.
    LawSearch.objects.create(law=Law.objects.get(slug="labour-contract-law"), weight=10)
    assert article_laws("用人单位")[0] == "labour-contract-law"
    LawSearch.objects.filter(law__slug="labour-contract-law").update(weight=-10)
    assert article_laws("用人单位")[0] == "social-insurance-law"


def test_a_capped_count_says_so(client, db):
    from search import engine

    make_law(articles=engine.MAX_PER_KIND + 5)  # every article says 第一款
    soup = BeautifulSoup(search(client, "en", "第一款").content, "html.parser")
    summary = soup.select_one(".search-summary").get_text(" ", strip=True)
    assert summary.startswith(f"{engine.MAX_PER_KIND}+ results"), summary
    few = BeautifulSoup(search(client, "en", "第3条的").content, "html.parser")
    assert "+" not in few.select_one(".search-summary").get_text()


def test_a_capped_count_summed_over_kinds_reads_as_the_cap(client, db):
    """200 articles (capped) and a law match: "200+", not "201+" (a figure that looks exact)."""
    from search import engine

    make_law(articles=engine.MAX_PER_KIND + 5, title_zh_hans="第一款测试法")
    soup = BeautifulSoup(search(client, "en", "第一款").content, "html.parser")
    summary = soup.select_one(".search-summary").get_text(" ", strip=True)
    assert summary.startswith(f"{engine.MAX_PER_KIND}+ results"), summary


def test_articles_with_this_number_mark_an_untranslated_law_title(client, db):
    """On an English page a law without an English title is cited in Chinese: marked so."""
    make_law(articles=3, title_en="", short_title_en="", title_zh_hans="未译测试法")
    make_law(articles=3)
    soup = BeautifulSoup(search(client, "en", "Article 2").content, "html.parser")
    links = soup.select("[aria-labelledby=search-numbered-heading] a.search-result__title")
    assert len(links) == 2
    chinese = [a for a in links if "未译测试法" in a.get_text()]
    # Only the title is Chinese: "Article 2 of the" is English.
    assert chinese and chinese[0].get("lang") is None, chinese
    assert [(s["lang"], s.get_text()) for s in chinese[0].select("[lang]")] == [
        ("zh-hans", "未译测试法")
    ]
    assert [(a.get("lang"), a.select("[lang]")) for a in links if a not in chinese] == [(None, [])]


def test_article_reference_in_two_uncited_laws_lists_both(client, db):
    first, second = make_law(articles=5), make_law(articles=5)

    links = hrefs(search(client, "en", "第五条"))

    assert f"/en/laws/{first.slug}/articles/5/" in links
    assert f"/en/laws/{second.slug}/articles/5/" in links


def test_a_bare_number_is_searched_not_jumped_to(client, seeded):
    search(client, "zh-hans", "2")  # 200, not a redirect


def test_synonym_finds_the_long_form(client, seeded):
    soup = BeautifulSoup(search(client, "zh-hans", "社保").content, "html.parser")

    marked = {mark.get_text() for mark in soup.select("main mark")}
    assert {"社会保险", "社会保障"} <= marked


def test_editors_synonyms_take_effect(client, seeded):
    assert not hrefs(search(client, "en", "eyecard"))
    Synonym.objects.create(term="EyeCard", expansions="citizen card")

    assert CITIZEN_CARD.format(lang="en") in pages(hrefs(search(client, "en", "eyecard")))


def test_point_results_link_to_their_row(client, comparison):
    point = comparison.points.get(aspect_zh_hans="发卡机构")

    links = hrefs(search(client, "zh-hans", "发卡机构"))

    assert COMPARISON.format(lang="zh-hans") + f"#{point.anchor}" in links


def test_other_language_matches_are_marked_with_their_language(client, seeded):
    soup = BeautifulSoup(search(client, "en", "市民卡").content, "html.parser")

    excerpts = soup.select("main .search-result__excerpt")
    assert excerpts
    chinese = [e for e in excerpts if "市民卡" in e.get_text()]
    assert chinese and all(e["lang"] == "zh-hans" for e in chinese)
    english = BeautifulSoup(search(client, "en", "citizen").content, "html.parser")
    assert all(not e.has_attr("lang") for e in english.select("main .search-result__excerpt"))


def test_drafts_are_not_found(client, comparison):
    Comparison.objects.filter(pk=comparison.pk).update(is_published=False)

    assert COMPARISON.format(lang="en") not in pages(hrefs(search(client, "en", "citizen card")))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_unpublished_card_types_are_not_found(client, db, lang):
    hidden = make_card_type(
        is_published=False, name_zh_hans="隐秘卡", name_en="Secretcard", summary_en="Secretword."
    )
    for q in ("隐秘卡", "Secretcard", "Secretword"):
        assert not hrefs(search(client, lang, q)), q
    publish(hidden, user=None)  # the same words find it once it is public
    assert f"/{lang}/cards/{hidden.slug}/" in hrefs(search(client, lang, "Secretcard"))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_drafts_new_words_are_not_found_the_live_ones_are(client, comparison, lang):
    card = CardType.objects.get(slug="citizen-card")

    def change():
        CardType.objects.filter(pk=card.pk).update(
            summary_zh_hans="草稿里的新说法。", summary_en="Draftonlyword in the summary."
        )
        ComparisonPoint.objects.filter(comparison=comparison).update(heading_en="Draftheading")

    for obj in (card, comparison):
        make_draft(obj, change)
    for q in ("草稿里的新说法", "Draftonlyword", "Draftheading"):
        assert not hrefs(search(client, lang, q)), q
    assert CITIZEN_CARD.format(lang=lang) in pages(hrefs(search(client, lang, "市民卡")))
    assert CITIZEN_CARD.format(lang=lang) in pages(hrefs(search(client, lang, "citizen card")))
    publish(card, user=None)
    assert pages(hrefs(search(client, lang, "Draftonlyword"))) == {CITIZEN_CARD.format(lang=lang)}


def test_highlighting_never_breaks_escaping(client, db):
    law = make_law(articles=1)
    law.articles.update(text_zh_hans="<script>alert(1)</script> 社保 & <b>卡</b>")

    html = search(client, "zh-hans", "社保").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>社保</mark> &amp; &lt;b&gt;" in html


def test_a_query_of_markup_is_shown_as_text(client, seeded):
    html = search(client, "en", '<img src=x onerror="alert(1)">').content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_results_are_paginated(client, db):
    for _ in range(3):
        make_law(articles=10)  # 30 articles whose text contains 第一款

    first = search(client, "zh-hans", "第一款")
    second = search(client, "zh-hans", "第一款", page=2)

    assert len(hrefs(first)) == 20
    assert len(hrefs(second)) == 10
    assert not set(hrefs(first)) & set(hrefs(second))
    nav = first.content.decode()
    assert 'rel="next" href="/zh-hans/search/?q=%E7%AC%AC%E4%B8%80%E6%AC%BE&amp;page=2"' in nav
    # A page that does not exist is a 404 in the address's language, as on every list.
    for page in ("999999999999999999999", "3", "abc", "0"):
        missing = search(client, "en", "第一款", status=404, page=page)
        assert '<html lang="en"' in missing.content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_search_query_count_does_not_grow_with_content(client, db, lang):
    """Fixed, whatever the size, once a kind has more matches than are ranked (then its
    title matches are looked up too: one more query per kind at most)."""
    from search.engine import sources

    counts = []
    for size in (5, 1000, 5000):
        law = make_law(chapters=1, articles=min(size, 9999) if size < 9999 else 9999)
        make_comparison(points=3, cite=law.articles.all()[:3])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/{lang}/search/", {"q": "款"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[2], counts
    assert counts[0] <= counts[1] <= counts[0] + len(sources()), counts


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_empty_query_gets_a_friendly_page(client, seeded, lang):
    for q in ("", "   "):
        soup = BeautifulSoup(search(client, lang, q).content, "html.parser")
        assert soup.find("input", id="search-page-q")
        assert soup.html["lang"] == language_tag(lang)


@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        ("x" * 1_500, {400}),  # longer addresses are a 414 (tests/portal/test_client_faults.py)
        ("%00", {200}),
        ("%ED%A0%80", {200}),  # a lone surrogate, UTF-8 encoded (not valid UTF-8)
        ("%ff%fe", {200}),
        ("'; DROP TABLE cards_comparison;--", {200}),
        ("' OR 1=1 --", {200}),
        ("%25%25%5F", {200}),  # %% _
        ("!!!", {200}),
        ("a b c d e f g h i j", {200}),
    ],
)
def test_odd_queries_get_a_friendly_page(client, seeded, query, statuses):
    response = client.get(f"/en/search/?q={query}", follow=True)

    assert response.status_code in statuses
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("input", id="search-page-q")
    assert len(response.content) < 100_000


def test_too_long_query_says_so(client, seeded):
    response = search(client, "zh-hans", "社" * 101, status=400)

    assert "100" in BeautifulSoup(response.content, "html.parser").find("main").get_text()


def test_search_box_on_every_page(client, seeded):
    for path in ("/en/", COMPARISON.format(lang="en"), LAW.format(lang="zh-hans")):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        form = soup.find("form", role="search")
        assert form["action"] == path[: path.index("/", 1)] + "/search/"
        assert form.find("label")


def test_article_results_link_to_the_matching_paragraph(client, seeded):
    # The second paragraph (款) of Article 4: 个人依法享受社会保险待遇，有权监督本单位为其缴费情况。
    links = hrefs(search(client, "zh-hans", "有权监督本单位"))

    assert ARTICLE.format(lang="zh-hans", n=4) + "#article-4-2" in links


def summary(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".search-summary").get_text()


@pytest.mark.parametrize(("lang", "said"), [("zh-hans", "共有25条结果"), ("en", "25 results")])
def test_a_bare_reference_to_many_laws_is_counted_and_paged(client, db, lang, said):
    """With more laws than a page holds, each law's Article 10 is counted in the summary (it
    said "0 results" above the list) and paged, none silently left out (it stopped at 20)."""
    laws = [make_law(articles=10) for _ in range(25)]

    first = search(client, lang, "第十条")
    assert said in " ".join(summary(first).split())
    listed = hrefs(first)
    assert len(listed) == 20
    soup = BeautifulSoup(first.content, "html.parser")
    second_page = soup.select_one(".pager__next")["href"]
    listed += hrefs(client.get(second_page))
    assert sorted(listed) == sorted(f"/{lang}/laws/{law.slug}/articles/10/" for law in laws)


def test_a_cut_list_of_numbered_articles_says_so(client, db, monkeypatch):
    monkeypatch.setattr("search.engine.MAX_PER_KIND", 4)
    laws = [make_law(articles=3) for _ in range(5)]

    response = search(client, "en", "Article 3")
    assert "4+ results" in summary(response)
    note = BeautifulSoup(response.content, "html.parser").select_one(".search-numbered-capped")
    assert "More than 4 laws have an article with this number" in note.get_text()
    assert "Labour Contract Law Article 10" in note.get_text()  # how to narrow it
    listed = [link for link in hrefs(response) if link.endswith("/articles/3/")]
    assert listed == [f"/en/laws/{law.slug}/articles/3/" for law in laws[:4]]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_articles_under_a_matching_heading_rank_before_body_matches(client, seeded, lang):
    """工伤: the articles of the chapter 工伤保险 (work-related injury insurance) come before
    articles that only mention 工伤 in their text (a body match came first)."""
    from legislation.models import Article

    links, url = [], f"/{lang}/search/?q=工伤"
    while url:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        links += [a["href"] for a in soup.select("main .search-result__title")]
        following = soup.select_one(".pager__next")
        url = following["href"] if following else None
    found = [link.split("#")[0] for link in links if "/articles/" in link]
    under = {
        f"/{lang}/laws/{slug}/articles/{number}/"
        for slug, number in Article.objects.filter(
            chapter__title_zh_hans__contains="工伤"
        ).values_list("law__slug", "number")
    }
    headed = [link in under for link in found]
    assert any(headed) and not all(headed), found  # both kinds are found
    assert headed == sorted(headed, reverse=True), found  # every heading match first


def test_heading_matches_rank_first_beyond_the_candidates_read(client, db):
    """More matches than are ranked (engine.CANDIDATES): the articles under the matching
    heading are still looked up and ranked first."""
    from legislation.models import Chapter
    from search import engine

    law = make_law(chapters=2, articles=2 * engine.CANDIDATES + 50)  # every text: 第一款
    Chapter.objects.filter(law=law, number=2).update(title_zh_hans="第一款之章")
    under = set(law.articles.filter(chapter__number=2).values_list("number", flat=True))
    first = hrefs(search(client, "en", "第一款"))
    numbers = [int(link.split("/articles/")[1].split("/")[0]) for link in first]
    assert numbers and set(numbers) <= under, numbers


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_number_is_highlighted_only_as_a_whole_number(client, seeded, lang):
    soup = BeautifulSoup(search(client, lang, "Article 2").content, "html.parser")
    marks = [m for m in soup.select("main mark") if m.get_text().isdigit()]
    assert marks
    for mark in marks:
        before, after = mark.previous_sibling, mark.next_sibling
        assert not (isinstance(before, str) and before[-1:].isdigit()), mark.parent
        assert not (isinstance(after, str) and after[:1].isdigit()), mark.parent


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
def test_capped_and_exact_counts_are_worded_alike(client, db, lang):
    """ "200+" and an exact count read the same way in every language: no space around the
    number in Chinese in one and not the other."""
    from search import engine

    make_law(articles=engine.MAX_PER_KIND + 5)  # every article says 第一款
    capped = " ".join(summary(search(client, lang, "第一款")).split())
    exact = " ".join(summary(search(client, lang, "第3条的")).split())
    assert re.search(rf"共有{engine.MAX_PER_KIND}[条條]以上", capped), capped
    assert re.search(r"共有1[条條]結?结?果", exact), exact
    assert " " not in capped + exact


def test_capped_and_exact_counts_are_worded_alike_in_english(client, db):
    from search import engine

    make_law(articles=engine.MAX_PER_KIND + 5)
    assert summary(search(client, "en", "第一款")).split()[:2] == [
        f"{engine.MAX_PER_KIND}+",
        "results",
    ]
    assert summary(search(client, "en", "第3条的")).split()[:2] == ["1", "result"]
