"""Article addresses a visitor may type in other forms than the canonical /articles/2/."""

import pytest

BASE = "/{lang}/laws/social-insurance-law/articles/"


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "typed",
    [
        "第二条",
        "二",
        "%E7%AC%AC%E4%BA%8C%E6%9D%A1",
        "02",
        "0002",
        "%EF%BC%92",
        "Article%202",
        "第2条",
    ],
)
def test_other_forms_of_an_article_number_redirect_to_its_page(client, seeded, lang, typed):
    response = client.get(BASE.format(lang=lang) + typed + "/")
    assert response.status_code == 301
    assert response["Location"] == BASE.format(lang=lang) + "2/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "typed", ["第九十九条", "第九十九條", "第一万条", "abc", "0", "第零条", "二点五", "99"]
)
def test_numbers_of_no_article_are_a_404_not_a_redirect_to_one(client, seeded, typed):
    # The law has 98 articles: 第九十九條 is a 404 itself, not a 301 to a 404.
    for lang in ("en", "zh-hant"):
        response = client.get(BASE.format(lang=lang) + typed + "/")
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("typed", "query", "kept"),
    [
        ("第十条", "?date=2015-06-01", "?date=2015-06-01"),
        ("第十條", "?view=parallel", "?view=parallel"),
        ("02", "?date=2015-06-01&view=parallel", "?date=2015-06-01&view=parallel"),
        # Only what the article page reads is kept.
        ("Article%2010", "?utm_source=x&date=2015-06-01&next=//example.com/", "?date=2015-06-01"),
        ("第十条", "?utm_source=x", ""),
    ],
)
def test_a_typed_article_number_keeps_the_date_and_view_asked_for(
    client, seeded, typed, query, kept
):
    response = client.get(BASE.format(lang="en") + typed + "/" + query)
    assert response.status_code == 301
    number = 2 if typed == "02" else 10
    assert response["Location"] == BASE.format(lang="en") + f"{number}/{kept}"


def test_two_is_read_as_a_numeral_only_before_a_hundred_or_thousand_in_either_script():
    from legislation.numbering import parse_article_number

    # 两 (兩) counts, it does not number: 第两条 is not Article 2, in either script.
    assert parse_article_number("第兩條") is parse_article_number("第两条") is None
    assert parse_article_number("兩") is parse_article_number("两") is None
    assert parse_article_number("第兩百條") == parse_article_number("第两百条") == 200
    assert parse_article_number("兩千") == 2000


@pytest.mark.parametrize("lang", ["zh-hant", "zh-hans", "en"])
@pytest.mark.parametrize(
    ("typed", "number"), [("第十條", 10), ("第十条", 10), ("第二十二條", 22), ("第兩百條", None)]
)
def test_the_traditional_form_of_an_article_number_redirects_too(
    client, seeded, lang, typed, number
):
    """/zh-hant/…/articles/第十條/ was a 404 while /zh-hans/…/articles/第十条/ worked."""
    response = client.get(BASE.format(lang=lang) + typed + "/")
    if number is None:  # 第兩百條 is read (as 第两百条) but the law has no Article 200
        assert response.status_code == 404
        return
    assert response.status_code == 301
    assert response["Location"] == BASE.format(lang=lang) + f"{number}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_typed_number_under_a_renamed_laws_old_slug_still_arrives(client):
    from tests.factories import make_law

    law = make_law(articles=3)
    old = law.slug
    law.slug = "renamed-law"
    law.full_clean()
    law.save()
    response = client.get(f"/en/laws/{old}/articles/第二条/?date=2020-01-01", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/en/laws/renamed-law/articles/2/?date=2020-01-01"
