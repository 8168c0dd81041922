"""Editors keep the search synonyms in the admin."""

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
