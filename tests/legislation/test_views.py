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


@pytest.mark.parametrize("typed", ["第九十九条", "第一万条", "abc", "0", "第零条", "二点五"])
def test_numbers_of_no_article_end_in_a_404(client, seeded, typed):
    response = client.get(BASE.format(lang="en") + typed + "/", follow=True)
    assert response.status_code == 404


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
        assert client.get(BASE.format(lang=lang) + typed + "/", follow=True).status_code == 404
        assert response.status_code == 301
        return
    assert response.status_code == 301
    assert response["Location"] == BASE.format(lang=lang) + f"{number}/"
    assert client.get(response["Location"]).status_code == 200
