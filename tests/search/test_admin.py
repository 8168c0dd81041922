"""Editors keep the search synonyms in the admin."""

import pytest

from search.models import Synonym


def test_editor_adds_a_synonym_and_search_uses_it(admin_client, seeded, client):
    response = admin_client.post(
        "/zh-hans/admin/search/synonym/add/",
        {"term": "  ＰＥＮＳＩＯＮ钱 ", "expansions": "养老金\n\n养老金\n"},
    )
    assert response.status_code == 302

    synonym = Synonym.objects.get(term="pension钱")
    assert synonym.expansion_list == ["养老金"]
    assert client.get("/zh-hans/search/", {"q": "Pension钱"}).context["results"].count > 0


def test_a_duplicate_in_another_spelling_is_refused_with_a_message(admin_client, seeded):
    response = admin_client.post(
        "/zh-hans/admin/search/synonym/add/", {"term": " 社保", "expansions": "社会"}
    )

    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert Synonym.objects.filter(term="社保").count() == 1


def test_a_synonym_needs_another_word(admin_client, db):
    response = admin_client.post(
        "/en/admin/search/synonym/add/", {"term": "abc", "expansions": "ABC"}
    )

    assert response.status_code == 200
    assert "Enter at least one other word." in response.content.decode()
    assert not Synonym.objects.exists()


def test_synonym_list(admin_client, seeded):
    response = admin_client.get("/en/admin/search/synonym/?q=社保")

    assert response.status_code == 200
    assert "社会保险, 社会保障" in response.content.decode()


def add_aliases(admin_client, lang, slug, aliases):
    from legislation.models import Law

    law = Law.objects.get(slug=slug)
    return admin_client.post(
        f"/{lang}/admin/search/lawsearch/add/", {"law": law.pk, "aliases": aliases, "weight": 0}
    )


@pytest.mark.parametrize(
    ("aliases", "zh_message"),
    [
        ("劳动合同法", "已是另一部法律的名称"),  # the Labour Contract Law's own name
        ("社保法第二条", "不是法律的名称"),
        ("法", "不是法律的名称"),
        ("<b>社保法</b>", "含有法律名称中没有的字符"),
    ],
)
def test_an_implausible_or_taken_alias_is_a_form_error(admin_client, seeded, aliases, zh_message):
    from search.models import LawSearch

    response = add_aliases(admin_client, "zh-hans", "social-insurance-law", aliases)
    assert response.status_code == 200
    assert zh_message in response.content.decode()
    assert not LawSearch.objects.exists()


def test_an_alias_taken_by_another_laws_alias_is_refused_in_english(admin_client, seeded):
    assert add_aliases(admin_client, "en", "labour-contract-law", "劳合法").status_code == 302
    response = add_aliases(admin_client, "en", "social-insurance-law", "社保法\n劳合法")
    assert "“劳合法” already names another law" in response.content.decode()
    assert add_aliases(admin_client, "en", "social-insurance-law", "社保法").status_code == 302
