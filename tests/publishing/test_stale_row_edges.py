"""The edges of a stale form's inline rows (issue 13, item 5): a row the other editor added and
deleted again is named, in the message and on the compare page, and a save whose other
editor's saves left the content as it was goes through, saying so; a row this editor deletes
that the other editor changed meanwhile is a conflict (their edit beside your delete), the
editor choosing, never deleted silently."""

import re

import pytest

from cards.models import Comparison, ComparisonPoint
from publishing import services
from publishing.versioning import latest_revision_id
from tests.cards.test_admin import form_data
from tests.publishing import test_stale_rows as stale_rows
from tests.publishing.test_publish_paths import CHANGE, OLD
from tests.publishing.test_stale_rows import row_index, unlinked_point

# Two editors, Bob (editor_client) and Alice (other_editor), as in test_stale_rows.
editor_client, other_editor = stale_rows.editor_client, stale_rows.other_editor

pytestmark = pytest.mark.usefixtures("seeded")

ADDED = "A passing point 4730"


def with_added_point(data):
    """`data` with a new point after the others: a copy of the first one, renamed."""
    total = int(data["points-TOTAL_FORMS"])
    new = dict(data)
    for key, value in data.items():
        if key.startswith("points-0-") and not key.endswith("-id"):
            new[f"points-{total}-{key.removeprefix('points-0-')}"] = value
    new[f"points-{total}-heading_en"] = ADDED
    new[f"points-{total}-heading_zh_hans"] = "爱丽丝临时加的要点"
    new[f"points-{total}-position"] = str(total + 1)
    new["points-TOTAL_FORMS"] = str(total + 1)
    return new


def add_and_delete_a_point(client, url, **changes):
    """The other editor adds a point, saves, then deletes it again and saves (with
    `changes` to the comparison's own fields)."""
    response = client.post(url, with_added_point(form_data(client.get(url))))
    assert response.status_code == 302, response.content.decode()[:3000]
    data = form_data(client.get(url))
    index = next(
        key.split("-")[1] for key, value in data.items() if value == ADDED and "heading_en" in key
    )
    data[f"points-{index}-DELETE"] = "on"
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_save_after_a_row_was_added_and_deleted_again_goes_through_and_says_so(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))  # both open the comparison
    base = latest_revision_id(comparison) or None
    add_and_delete_a_point(other_editor, url)

    mine["introduction_en"] = "Bob's introduction 4730"
    response = editor_client.post(url, mine, follow=True)
    text = response.content.decode()
    assert response.redirect_chain, "nothing of theirs is left to lose: not refused"
    assert "Alice saved this since you opened it" in text and ADDED in text
    assert "rows added and deleted again" in text
    assert "your save changes nothing of theirs" in text
    with services.draft_applied(comparison):
        assert Comparison.objects.get(pk=comparison.pk).introduction_en == (
            "Bob's introduction 4730"
        )
        assert not ComparisonPoint.objects.filter(heading_en=ADDED).exists()
    assert base is None or base < latest_revision_id(comparison)


def test_the_refusal_and_the_compare_page_name_a_row_added_and_deleted_again(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    add_and_delete_a_point(other_editor, url, introduction_en="Alice's introduction 4731")

    mine["title_en"] = "Bob's title 4731"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "alice changed this since you opened it" in text
    assert "Introduction (English)" in text
    assert "added and deleted again" in text and ADDED in text.split("added and deleted")[1]

    compare = re.search(r'href="([^"]*/history/compare/\?a=\d+&amp;b=\d+)"', text)[1]
    compare = compare.replace("&amp;", "&")
    page = editor_client.get(compare).content.decode()
    assert "Introduction (English)" in page
    assert "Added and deleted again between these versions" in page and ADDED in page

    response = editor_client.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_compare_page_of_versions_with_the_same_content_says_what_happened_between(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    url = CHANGE.format(comparison.pk)
    form_data(editor_client.get(url))
    other_editor.post(url, form_data(other_editor.get(url)))  # keeps the first version
    base = latest_revision_id(comparison)
    add_and_delete_a_point(other_editor, url)
    page = editor_client.get(
        f"/en/admin/cards/comparison/{comparison.pk}/history/compare/"
        f"?a={base}&b={latest_revision_id(comparison)}"
    ).content.decode()
    assert "No differences." not in page
    assert "The content is the same in both versions" in page
    assert "Added and deleted again between these versions" in page and ADDED in page


@pytest.mark.parametrize("choice", ["theirs", "yours"])
def test_deleting_a_row_the_other_editor_changed_is_a_conflict_to_choose(
    editor_client, other_editor, choice
):
    comparison = Comparison.objects.get(slug=OLD)
    point = unlinked_point(comparison)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    theirs = form_data(other_editor.get(url))
    i = row_index(theirs, point)
    theirs[f"points-{i}-heading_en"] = "Alice's heading 4732"
    assert other_editor.post(url, theirs).status_code == 302

    mine[f"points-{i}-DELETE"] = "on"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "you deleted a row they changed since" in text
    assert f'name="_merge_points-{i}-DELETE"' in text  # the choice, in the row
    choice_name = f'name="_merge_points-{i}-DELETE"'
    conflict = text.split("Theirs (saved meanwhile)")[1].split(choice_name)[0]
    assert "Heading (English)" in conflict and "Alice&#x27;s heading 4732" in conflict
    assert "You deleted this row" in conflict

    again = form_data(refused)
    assert again.get(f"points-{i}-DELETE") == "on"  # the editor's input is kept
    unchosen = editor_client.post(url, again)
    assert unchosen.status_code == 200, "saved again without choosing, it asks again"
    assert f'name="_merge_points-{i}-DELETE"' in unchosen.content.decode()
    with services.draft_applied(comparison):
        assert ComparisonPoint.objects.filter(pk=point.pk).exists()

    again = form_data(unchosen)
    again[f"_merge_points-{i}-DELETE"] = choice
    response = editor_client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(comparison):
        kept = ComparisonPoint.objects.filter(pk=point.pk).first()
    if choice == "theirs":
        assert kept is not None and kept.heading_en == "Alice's heading 4732"
    else:
        assert kept is None


def test_deleting_a_row_the_other_editor_did_not_change_needs_no_choice(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    point = unlinked_point(comparison)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    other_editor.post(url, {**form_data(other_editor.get(url)), "title_en": "Alice 4733"})
    mine[f"points-{row_index(mine, point)}-DELETE"] = "on"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    assert "_merge_points-" not in refused.content.decode()
    response = editor_client.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(comparison):
        assert not ComparisonPoint.objects.filter(pk=point.pk).exists()
        assert Comparison.objects.get(pk=comparison.pk).title_en == "Alice 4733"


def test_a_save_after_a_field_was_changed_and_changed_back_goes_through_and_says_so(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    theirs = form_data(other_editor.get(url))
    assert other_editor.post(url, {**theirs, "title_en": "Alice 4734"}).status_code == 302
    assert (
        other_editor.post(
            url, form_data(other_editor.get(url)) | {"title_en": theirs["title_en"]}
        ).status_code
        == 302
    )
    mine["introduction_en"] = "Bob's introduction 4734"
    response = editor_client.post(url, mine, follow=True)
    assert response.redirect_chain, "not refused"
    text = response.content.decode()
    assert "changed and changed back: Title (English)" in text
    assert "your save changes nothing of theirs" in text
