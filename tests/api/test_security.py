"""Safe to open: CORS to listed origins only, a per-client rate limit, embeds framed only
by the listed origins."""

import pytest
from django.conf import settings

from tests.factories import make_comparison, make_law

ALLOWED = "https://jobs.example.com"


@pytest.fixture
def origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def test_cors_header_for_an_allowed_origin_only(client, db, origins):
    allowed = client.get("/api/v1/comparisons/", headers={"origin": ALLOWED})
    assert allowed["Access-Control-Allow-Origin"] == ALLOWED
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/comparisons/", headers={"origin": "https://evil.example"})
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other


def test_no_cors_by_default_nor_outside_the_api(client, seeded, settings, origins):
    page = client.get("/en/", headers={"origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in page
    settings.CORS_ALLOWED_ORIGINS = []
    response = client.get("/api/v1/comparisons/", headers={"origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response


def test_cors_preflight_allows_get_only(client, db, origins):
    response = client.options(
        "/api/v1/comparisons/",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "authorization" not in response["Access-Control-Allow-Headers"]


def test_rate_limit_answers_429_with_retry_after(client, db, settings):
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/laws/").status_code == 200
    response = client.get("/api/v1/laws/", headers={"accept-language": "en"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")
    # Another client is not affected; a forged X-Forwarded-For does not make one.
    assert client.get("/api/v1/laws/", REMOTE_ADDR="10.0.0.2").status_code == 200
    forged = client.get("/api/v1/laws/", headers={"x-forwarded-for": "10.9.9.9"})
    assert forged.status_code == 429


def test_no_rate_limit_when_switched_off(client, db, settings):
    settings.API_RATE_LIMIT = None
    assert all(client.get("/api/v1/").status_code == 200 for _ in range(20))


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_embeds_are_frameable_by_the_listed_origins_only(client, db, settings, lang):
    comparison = make_comparison()
    law = make_law(articles=2)
    urls = [
        f"/{lang}/embed/compare/{comparison.slug}/point/1/",
        f"/{lang}/embed/laws/{law.slug}/articles/2/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        policy = directives(response)
        assert policy["frame-ancestors"] == "'none'"
        assert policy["script-src"] == "'self'"  # the rest of the site's policy still holds
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED, "https://help.example.com"]
    response = client.get(urls[0])
    assert directives(response)["frame-ancestors"] == f"{ALLOWED} https://help.example.com"


def directives(response):
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_the_rest_of_the_site_still_refuses_frames(client, seeded):
    assert client.get("/en/")["X-Frame-Options"] == "DENY"
    assert client.get("/api/v1/")["X-Frame-Options"] == "DENY"
