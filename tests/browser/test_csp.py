"""Pages whose styles the Content-Security-Policy used to block: the translators' dashboard
and the API docs (drf-spectacular's Swagger UI, from drf-spectacular-sidecar). In Chromium,
with the real CSP header, the page reports no violation and is styled."""

import pytest
from django.contrib.auth.models import Group, User

from translations.models import TranslatorProfile
from translations.roles import TRANSLATORS

pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

PASSWORD = "a-long-test-password"
# Collects what the browser refuses, before any of the page's own code runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def violations(page):
    return page.evaluate("window.__violations") + [
        message for message in page.console_messages if "Content Security Policy" in message
    ]


@pytest.fixture
def watched_page(open_page):
    page = open_page(1280, 900)
    page.add_init_script(LISTEN)
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    return page


def test_dashboard_and_api_docs_are_styled_without_csp_violations(seeded_server, watched_page):
    page = watched_page
    page.goto(f"{seeded_server.url}/api/v1/docs/")
    page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)  # the operations, drawn
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # its own CSS
    assert violations(page) == []

    user = User.objects.create_user("translator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    TranslatorProfile.objects.create(user=user, languages=["en"])
    page.goto(f"{seeded_server.url}/en/admin/login/")
    page.fill("#id_username", "translator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/en/admin/")
    page.goto(f"{seeded_server.url}/en/admin/translations/translationstate/")
    number = page.locator(".translation-dashboard td.number").first
    assert number.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    assert violations(page) == []
