"""Odd and hostile query strings: a clear 400 or a normal answer, never a 500 (on SQLite and
on PostgreSQL, which refuses NUL characters in text)."""

import pytest

ADMIN_LISTS = ["cards/comparison", "cards/cardtype", "legislation/article", "legislation/law"]


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1"])
def test_nul_characters_get_a_bilingual_400(client, admin_client, seeded, query):
    response = client.get(f"/en/compare/citizen-card-vs-social-security-card/?{query}")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode() and "Bad request" in response.content.decode()
    for path in ADMIN_LISTS:
        assert admin_client.get(f"/en/admin/{path}/?{query}").status_code == 400


@pytest.mark.parametrize(
    "term", ["%ff%fe", "'; drop table cards_comparison;--", "x" * 3000, "%E7%AC%AC", "%", "_"]
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
