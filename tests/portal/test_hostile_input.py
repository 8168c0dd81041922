"""Odd and hostile query strings: a redirect or a normal answer, never a 500 (on SQLite and
on PostgreSQL, which refuses NUL characters in text)."""

import pytest

from translations.i18n import language_tag

ADMIN_LISTS = ["cards/comparison", "cards/cardtype", "legislation/article", "legislation/law"]


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1"])
def test_nul_characters_in_the_query_redirect_to_the_page_without_it(
    client, admin_client, seeded, query
):
    page = "/en/compare/citizen-card-vs-social-security-card/"
    response = client.get(f"{page}?{query}")
    assert (response.status_code, response["Location"]) == (302, page)
    for path in ADMIN_LISTS:
        response = admin_client.get(f"/en/admin/{path}/?{query}")
        assert (response.status_code, response["Location"]) == (302, f"/en/admin/{path}/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_nul_character_in_the_path_is_a_404_in_the_urls_language(client, db, language):
    response = client.get(f"/{language}/compare/a%00b/")
    assert response.status_code == 404
    assert f'<html lang="{language_tag(language)}"' in response.content.decode()


@pytest.mark.parametrize(
    # 1,500: long, yet inside MAX_URL_LENGTH (longer is a 414: test_client_faults.py)
    "term",
    ["%ff%fe", "'; drop table cards_comparison;--", "x" * 1500, "%E7%AC%AC", "%", "_"],
)
def test_admin_search_copes_with_odd_terms(admin_client, seeded, term):
    for path in ADMIN_LISTS:
        response = admin_client.get(f"/en/admin/{path}/?q={term}")
        assert response.status_code == 200, path
    autocomplete = admin_client.get(
        "/en/admin/autocomplete/",
        {
            "term": term,
            "app_label": "cards",
            "model_name": "comparison",
            "field_name": "legal_basis",
        },
    )
    assert autocomplete.status_code == 200


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/en/admin/legislation/article/?q={HUGE}",
        f"/en/admin/legislation/article/?chapter={HUGE}",
        f"/en/admin/legislation/article/?law__id__exact={HUGE}",
        f"/en/admin/legislation/article/add/?law={HUGE}",
        f"/en/admin/legislation/article/{HUGE}/change/",
        f"/en/admin/legislation/law/?effective_on__year={HUGE}",
        f"/en/admin/cards/comparison/{HUGE}/change/",
        f"/en/admin/cards/comparison/?card_types__id__exact={HUGE}",
        "/en/admin/cards/comparison/?published_on__year=99999999999",
        f"/en/admin/cards/comparison/add/?legal_basis=1,{HUGE}",
    ],
)
def test_admin_answers_absurd_numbers_without_an_error(admin_client, seeded, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 302, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1") or "/admin/" in response["Location"]
