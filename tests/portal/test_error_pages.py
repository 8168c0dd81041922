"""Error pages a visitor may meet: styled, in both languages, never a stack trace."""

import pytest
from django.test import Client

from cards.views import ComparisonDetailView
from translations.i18n import language_tag


def test_server_error_page_is_bilingual_and_hides_the_trace(seeded, monkeypatch):
    def broken(self):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(ComparisonDetailView, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/en/compare/citizen-card-vs-social-security-card/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器出错了" in body and "Something went wrong" in body
    assert 'lang="en"' in body and "database exploded" not in body and "Traceback" not in body


def test_bad_host_header_gets_a_plain_400(db):
    response = Client().get("/en/", headers={"host": "evil.example<script>"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_expired_form_explains_itself_in_both_languages(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/zh-hans/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已过期" in body and "This form has expired" in body


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("zh-hans", "页面")])
def test_not_found_page_speaks_the_language_of_its_url(client, db, language, text):
    response = client.get(f"/{language}/no/such/page/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert f'<html lang="{language_tag(language)}"' in response.content.decode()
