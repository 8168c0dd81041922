"""Odd addresses and headers: a 4xx or a redirect, never a 5xx. The raw `//[/` class is
tested through a real server in tests/production/test_live_server.py."""

import logging
import os

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translations.i18n import alternate_urls, parse_accept_language

COMPARISON = "/en/compare/citizen-card-vs-social-security-card/"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/EN/", "/en/"),
        ("/zh-Hans/laws/", "/zh-hans/laws/"),
        ("/ZH_HANS/laws/?page=1", "/zh-hans/laws/?page=1"),
        ("/zh-Hant/laws/", "/zh-hant/laws/"),
        ("/En/compare/citizen-card-vs-social-security-card/", COMPARISON),
    ],
)
def test_language_prefix_in_another_case_redirects_to_the_canonical_one(
    client, seeded, path, target
):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, target)
    assert client.get(target).status_code == 200


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh;q=abc, en", ["en"]),
        ("fr;q=1.5, en;q=0.5, zh-CN;q=0.9", ["zh-cn", "en"]),
        ("en;q=0, zh", ["zh"]),
        ("de;q=NaN,zh-Hans;q=0.8,en;q=0.7", ["zh-hans", "en"]),
        ("*;q=0.1, EN-gb", ["en-gb", "*"]),
        (",,,;q=;", []),
    ],
)
def test_a_malformed_weight_skips_only_its_own_entry(header, expected):
    assert parse_accept_language(header) == expected


def test_root_still_follows_the_rest_of_a_header_with_a_bad_weight(client):
    response = client.get("/", headers={"accept-language": "en;q=abc, zh-CN;q=0.8"})
    assert response["Location"] == "/zh-hans/"


@pytest.mark.parametrize("raw_path", ["//[/", "//]/", "//？/", "//＃/", "/en//[/"])
def test_alternate_urls_of_an_unresolved_raw_path_never_raise(raw_path):
    """What the 404 page's context processor sees for `GET //[/` on a real server."""
    request = RequestFactory().get("/")
    request.path = request.path_info = raw_path
    with translation.override("en"):
        links = {code: url for code, _name, url in alternate_urls(request)}
    rest = raw_path.removeprefix("/en/") if raw_path.startswith("/en/") else ""
    assert links == {code: f"/{code}/{rest}" for code, _name in django_settings.LANGUAGES}


def test_alternate_urls_of_a_resolved_page_come_from_its_route(seeded):
    request = RequestFactory().get(COMPARISON)
    with translation.override("en"):
        request.resolver_match = resolve(COMPARISON)
        links = {code: url for code, _name, url in alternate_urls(request)}
    assert links == {
        code: f"/{code}/compare/citizen-card-vs-social-security-card/"
        for code, _name in django_settings.LANGUAGES
    }


# --- Fuzz: random requests through the whole stack ------------------------------------------

STARTS = [
    "",
    "/",
    "/en/",
    "/zh-hans/",
    "/EN/",
    "/zh-Hans/",
    "/en/compare/",
    "/en/cards/",
    "/zh-hans/laws/",
    "/en/laws/social-insurance-law/",
    "/en/laws/social-insurance-law/articles/",
    "/zh-hans/admin/",
    "/en/admin/login/",
    "/sitemap.xml",
    "/robots.txt",
    "/static/",
]
TOKENS = list("abz09-_.~%[]{}<>@:;!$&'()*+,=?#/\\ \t\"") + [
    "第",
    "条",
    "？",
    "＃",
    "%00",
    "%ff",
    "%2F",
    "..",
    "\u202e",
    "citizen-card",
    "2",
    "99999999999",
]
ODD_TEXT = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
    st.text(max_size=20),
)
# A WSGI server hands header values over as latin-1 text without line breaks.
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "accept-language": st.one_of(
            st.sampled_from(["zh-CN,zh;q=0.9", "en;q=abc", "*", "q=1;q=2", ";", "zh;q=1e99"]),
            HEADER_TEXT,
        ),
        "cookie": st.one_of(
            st.sampled_from(["django_language=en", "django_language=xx", "sessionid=x", "=;;"]),
            HEADER_TEXT,
        ),
        "accept": st.sampled_from(["*/*", "application/json", "text/html;q=abc", ""]),
        "if-none-match": st.sampled_from(['"x"', "*", "W/", ""]),
        "if-modified-since": st.sampled_from(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT", ""]),
        "range": st.sampled_from(["bytes=0-1", "bytes=x", "bytes=9-1"]),
        "x-forwarded-proto": st.sampled_from(["https", "gopher"]),
        "content-type": st.sampled_from(
            ["application/x-www-form-urlencoded", "multipart/form-data"]
        ),
    },
)
METHODS = st.sampled_from(
    ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "BREW"]
)


@pytest.fixture
def quiet_logs():
    """Thousands of "Not Found" warnings would cost more time than the requests themselves;
    a 5xx still fails the test by its status code."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.django_db
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 10_000)),
    deadline=None,
    database=None,
    derandomize=True,  # the same 10,000 requests on every run: CI never flakes on a new one
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=METHODS,
    start=st.sampled_from(STARTS),
    rest=ODD_TEXT,
    query=ODD_TEXT,
    headers=HEADERS,
    body=st.binary(max_size=40),
)
def test_ten_thousand_random_requests_get_no_5xx(
    quiet_logs, seeded, method, start, rest, query, headers, body
):
    client = Client(raise_request_exception=False)
    path = (start + rest).replace("#", "%23") or "/"
    if not path.startswith("/"):
        path = "/" + path
    path = path.replace("//", "/%2F") if path.startswith("//") else path
    response = client.generic(
        method,
        f"{path}?{query.replace('#', '%23')}",
        body,
        **{
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in headers.items()
            if name != "content-type"
        },
        content_type=headers.get("content-type", "application/octet-stream"),
    )
    assert response.status_code < 500, (method, path, query, headers, response.status_code)
