"""portal.middleware.CSPMiddleware builds the policy from the settings once per process, and
answers exactly what django-csp would: the same header, a new one when the settings change,
django-csp's own path for a nonce or a view's policy."""

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF
from csp.utils import build_policy


def test_a_public_page_carries_django_csp_s_policy(client, db):
    response = client.get("/healthz")
    assert response[HEADER] == build_policy()
    assert HEADER_REPORT_ONLY not in response


def test_changed_settings_change_the_header(client, db, settings):
    client.get("/healthz")  # built once
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"img-src": [SELF]},
        "EXCLUDE_URL_PREFIXES": ["/static/"],
    }
    response = client.get("/healthz")
    assert response[HEADER] == "default-src 'self'"
    assert "img-src 'self'" in response[HEADER_REPORT_ONLY]
    assert response[HEADER_REPORT_ONLY] == build_policy(report_only=True)
