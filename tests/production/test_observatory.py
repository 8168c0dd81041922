"""Mozilla's HTTP Observatory scoring rules (its "Tests & Scoring" methodology, 2024 edition:
baseline 100, penalties, bonuses only from 90 up, A+ from 100) applied to the headers of the
production server as a browser behind our TLS proxy receives them."""

import re

import pytest

from .conftest import Server

# Its servers use a database and cache of their own, not the pass's: the same run in both passes.
pytestmark = pytest.mark.backend_independent

PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


def parse_csp(header):
    policy = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            policy.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return policy


def score_csp(headers):
    header = headers.get("content-security-policy")
    if not header:
        return "csp-not-implemented", -25
    policy = parse_csp(header)
    default = policy.get("default-src", ["*"])
    scripts = policy.get("script-src", default)
    styles = policy.get("style-src", default)
    has_nonce_or_hash = any(re.match(r"'(nonce|sha\d+)-", t) for t in scripts)
    active_unsafe = {"'unsafe-inline'", "*", "http:", "https:", "data:"}
    if (
        (set(scripts) & active_unsafe and not has_nonce_or_hash)
        or "object-src" not in policy
        and (set(default) & {"*", "http:", "https:"})
    ):
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    passive = policy.get("img-src", default) + policy.get("media-src", default)
    if "http:" in passive:
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def score_cookies(cookie_lines):
    if not cookie_lines:
        return "cookies-not-found", 0
    cookies = [[a.strip().lower() for a in line.split(";")] for line in cookie_lines]
    for attributes in cookies:
        name = attributes[0].split("=")[0]
        if "secure" not in attributes:
            return "cookies-without-secure-flag", -20
        if "session" in name and "httponly" not in attributes:
            return "cookies-session-without-httponly-flag", -30
    if all(any(a.startswith("samesite=") for a in attrs) for attrs in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def score_referrer(headers):
    value = headers.get("referrer-policy")
    if value is None:
        return "referrer-policy-not-implemented", 0
    last = [v.strip().lower() for v in value.split(",")][-1]
    if last in PRIVATE_REFERRER:
        return "referrer-policy-private", 5
    if last in UNSAFE_REFERRER:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def score_hsts(headers):
    value = headers.get("strict-transport-security")
    if value is None:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value.lower())
    if not match:
        return "hsts-header-invalid", -20
    if int(match[1]) < 15768000:  # six months
        return "hsts-implemented-max-age-less-than-six-months", -10
    # "+5 hsts-preloaded" needs the domain on the browsers' preload list: not given here.
    return "hsts-implemented-max-age-at-least-six-months", 0


def score_nosniff(headers):
    if headers.get("x-content-type-options", "").lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def score_framing(headers):
    ancestors = parse_csp(headers.get("content-security-policy", "")).get("frame-ancestors")
    if ancestors and set(ancestors) <= {"'none'", "'self'"}:
        return "x-frame-options-implemented-via-csp", 5
    if headers.get("x-frame-options", "").lower() in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def score_corp(headers):
    value = headers.get("cross-origin-resource-policy")
    if value is None:
        return "corp-not-implemented", 0
    if value.lower() in ("same-origin", "same-site", "cross-origin"):
        return f"corp-implemented-with-{value.lower()}", 0
    return "corp-header-invalid", -5


def score_redirection(server: Server):
    status, headers, _ = server.raw(b"/en/", https=False)
    if status in (301, 302, 307, 308) and headers["location"].startswith("https://"):
        return "redirection-to-https", 0
    return "redirection-missing", -20


def observatory(server: Server, path: bytes):
    _status, headers, _body = server.raw(path)
    cookies = [c for c in headers.get("set-cookie", "").split("\n") if c]
    results = [
        score_csp(headers),
        score_cookies(cookies),
        score_referrer(headers),
        score_hsts(headers),
        score_nosniff(headers),
        score_framing(headers),
        score_corp(headers),
        score_redirection(server),
        # Subresource integrity: every script comes from our own origin.
        ("sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0),
    ]
    penalties = sum(points for _name, points in results if points < 0)
    bonuses = sum(points for _name, points in results if points > 0)
    score = max(100 + penalties, 0)
    if score >= 90:
        score += bonuses
    return score, dict(results)


def test_a_public_page_scores_a_plus(gunicorn_server):
    score, results = observatory(
        gunicorn_server, b"/en/compare/citizen-card-vs-social-security-card/"
    )
    assert score >= 100, results
    assert results.keys() >= {"csp-implemented-with-no-unsafe-default-src-none"}


def test_the_admin_login_with_its_cookie_scores_a_plus(gunicorn_server):
    score, results = observatory(gunicorn_server, b"/zh-hans/admin/login/")
    assert "cookies-secure-with-httponly-sessions-and-samesite" in results, results
    assert score >= 100, results


def test_the_scorer_is_not_blind():
    """The rules bite: a bare policy-less answer is far from A+."""
    assert score_csp({"content-security-policy": "script-src 'self' 'unsafe-inline'"})[1] == -20
    assert score_cookies(["sessionid=1; Path=/"])[1] < 0
    assert score_hsts({"strict-transport-security": "max-age=2592000"})[1] == -10
    assert score_framing({})[1] == -20
