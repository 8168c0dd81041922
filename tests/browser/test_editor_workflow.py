"""An editor in a real browser: edit a live comparison → preview the draft at its real
address → see the difference → publish → revert; a visitor sees the published version at
every step."""

import re

import pytest
from django.contrib.auth.models import User

from cards.models import Comparison

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
NEW_TITLE = "Citizen card or social security card: which one do I need?"


@pytest.fixture
def editor(seeded_server, open_page):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page = open_page(1280)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{seeded_server.url}/en/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/en/admin/")
    return page


def test_edit_preview_diff_publish_revert(seeded_server, editor, open_page):
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    old_title = comparison.title_en
    public = f"{seeded_server.url}/en/compare/{comparison.slug}/"
    visitor = open_page(1280)

    def visitor_sees(title):
        visitor.goto(public)
        return visitor.locator("h1").text_content().strip() == title

    # Edit the live comparison: the save is a draft.
    editor.goto(f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/")
    editor.fill("#id_title_en", NEW_TITLE)
    editor.click("input[name=_continue]")
    assert "Saved as a draft" in editor.locator(".messagelist").text_content()
    assert visitor_sees(old_title)

    # Preview: the real address shows the draft to the editor, with a banner.
    editor.goto(public)
    assert editor.locator("h1").text_content().strip() == NEW_TITLE
    assert "Draft — not public" in editor.locator(".notice--draft").text_content()

    # The difference, word by word.
    editor.goto(f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/")
    editor.click("text=Draft's changes")
    assert "Title (English)" in editor.content()
    assert editor.locator(".publishing-diff ins").count() > 0

    # Publish.
    editor.goto(f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/")
    editor.click(".object-tools >> text=Publish")
    editor.click("input[value=Confirm]")
    assert "Published." in editor.locator(".messagelist").text_content()
    assert visitor_sees(NEW_TITLE)

    # Revert to the seeded version: a draft first, public once published.
    editor.click(".object-tools >> text=History")
    editor.locator("text=Revert to this version").last.click()
    editor.click("input[value=Confirm]")
    assert "Reverted as a draft" in editor.locator(".messagelist").text_content()
    assert visitor_sees(NEW_TITLE)
    editor.click(".object-tools >> text=Publish")
    editor.click("input[value=Confirm]")
    assert visitor_sees(old_title)
    assert editor.errors == []
    assert re.search(r"/admin/cards/comparison/\d+/change/", editor.url)
