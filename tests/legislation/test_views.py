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
