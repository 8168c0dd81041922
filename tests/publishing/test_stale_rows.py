"""A stale form saved again merges its inline rows per field, as it does the object's own fields:
a row the other editor deleted is dropped (and the message says so), a row field or a value
kept on a related row (a point's text per card type) that only they changed keeps their value,
and a row field both changed is shown side by side for the editor to choose."""

import pytest
from django.utils import translation

from cards.models import Comparison, ComparisonPoint
from publishing import services
from tests.cards.test_admin import form_data
from tests.publishing.test_publish_paths import CHANGE, OLD

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def other_editor(seeded):
    from django.test import Client

    from tests.translations.conftest import make_user
    from translations.roles import EDITORS

    client = Client()
    client.force_login(make_user("alice", EDITORS))
    return client


@pytest.fixture
def editor_client(seeded):
    from django.test import Client

    from tests.translations.conftest import make_user
    from translations.roles import EDITORS

    client = Client()
    client.force_login(make_user("bob", EDITORS))
    return client


def row_index(data, point):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point.pk)
    )


def unlinked_point(comparison):
    from guide.models import Task

    linked = Task.objects.filter(point__isnull=False).values("point_id")
    return comparison.points.exclude(pk__in=linked).order_by("position").last()


def test_a_row_the_other_editor_deleted_is_dropped_and_the_save_goes_through(
    editor_client, other_editor
):
    comparison = Comparison.objects.get(slug=OLD)
    point = unlinked_point(comparison)
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))  # both open the comparison
    theirs = form_data(other_editor.get(url))
    theirs[f"points-{row_index(theirs, point)}-DELETE"] = "on"
    response = other_editor.post(url, theirs)
    assert response.status_code == 302, response.content.decode()[:3000]

    mine["introduction_en"] = "Bob's introduction"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "alice deleted a row below the form (" in text
    with translation.override("en"):  # named in the admin's language (here English)
        assert str(point)[:40] in text.split("alice deleted")[1][:300]
    again = form_data(refused)
    assert int(again["points-TOTAL_FORMS"]) == int(mine["points-TOTAL_FORMS"]) - 1
    assert str(point.pk) not in [v for k, v in again.items() if k.endswith("-id")]

    response = editor_client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(comparison):
        assert Comparison.objects.get(pk=comparison.pk).introduction_en == "Bob's introduction"
        assert not ComparisonPoint.objects.filter(pk=point.pk).exists()  # stays deleted


@pytest.mark.parametrize("choice", ["theirs", "yours"])
def test_row_fields_and_point_texts_merge_per_field(editor_client, other_editor, choice):
    comparison = Comparison.objects.get(slug=OLD)
    first, second = comparison.points.order_by("position")[:2]
    card = comparison.compared_card_types()[1]
    url = CHANGE.format(comparison.pk)
    mine = form_data(editor_client.get(url))
    theirs = form_data(other_editor.get(url))
    i, j = row_index(theirs, first), row_index(theirs, second)
    text_key = f"points-{j}-card_{card.pk}_text_en"
    old_text = theirs[text_key]
    theirs[f"points-{i}-heading_en"] = "THEIRS p3 both"
    theirs[text_key] = "THEIRS card text"
    assert other_editor.post(url, theirs).status_code == 302

    mine[f"points-{i}-heading_en"] = "MINE p3 both"
    refused = editor_client.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert f'name="_merge_points-{i}-heading_en"' in text  # a choice at the row's field
    assert "THEIRS p3 both" in text and "MINE p3 both" in text  # side by side
    assert f'name="_merge_points-{j}-card_{card.pk}_text_en"' not in text

    again = form_data(refused)
    assert again[text_key] == old_text  # the editor's input is kept as it was
    unchosen = editor_client.post(url, again)
    assert unchosen.status_code == 200  # both changed the heading: a choice is required
    assert f'name="_merge_points-{i}-heading_en"' in unchosen.content.decode()

    again = form_data(unchosen)
    again[f"_merge_points-{i}-heading_en"] = choice
    response = editor_client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(comparison):
        heading = ComparisonPoint.objects.get(pk=first.pk).heading_en
        texts = {
            t.card_type_id: t.text_en for t in ComparisonPoint.objects.get(pk=second.pk).texts.all()
        }
    assert heading == ("THEIRS p3 both" if choice == "theirs" else "MINE p3 both")
    assert texts[card.pk] == "THEIRS card text"  # theirs, not reverted by the stale form
