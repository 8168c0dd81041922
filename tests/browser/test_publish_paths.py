"""Editors in a real browser, on the publishing paths beside the plain edit-and-publish one:
rename a live comparison through its draft and Publish (old addresses answer 301); schedule
a change of it (the live page stays until the time, then the change applies); save a stale
form again (merged per field, the editor choosing where both changed); delete a point the
other editor changed meanwhile (their change beside the delete, the editor choosing)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from cards.models import Comparison
from publishing import services

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
SLUG = "citizen-card-vs-social-security-card"


def signed_in(server, open_page, name):
    User.objects.create_superuser(name, f"{name}@example.com", PASSWORD)
    page = open_page(1280)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{server.url}/en/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/en/admin/")
    return page


def publish(page):
    page.click(".object-tools >> text=Publish")
    tick = page.locator("input[name=confirm_translations]")
    if tick.count():
        tick.check()
    page.click("input[value=Confirm]")


def test_rename_through_draft_and_publish_keeps_old_addresses(seeded_server, open_page):
    comparison = Comparison.objects.get(slug=SLUG)
    editor = signed_in(seeded_server, open_page, "editor")
    editor.goto(f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/")
    editor.fill("#id_slug", "citizen-card-or-social-security-card")
    editor.click("input[name=_continue]")
    assert "Saved as a draft" in editor.locator(".messagelist").text_content()
    publish(editor)
    assert "Published." in editor.locator(".messagelist").text_content()

    visitor = open_page(1280)
    for lang in ("zh-hans", "en"):
        response = visitor.goto(f"{seeded_server.url}/{lang}/compare/{SLUG}/")
        assert response.status == 200
        assert (
            visitor.url
            == f"{seeded_server.url}/{lang}/compare/citizen-card-or-social-security-card/"
        )
        assert response.request.redirected_from.response().status == 301
    assert editor.errors == []


def test_a_scheduled_change_keeps_the_live_page_until_its_time(seeded_server, open_page):
    comparison = Comparison.objects.get(slug=SLUG)
    old_title = comparison.title_en
    editor = signed_in(seeded_server, open_page, "editor")
    when = timezone.localtime(timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    editor.goto(f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/")
    editor.fill("#id_title_en", "A scheduled title")
    editor.fill("#id_publish_at_0", when.strftime("%Y-%m-%d"))
    editor.fill("#id_publish_at_1", when.strftime("%H:%M:%S"))
    editor.click("input[name=_continue]")
    editor.click(".object-tools >> text=Publish")
    assert "These changes are scheduled for" in editor.locator("#content").text_content()
    tick = editor.locator("input[name=confirm_translations]")
    if tick.count():
        tick.check()
    editor.click("input[value=Confirm]")
    assert "changes scheduled for" in editor.locator(".messagelist").text_content()

    visitor = open_page(1280)
    public = f"{seeded_server.url}/en/compare/{SLUG}/"
    for lang in ("zh-hans", "en"):
        assert visitor.goto(f"{seeded_server.url}/{lang}/compare/{SLUG}/").status == 200
    visitor.goto(public)
    assert visitor.locator("h1").text_content().strip() == old_title
    editor.goto(f"{seeded_server.url}/en/admin/publishing/scheduledchange/")
    assert comparison.title_en in editor.locator("#result_list").text_content()

    # The live server runs in this process: its clock moves with this one.
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=5)):
        visitor.goto(public)
        assert visitor.locator("h1").text_content().strip() == "A scheduled title"
    assert services.draft_of(comparison) is None
    assert editor.errors == []


def test_a_stale_form_is_merged_per_field_even_on_a_tabbed_one(seeded_server, open_page):
    comparison = Comparison.objects.get(slug=SLUG)
    url = f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/"
    alice = signed_in(seeded_server, open_page, "alice")
    bob = signed_in(seeded_server, open_page, "bob")
    bob.goto(url)  # both open the comparison
    alice.goto(url)
    alice.fill("#id_title_en", "Alice's title")
    alice.fill("#id_introduction_en", "Alice's introduction.")
    alice.click("input[name=_continue]")
    assert "Saved as a draft" in alice.locator(".messagelist").text_content()

    bob.fill("#id_title_en", "Bob's title")
    bob.fill("#id_published_on", "2026-01-02")
    bob.click("input[name=_continue]")
    bob.locator(".errornote").wait_for()
    errors = bob.locator(".errornote, .errorlist").all_text_contents()
    text = " ".join(errors)
    assert "alice changed this since you opened it" in text
    assert "newer value of Introduction (English) is kept" in text
    assert "your change to Publication date is saved" in text
    assert "Title (English) was changed by both of you" in text
    link = bob.locator("a", has_text="See what changed")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener"
    assert "Alice's title" in bob.locator("table.publishing-merge").text_content()
    assert "Bob's title" in bob.locator("table.publishing-merge").text_content()

    # The title has language tabs (modeltranslation rewrites its labels): the choice and the
    # field's own label stay as rendered, and "keep yours" can be chosen by its label.
    choices = bob.locator("input[name=_merge_title_en]")
    assert [choices.nth(i).get_attribute("value") for i in range(choices.count())] == [
        "theirs",
        "yours",
    ]
    assert bob.locator("label[for=id_title_en]").inner_text().startswith("Title")
    assert bob.locator("label[for=id_title_en] input").count() == 0
    bob.get_by_label("keep yours (the field's value)").check()
    assert bob.locator("input[name=_merge_title_en][value=yours]").is_checked()
    bob.click("input[name=_continue]")
    assert "Saved as a draft" in bob.locator(".messagelist").text_content()
    with services.draft_applied(comparison):
        merged = Comparison.objects.get(pk=comparison.pk)
        assert merged.title_en == "Bob's title"
        assert merged.introduction_en == "Alice's introduction."
        assert merged.published_on.isoformat() == "2026-01-02"
    assert alice.errors == [] and bob.errors == []


def test_deleting_a_point_the_other_editor_changed_asks_which_to_keep(seeded_server, open_page):
    from cards.models import ComparisonPoint
    from tests.publishing.test_stale_rows import unlinked_point

    comparison = Comparison.objects.get(slug=SLUG)
    point = unlinked_point(comparison)
    url = f"{seeded_server.url}/en/admin/cards/comparison/{comparison.pk}/change/"
    alice = signed_in(seeded_server, open_page, "alice")
    bob = signed_in(seeded_server, open_page, "bob")
    bob.goto(url)  # both open the comparison
    alice.goto(url)
    row = alice.locator(f"input[name$='-id'][value='{point.pk}']").get_attribute("name")
    prefix = row.removesuffix("-id")
    alice.fill(f"#id_{prefix}-position", "9")
    alice.click("input[name=_continue]")
    assert "Saved as a draft" in alice.locator(".messagelist").text_content()

    bob.check(f"#id_{prefix}-DELETE")
    bob.click("input[name=_continue]")
    bob.locator(".errornote").wait_for()
    text = " ".join(bob.locator(".errornote, .errorlist").all_text_contents())
    assert "alice changed this since you opened it" in text
    assert "you deleted a row they changed since" in text
    conflict = bob.locator("table.publishing-merge", has_text="You deleted this row.")
    assert "Position" in conflict.text_content() and "9" in conflict.text_content()
    assert bob.locator(f"#id_{prefix}-DELETE").is_checked(), "the editor's input is kept"

    # The browser asks for a choice before it posts the form again (the server would too).
    choices = bob.locator(f"input[name='_merge_{prefix}-DELETE']")
    assert choices.count() == 2 and choices.first.get_attribute("required") is not None
    with services.draft_applied(comparison):
        assert ComparisonPoint.objects.filter(pk=point.pk).exists()

    bob.get_by_label("keep the row, with their changes").check()
    bob.click("input[name=_continue]")
    # Their draft, row and all, is what stays: this save adds nothing to it.
    assert "Nothing was changed." in bob.locator(".messagelist").text_content()
    with services.draft_applied(comparison):
        assert ComparisonPoint.objects.get(pk=point.pk).position == 9
    assert alice.errors == [] and bob.errors == []
