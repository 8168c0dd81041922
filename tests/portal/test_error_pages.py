"""Error pages a visitor may meet: styled, in every language, never a stack trace."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from cards.views import ComparisonDetailView
from portal import errorpages
from translations.i18n import language_tag

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def sections_of(body):
    """{lang attribute: (heading, home link)} of a stand-alone error page's sections."""
    soup = BeautifulSoup(body, "html.parser")
    return {
        section["lang"]: (section.h1.get_text(strip=True), section.a["href"])
        for section in soup.find("main").find_all("section")
    }


def assert_in_every_language(body, headings):
    """One section per language of settings.LANGUAGES, in the settings' order, each with
    its BCP 47 lang attribute, its heading and a link to its home page."""
    sections = sections_of(body)
    assert list(sections) == [language_tag(code) for code in LANGUAGE_CODES]
    for code in LANGUAGE_CODES:
        heading, home = sections[language_tag(code)]
        assert heading == headings[code], code
        assert home == f"/{code}/"


def test_server_error_page_is_bilingual_and_hides_the_trace(seeded, monkeypatch):
    def broken(self, queryset=None):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(ComparisonDetailView, "get_object", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/en/compare/citizen-card-vs-social-security-card/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_in_every_language(
        body, {"zh-hans": "服务器出错了", "zh-hant": "服務器出錯了", "en": "Something went wrong"}
    )
    assert "database exploded" not in body and "Traceback" not in body


def test_the_server_error_page_never_fails_itself(rf, monkeypatch):
    """A page that cannot be rendered (a broken template, catalogue…) gives way to a fixed
    text: Django has no handler for a failing handler500."""
    from portal.views import server_error

    def broken(page):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(errorpages, "render", broken)
    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert "Server error (500)" in response.content.decode()


def test_bad_host_header_gets_a_plain_400(db):
    response = Client().get("/en/", headers={"host": "evil.example<script>"})
    assert response.status_code == 400
    assert_in_every_language(
        response.content.decode(),
        {"zh-hans": "请求有误", "zh-hant": "請求有誤", "en": "Bad request"},
    )
    assert "<script>" not in response.content.decode()


def test_expired_form_explains_itself_in_every_language(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/zh-hans/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert_in_every_language(
        response.content.decode(),
        {"zh-hans": "表单已过期", "zh-hant": "表單已過期", "en": "This form has expired"},
    )


def test_a_too_long_address_is_a_414_in_every_language(client, db, settings):
    response = client.get("/en/" + "a" * settings.MAX_URL_LENGTH)
    assert response.status_code == 414
    assert_in_every_language(
        response.content.decode(),
        {"zh-hans": "网址过长", "zh-hant": "網址過長", "en": "Address too long"},
    )


def test_a_database_outage_without_a_language_is_a_503_in_every_language(db, monkeypatch):
    from portal import views

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.sitemaps_views, "index", unreachable)
    response = Client(raise_request_exception=False).get("/sitemap.xml")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert_in_every_language(
        response.content.decode(),
        {"zh-hans": "暂时无法访问", "zh-hant": "暫時無法訪問", "en": "Temporarily unavailable"},
    )


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("zh-hans", "页面")])
def test_not_found_page_speaks_the_language_of_its_url(client, db, language, text):
    response = client.get(f"/{language}/no/such/page/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert f'<html lang="{language_tag(language)}"' in response.content.decode()
