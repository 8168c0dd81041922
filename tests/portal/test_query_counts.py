"""Queries per page stay the same whatever the amount of content (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import add_sections_and_versions, make_card_type, make_comparison, make_law

# Ceilings per page: the page's own queries plus nothing per item.
# The home and card pages count their list of comparisons (publishing.pagination).
# law, article: one query more per law a page cites by 《title》 (the paragraphs of its
# articles, so a reference to a paragraph or item that does not exist stays text; issue 15).
# home, article: one query for the questions they list (issue 19).
CEILING = {"comparison": 6, "law": 8, "home": 7, "article": 10, "card": 4}
# Pages in a translation language read the outdated translations once (their notes).
OUTDATED_NOTES = {"zh-hans": 0, "en": 1}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_comparison_page_queries_do_not_grow_with_points(client, language):
    counts = []
    for size in (5, 50):
        law = make_law(articles=size)
        comparison = make_comparison(points=size, cite=law.articles.all()[:size])
        counts.append(count_queries(client, f"/{language}/compare/{comparison.slug}/"))
    assert counts[0] == counts[1] <= CEILING["comparison"] + OUTDATED_NOTES[language], counts


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_law_and_article_pages_queries_do_not_grow_with_articles(client, language):
    """With sections, versions, cross-references (to this law and to another one) and the
    ?date= and parallel views: the same count for 10 and 500 articles."""
    make_law(slug="other", title_zh_hans="测试法", articles=2)  # the 《测试法》 cited
    pages = [
        ("law", "/{}/laws/{}/"),
        ("law", "/{}/laws/{}/?date=2015-06-01&view=parallel"),
        ("article", "/{}/laws/{}/articles/3/"),
        ("article", "/{}/laws/{}/articles/3/?date=2015-06-01&view=parallel"),
    ]
    for page, path in pages:
        counts = []
        for size in (10, 500):
            law = add_sections_and_versions(make_law(chapters=size // 5, articles=size))
            make_comparison(points=1, cite=law.articles.all()[:size])  # citing comparisons
            counts.append(count_queries(client, path.format(language, law.slug)))
        ceiling = CEILING[page] + OUTDATED_NOTES[language]
        assert counts[0] == counts[1] <= ceiling, (path, counts)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_and_card_pages_queries_do_not_grow_with_content(client, language):
    counts = {"home": [], "card": []}
    for size in (5, 50):
        card = make_card_type()
        for _ in range(size // 5):
            make_comparison(card_types=[card, make_card_type()], points=2)
            make_law(articles=size // 5)
        counts["home"].append(count_queries(client, f"/{language}/"))
        counts["card"].append(count_queries(client, f"/{language}/cards/{card.slug}/"))
    for page, (small, large) in counts.items():
        assert small == large <= CEILING[page] + OUTDATED_NOTES[language], (page, small, large)
