"""Security headers, the Content-Security-Policy, the admin lockout, bad Host headers and
links to other sites, as a visitor, an editor or an attacker meets them."""

import logging
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import Client

from legislation.models import Law
from tests.publishing.test_links import store_behind_the_models_back

PUBLIC_PAGES = [
    "/zh-hans/",
    "/en/compare/citizen-card-vs-social-security-card/",
    "/en/laws/",
    "/zh-hans/laws/social-insurance-law/",
    "/en/laws/social-insurance-law/articles/2/",
    "/en/no/such/page/",
]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_a_strict_policy_and_nothing_inline(client, seeded, path):
    response = client.get(path)
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]  # no nonce: cached pages must not carry one
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("style") is None and soup.find(style=True) is None
    # Scripts come from files; JSON-LD is a data block, which browsers never run.
    data_blocks = {"application/ld+json"}
    assert all(s.get("src") or s.get("type") in data_blocks for s in soup.find_all("script"))
    assert not soup.find(attrs={re.compile("^on"): True})


@pytest.mark.parametrize("path", ["/en/", "/static/css/portal.css", "/robots.txt"])
def test_every_answer_has_the_isolation_headers(client, seeded, path):
    response = client.get(path)
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_inline_style_carries_the_requests_nonce(admin_client, seeded):
    response = admin_client.get("/en/admin/")
    nonce = re.search(r"'nonce-([^']+)'", directives(response)["style-src"][-1])[1]
    soup = BeautifulSoup(response.content, "html.parser")
    assert [style["nonce"] for style in soup.find_all("style")] == [nonce]
    assert admin_client.get("/en/admin/").content.count(nonce.encode()) == 0  # fresh each time


def test_the_bilingual_error_pages_need_no_inline_style():
    client = Client()
    response = client.get("/en/", headers={"host": "evil.example"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("style") is None
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/error.css"


# --- Admin sign-in throttling (django-axes) -----------------------------------------------


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.com", "right-password-1")


def sign_in(client, language, username, password, ip="203.0.113.7"):
    return client.post(
        f"/{language}/admin/login/?next=/{language}/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.mark.parametrize(
    ("language", "message"), [("zh-hans", "暂时无法登录"), ("en", "Signing in is blocked for now")]
)
def test_five_wrong_passwords_lock_the_account_with_a_message_in_the_admins_language(
    client, editor, language, message
):
    for _ in range(4):
        assert sign_in(client, language, "editor", "wrong").status_code == 200
    locked = sign_in(client, language, "editor", "wrong")
    assert locked.status_code == 429
    assert message in locked.content.decode()
    # Locked: even the right password is refused now, from that address.
    assert sign_in(client, language, "editor", "right-password-1").status_code == 429


def test_one_address_guessing_many_accounts_is_locked_out(client, editor):
    for number in range(5):
        sign_in(client, "en", f"user{number}", "wrong")
    assert sign_in(client, "en", "editor", "right-password-1").status_code == 429
    assert sign_in(client, "en", "editor", "right-password-1", ip="198.51.100.1").status_code == 302


def test_wrong_passwords_for_an_editor_from_one_address_do_not_lock_the_editor_out_elsewhere(
    client, editor
):
    for _ in range(5):
        sign_in(client, "en", "editor", "wrong", ip="198.51.100.40")
    right = "right-password-1"
    assert sign_in(client, "en", "editor", right, ip="198.51.100.40").status_code == 429
    assert sign_in(client, "en", "editor", right, ip="198.51.100.41").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, editor):
    for _ in range(4):
        sign_in(client, "en", "editor", "wrong")
    assert sign_in(client, "en", "editor", "right-password-1").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "en", "editor", "wrong").status_code == 200
    assert sign_in(client, "en", "editor", "right-password-1").status_code == 302


# --- Bad Host headers ---------------------------------------------------------------------


def test_a_bad_host_is_one_warning_line_without_a_traceback(db, caplog):
    caplog.set_level(logging.INFO)
    response = Client().get("/en/", headers={"host": "scanner.example"})
    assert response.status_code == 400
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    assert "scanner.example" in records[0].getMessage()


# --- Links to other sites -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        ("https://www.gov.cn/law.html", "https://www.gov.cn/law.html"),
        ("HTTP://npc.gov.cn/x", "HTTP://npc.gov.cn/x"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example/", ""),
        ("https://[/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_web_url_passes_only_http_addresses(value, rendered):
    template = Template("{% load safe_links %}{{ value|web_url }}")
    assert template.render(Context({"value": value}, autoescape=False)) == rendered


def test_a_javascript_source_link_written_outside_the_admin_is_not_rendered(client, seeded):
    store_behind_the_models_back("javascript:alert(1)")  # update() refuses it now
    body = client.get("/en/laws/social-insurance-law/").content.decode()
    assert "javascript:" not in body
    law = Law.objects.get(slug="social-insurance-law")
    law.source_url = "https://flk.npc.gov.cn/x"
    law.save()
    assert (
        'href="https://flk.npc.gov.cn/x"'
        in client.get("/en/laws/social-insurance-law/").content.decode()
    )
