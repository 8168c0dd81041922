"""What any visitor can type: language negotiation at "/", and odd or hostile URLs."""

import pytest

from cards.models import Comparison
from tests.factories import sitemap_files
from translations.i18n import language_tag

SEED_PAGES = [
    "/{}/",
    "/{}/compare/citizen-card-vs-social-security-card/",
    "/{}/cards/citizen-card/",
    "/{}/cards/social-security-card/",
    "/{}/laws/",
    "/{}/laws/social-insurance-law/",
    "/{}/laws/social-insurance-law/articles/1/",
    "/{}/laws/social-insurance-law/articles/98/",
]


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("zh-TW,zh;q=0.9", "/zh-hant/"),
        ("zh", "/zh-hans/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("de, zh-CN;q=0.5", "/zh-hans/"),
        ("", "/en/"),
        ("*;q=0.5,😀", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_root_prefers_the_language_a_visitor_chose(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get("/", headers={"accept-language": "en-US"})
    assert response["Location"] == "/zh-hans/"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", SEED_PAGES)
def test_every_seed_page_answers_in_its_language(client, seeded, language, path):
    response = client.get(path.format(language))
    assert response.status_code == 200
    assert f'<html lang="{language_tag(language)}"'.encode() in response.content


def test_unprefixed_page_redirects_to_a_language(client, seeded):
    response = client.get(
        "/compare/citizen-card-vs-social-security-card/", headers={"accept-language": "en"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/compare/citizen-card-vs-social-security-card/"


HOSTILE = [
    "compare/no-such-comparison/",
    "cards/no-such-card/",
    "laws/no-such-law/",
    "laws/no-such-law/articles/2/",
    "laws/social-insurance-law/articles/0/",
    "laws/social-insurance-law/articles/99/",
    "laws/social-insurance-law/articles/9999/",
    "laws/social-insurance-law/articles/10000/",
    "laws/social-insurance-law/articles/99999999999999999999999999999999/",
    "laws/social-insurance-law/articles/-1/",
    "laws/social-insurance-law/articles/2.5/",
    "laws/social-insurance-law/articles/1e3/",
    "laws/social-insurance-law/articles/%E7%AC%AC%E4%BA%8C%E6%9D%A1/",  # 第二条
    "laws/social-insurance-law/articles/%EF%BC%92/",  # full-width digit two
    "laws/social-insurance-law/articles/2/extra/",
    "compare/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
    "compare/%00/",
    "compare/" + "a" * 1900 + "/",  # longer than MAX_URL_LENGTH is a 414 (test_client_faults)
    "compare/%E5%B8%82%E6%B0%91%E5%8D%A1/",  # 市民卡
    "cards/citizen-card/../../admin/",
    "laws/%2e%2e/%2e%2e/etc/passwd",
    "laws/social-insurance-law/articles/",
    "nope/",
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", HOSTILE)
def test_odd_urls_are_404_or_redirect_never_500(client, seeded, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code in (301, 302, 404), response.status_code
    if response.status_code == 404:
        assert f'<html lang="{language_tag(language)}"'.encode() in response.content
        assert b"<script>alert" not in response.content


@pytest.mark.parametrize(
    "path", ["/fr/", "/zh/", "/ZH-HANS/", "/%E4%B8%AD%E6%96%87/", "/xx/compare/a/", "//", "/."]
)
def test_unknown_language_prefixes_are_404_or_redirect(client, seeded, path):
    assert client.get(path).status_code in (301, 302, 404)


@pytest.mark.parametrize(
    "query", ["?q=%3Cscript%3E", "?page=999999999999999999999", "?lang=en&x=%01", "?%ff=%fe"]
)
def test_query_strings_are_ignored_safely(client, seeded, query):
    response = client.get("/en/compare/citizen-card-vs-social-security-card/" + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_unpublished_comparison_is_hidden_from_visitors_but_previewable_by_staff(
    client, admin_client, seeded
):
    Comparison.objects.update(is_published=False)
    url = "/en/compare/citizen-card-vs-social-security-card/"
    assert client.get(url).status_code == 404
    assert b"citizen-card-vs" not in client.get("/en/").content
    assert admin_client.get(url).status_code == 200


def test_robots_and_sitemap(client, seeded):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and b"Sitemap: http://testserver/sitemap.xml" in robots.content
    body = "".join(sitemap_files(client))
    assert "/zh-hans/compare/citizen-card-vs-social-security-card/" in body
    assert 'hreflang="en" href="http://testserver/en/laws/social-insurance-law/articles/2/"' in body


@pytest.mark.parametrize("query", ["?p=abc", "?p=0", "?p=-1", "?p=99999999999999999999"])
def test_sitemap_pages_out_of_range_are_404(client, seeded, query):
    assert client.get("/sitemap-articles.xml" + query).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_pages_refuse_writes_without_an_error(client, seeded, method):
    response = getattr(client, method)("/en/compare/citizen-card-vs-social-security-card/")
    assert response.status_code in (403, 405)


@pytest.mark.parametrize(
    "header",
    ["zh-CN;q=abc", "en;q=", "," * 600, "zh-Hans-CN-x-" + "a" * 1000, "q=1;q=2"],
)
def test_odd_accept_language_headers_still_redirect(client, header):
    response = client.get("/", headers={"accept-language": header})
    assert response.status_code == 302
    assert response["Location"] in ("/zh-hans/", "/en/")
