"""The history of a stale form saved again (merged per field) names only the fields this save
changed, by their labels: not the fields whose newer value was kept, not the form's hidden
revision fields, in every admin and language."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import translation

from cards.models import Comparison
from questions.models import Topic
from tests.cards.test_admin import form_data
from tests.translations.conftest import make_user
from translations.roles import EDITORS


def login(name):
    client = Client()
    client.force_login(make_user(name, EDITORS))
    return client


@pytest.fixture
def editors(seeded):
    return login("ed1"), login("alice")


def last_message(obj, username):
    entry = LogEntry.objects.filter(object_id=str(obj.pk), user__username=username).latest("pk")
    messages = {}
    for lang in ("en", "zh-hans", "zh-hant"):
        with translation.override(lang):
            messages[lang] = entry.get_change_message()
    return entry, messages


def test_a_merged_topic_save_names_only_what_this_editor_changed(editors):
    ed1, alice = editors
    topic = Topic.objects.order_by("position").first()
    url = f"/en/admin/questions/topic/{topic.pk}/change/"
    mine = form_data(ed1.get(url))
    theirs = form_data(alice.get(url))
    theirs.update(name_en="Alice's name", position=str(int(theirs["position"] or 0) + 5))
    assert alice.post(url, theirs).status_code == 302

    mine.update(name_en="Ed's name", name_zh_hans="编辑的名称")
    refused = ed1.post(url, mine)
    assert refused.status_code == 200 and "Name (English) was changed by both of you" in (
        refused.content.decode()
    )
    again = form_data(refused)
    again["_merge_name_en"] = "theirs"
    response = ed1.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    topic.refresh_from_db()
    assert (topic.name_en, topic.name_zh_hans) == ("Alice's name", "编辑的名称")

    entry, messages = last_message(topic, "ed1")
    assert messages["en"] == "Changed Name (Simplified Chinese)."
    assert "revision" not in entry.change_message
    for lang in ("zh-hans", "zh-hant"):
        assert "revision" not in messages[lang] and "English" not in messages[lang]
        assert "Position" not in messages[lang] and "位置" not in messages[lang]


def test_a_merged_comparison_save_does_not_name_the_rows_it_took_from_the_other_editor(editors):
    ed1, alice = editors
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    # Not live: saved in place, so the admin's log records the change (a live one's draft
    # is recorded in its revisions, with their differences).
    Comparison.objects.filter(pk=comparison.pk).update(is_published=False)
    point = comparison.points.order_by("position").first()
    url = f"/en/admin/cards/comparison/{comparison.pk}/change/"
    mine = form_data(ed1.get(url))
    theirs = form_data(alice.get(url))
    index = next(
        key.split("-")[1]
        for key, value in theirs.items()
        if key.startswith("points-") and key.endswith("-id") and value == str(point.pk)
    )
    theirs[f"points-{index}-heading_en"] = "Alice's heading"
    theirs["introduction_en"] = "Alice's introduction"
    assert alice.post(url, theirs).status_code == 302

    mine["title_zh_hans"] = "编辑的标题"
    refused = ed1.post(url, mine)
    assert refused.status_code == 200
    response = ed1.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]

    entry, messages = last_message(comparison, "ed1")
    assert "revision" not in entry.change_message
    assert "Introduction" not in messages["en"] and "Heading" not in messages["en"], messages
    assert "Title (Simplified Chinese)" in messages["en"], messages
