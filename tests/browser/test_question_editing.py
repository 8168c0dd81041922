"""An editor writes a question in a real browser (both languages, a topic, an answer block),
previews it at its real address, publishes it; a visitor sees it only once it is published."""

import pytest
from django.contrib.auth.models import User

from questions.models import Question

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


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


def fill_tabbed(page, field_id, value):
    """Open the language tab of `field_id` (modeltranslation's tabs), then type into it."""
    tab = page.locator(f'.ui-tabs-nav [role=tab][aria-controls="tab_{field_id}"]')
    if tab.count():
        tab.first.click()
    page.fill(f"#{field_id}", value)


def test_write_preview_and_publish_a_question(seeded_server, editor, open_page):
    visitor = open_page(360)
    editor.goto(f"{seeded_server.url}/en/admin/questions/question/add/")
    fill_tabbed(editor, "id_question_zh_hans", "可以补缴社会保险费吗？")
    answer_zh = "用人单位未按时足额缴纳的，应当限期缴纳或者补足。"
    answer_en = "An employer that has not paid in full must make up the shortfall."
    fill_tabbed(editor, "id_short_answer_zh_hans", answer_zh)
    fill_tabbed(editor, "id_question_en", "Can missing contributions be made up?")
    fill_tabbed(editor, "id_short_answer_en", answer_en)
    editor.fill("#id_slug", "making-up-contributions")
    editor.check("#id_topics input[type=checkbox] >> nth=0")
    fill_tabbed(editor, "id_blocks-0-text_en", "The collection agency sets the time limit.")
    fill_tabbed(editor, "id_blocks-0-text_zh_hans", "限期由社会保险费征收机构确定。")
    editor.click("input[name=_continue]")
    assert editor.locator(".errornote").count() == 0, editor.locator(".errorlist").all_inner_texts()
    question = Question.objects.get(slug="making-up-contributions")
    assert not question.is_published

    public = f"{seeded_server.url}/en/questions/making-up-contributions/"
    assert visitor.goto(public).status == 404  # not yet published

    # Preview: the editor sees the page at its real address.
    editor.goto(public)
    assert editor.locator("h1").inner_text() == "Can missing contributions be made up?"
    assert "The collection agency sets the time limit." in editor.content()

    # Publish.
    editor.goto(f"{seeded_server.url}/en/admin/questions/question/{question.pk}/change/")
    editor.click(".object-tools >> text=Publish")
    editor.click("input[value=Confirm]")
    assert "Published." in editor.locator(".messagelist").text_content()

    response = visitor.goto(public)
    assert response.status == 200
    assert visitor.locator("h1").inner_text() == "Can missing contributions be made up?"
    width = visitor.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1]  # no sideways scrolling on a phone
    visitor.goto(f"{seeded_server.url}/zh-hans/questions/")
    assert "可以补缴社会保险费吗？" in visitor.content()
    assert editor.errors == []
