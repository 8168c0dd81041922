"""The channels besides pages: the Atom feed carries editors' text as text, sitemaps and feeds
go through the page cache, and every absolute address starts with SITE_URL, whatever Host
and port the request came with."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from cards.models import Comparison
from publishing.origin import check_site_url

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ORIGIN = "https://shebao.example.com"
ODD_HOSTS = ["127.0.0.1:99999", "LOCALHOST.", "localhost:8001"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_feed_summaries_are_plain_text_not_markup(client, comparison, lang):
    field = f"introduction_{lang.replace('-', '_')}"
    Comparison.objects.filter(pk=comparison.pk).update(**{field: HOSTILE})
    root = ET.fromstring(client.get(f"/{lang}/feed.atom").content)
    summaries = root.findall(f"{ATOM}entry/{ATOM}summary")
    assert summaries and all(summary.get("type") == "text" for summary in summaries)
    # A reader shows the characters: the text survives, and nothing declares it HTML.
    assert HOSTILE in [summary.text for summary in summaries]
    assert not root.findall(".//*[@type='html']")


@pytest.fixture
def page_cache(settings, seeded):
    settings.PAGE_CACHE_TIMEOUT = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-home.xml", "/en/feed.atom"]
)
def test_sitemaps_and_feeds_go_through_the_page_cache(
    client, page_cache, url, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "s-maxage=" in first["Cache-Control"] and first.has_header("ETag")
    assert "Accept-Language" not in first.get("Vary", "")
    with django_assert_num_queries(0):
        again = client.get(url, headers={"accept-language": "en"})
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    # A write makes it stale, as it does pages.
    with django_capture_on_commit_callbacks(execute=True):
        Comparison.objects.first().save()
    assert client.get(url)["X-Page-Cache"] == "miss"


def absolute_addresses(body):
    return re.findall(r"""(?:https?:)?//[^\s"'<>]+""", body)


@pytest.mark.parametrize("host", ODD_HOSTS)
@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-comparisons.xml",
        "/en/feed.atom",
        "/robots.txt",
        "/en/",
        "/zh-hans/compare/citizen-card-vs-social-security-card/",
        "/api/v1/",
        "/api/v1/comparisons/citizen-card-vs-social-security-card/",
        "/api/v1/laws/social-insurance-law/articles/",
    ],
)
def test_absolute_addresses_start_with_site_url_not_the_requests_host(
    client, seeded, settings, host, url
):
    settings.SITE_URL = ORIGIN
    response = client.get(url, headers={"host": host})
    assert response.status_code == 200
    body = response.content.decode()
    assert host.lower().rstrip(".") not in body.lower()
    ours = [a for a in absolute_addresses(body) if "example.com" not in a or ORIGIN in a]
    site = [a for a in ours if "w3.org" not in a and "sitemaps.org" not in a]
    site = [a for a in site if "schema.org" not in a and "npc.gov.cn" not in a]
    assert site and all(a.startswith(ORIGIN) for a in site), site[:5]


def test_canonical_and_json_ld_use_site_url(client, seeded, settings):
    settings.SITE_URL = ORIGIN
    page = client.get("/en/laws/", headers={"host": "LOCALHOST."}).content.decode()
    assert f'<link rel="canonical" href="{ORIGIN}/en/laws/">' in page
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    assert f"{ORIGIN}/en/laws/" in json_ld and "LOCALHOST" not in json_ld.upper()


@pytest.mark.parametrize(
    ("site_url", "ids"),
    [
        ("https://shebao.example.com", []),
        ("http://127.0.0.1:8000", ["publishing.W001"]),
        ("shebao.example.com", ["publishing.E001"]),
        ("https://example.com/some/path", ["publishing.E001"]),
    ],
)
def test_deploy_check_names_a_site_url_that_is_not_a_public_origin(settings, site_url, ids):
    settings.SITE_URL = site_url
    assert [message.id for message in check_site_url()] == ids
