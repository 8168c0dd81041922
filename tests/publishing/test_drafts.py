"""Drafts of live pages, publication, scheduling, history and no lost updates, as editors and
visitors meet them: through the admin and the public pages."""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Revision

from cards.models import CardType, Comparison, ComparisonPoint, PointText
from publishing import services
from publishing.models import Draft
from publishing.versioning import revisions_of, snapshot, versions_of
from tests.cards.test_admin import form_data, text_field
from tests.factories import make_comparison, sitemap_files

PUBLIC = "/en/compare/citizen-card-vs-social-security-card/"


def change_url(obj, lang="en", action="change"):
    return f"/{lang}/admin/cards/{obj._meta.model_name}/{obj.pk}/{action}/"


@pytest.fixture
def editors(db):
    def make(name):
        return get_user_model().objects.create_superuser(name, f"{name}@example.com", "pw")

    return make("alice"), make("bob")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(editors):
    return client_for(editors[0])


@pytest.fixture
def bob(editors):
    return client_for(editors[1])


def edit(client, obj, **changes):
    """Open the change form, change some fields, save; returns the response."""
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


def publish_in_admin(client, obj, confirm=False):
    page = client.get(change_url(obj, action="publish"))
    data = {"base_revision": page.context["base_revision"]}
    if confirm:
        data["confirm_translations"] = "1"
    return client.post(change_url(obj, action="publish"), data)


# --- drafts and publication ---------------------------------------------------------------


def test_a_draft_of_a_live_page_is_invisible_until_published(alice, client, comparison):
    old_title = comparison.title_en
    assert edit(alice, comparison, title_en="A brand new title").status_code == 302

    assert old_title in client.get(PUBLIC).text  # visitors: the published version
    assert "A brand new title" not in client.get(PUBLIC).text
    preview = alice.get(PUBLIC)  # staff: the draft at the real address, with a banner
    assert "A brand new title" in preview.text
    assert "Draft — not public" in preview.text
    assert "no-store" in preview["Cache-Control"]
    assert old_title in alice.get(PUBLIC + "?live").text

    assert publish_in_admin(alice, comparison).status_code == 302
    assert "A brand new title" in client.get(PUBLIC).text
    assert not Draft.objects.exists()


def test_preview_banner_in_chinese(alice, comparison):
    edit(alice, comparison, title_en="Changed")
    response = alice.get("/zh-hans/compare/citizen-card-vs-social-security-card/")
    assert "草稿：尚未发布" in response.text


def test_a_new_object_starts_as_a_draft(alice, client, two_cards_data):
    response = alice.post("/en/admin/cards/cardtype/add/", two_cards_data)
    assert response.status_code == 302, response.context and response.context["errors"]
    card = CardType.objects.get(slug="transport-card")
    assert not card.is_published
    assert client.get(f"/en/cards/{card.slug}/").status_code == 404
    assert f"/cards/{card.slug}/" not in "".join(sitemap_files(client))
    assert "Draft — not public" in alice.get(f"/en/cards/{card.slug}/").text
    publish_in_admin(alice, card, confirm=True)
    assert client.get(f"/en/cards/{card.slug}/").status_code == 200
    assert f"/cards/{card.slug}/" in "".join(sitemap_files(client))


@pytest.fixture
def two_cards_data(alice):
    data = form_data(alice.get("/en/admin/cards/cardtype/add/"))
    data.update(
        name_zh_hans="交通卡",
        summary_zh_hans="坐公交用的卡。",
        slug="transport-card",
        position="3",
    )
    return data


def test_scheduled_publication_and_unpublication_take_effect_by_themselves(alice, client):
    now = timezone.now()
    comparison = make_comparison(
        publish_at=now + datetime.timedelta(hours=1),
        unpublish_at=now + datetime.timedelta(hours=2),
    )
    url = f"/en/compare/{comparison.slug}/"
    assert client.get(url).status_code == 404
    assert "Scheduled for" in alice.get(url).text
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=1)):
        assert client.get(url).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=2)):
        assert client.get(url).status_code == 404


def test_unpublish_and_discard_buttons(alice, client, comparison):
    edit(alice, comparison, title_en="Draft title")
    page = alice.get(change_url(comparison, action="discard"))
    alice.post(
        change_url(comparison, action="discard"), {"base_revision": page.context["base_revision"]}
    )
    assert not Draft.objects.exists()
    assert "Draft title" not in alice.get(PUBLIC).text
    page = alice.get(change_url(comparison, action="unpublish"))
    alice.post(
        change_url(comparison, action="unpublish"), {"base_revision": page.context["base_revision"]}
    )
    assert client.get(PUBLIC).status_code == 404


def test_publishing_without_english_needs_an_explicit_confirmation(alice, client, comparison):
    edit(alice, comparison, title_zh_hans="新的标题", title_en="")
    response = publish_in_admin(alice, comparison)
    assert response.status_code == 200
    assert "Title (English)" in response.text and "missing" in response.text
    assert "Tick the box" in response.text
    assert (
        "新的标题" not in client.get("/zh-hans/compare/citizen-card-vs-social-security-card/").text
    )
    assert publish_in_admin(alice, comparison, confirm=True).status_code == 302
    assert "新的标题" in client.get("/zh-hans/compare/citizen-card-vs-social-security-card/").text


def test_a_changed_source_text_flags_its_translation_as_out_of_date(alice, comparison):
    edit(alice, comparison, title_zh_hans="新的标题")
    response = publish_in_admin(alice, comparison)
    assert "out of date" in response.text


def test_list_actions_publish_and_refuse_a_stale_list(alice, bob, client, comparison):
    changelist = "/en/admin/cards/comparison/"
    edit(alice, comparison, title_en="Listed draft")
    data = form_data(bob.get(changelist))  # the list as Bob sees it
    edit(alice, comparison, title_en="Newer draft")  # …then Alice changes the draft again
    data.update(action="publish_selected", _selected_action=[str(comparison.pk)])
    response = bob.post(changelist, data, follow=True)
    assert "Changed by someone else" in response.text
    assert "Newer draft" not in client.get(PUBLIC).text
    data = form_data(bob.get(changelist))
    data.update(action="publish_selected", _selected_action=[str(comparison.pk)])
    bob.post(changelist, data)
    assert "Newer draft" in client.get(PUBLIC).text


# --- no lost updates ----------------------------------------------------------------------


def test_a_stale_save_is_refused_and_names_the_other_editor(alice, bob, comparison):
    card = comparison.compared_card_types()[0]
    bobs_form = form_data(bob.get(change_url(comparison)))  # both open the comparison
    assert edit(alice, comparison, introduction_en="Alice's introduction").status_code == 302
    bobs_form[text_field("points-0", card, "en")] = "Bob's text"  # an inline row
    response = bob.post(change_url(comparison), bobs_form)
    assert response.status_code == 200
    assert "alice changed this since you opened it" in response.text
    assert "Introduction (English)" in response.text
    assert "history/compare/" in response.text
    assert "Bob&#x27;s text" in response.text or "Bob's text" in response.text  # input kept
    draft = "".join(v.serialized_data for v in versions_of(Draft.objects.get().revision).values())
    assert "Alice's introduction" in draft
    assert "Bob's text" not in draft
    # Saving again after seeing the message is a deliberate choice: it builds on Alice's.
    second = form_data(response)
    assert bob.post(change_url(comparison), second).status_code == 302


def test_a_stale_save_of_an_unpublished_object_is_refused_too(alice, bob, db):
    comparison = make_comparison(is_published=False)
    bobs_form = form_data(bob.get(change_url(comparison)))
    edit(alice, comparison, title_en="Alice")
    bobs_form["title_en"] = "Bob"
    assert bob.post(change_url(comparison), bobs_form).status_code == 200
    comparison.refresh_from_db()
    assert comparison.title_en == "Alice"


def test_an_unchanged_resubmission_records_nothing(alice, comparison):
    revisions = Revision.objects.count()
    assert edit(alice, comparison).status_code == 302
    assert Revision.objects.count() == revisions
    assert not Draft.objects.exists()


# --- history, differences, revert ---------------------------------------------------------


def test_history_lists_versions_and_the_diff_names_fields_in_the_editors_language(
    alice, comparison
):
    edit(alice, comparison, title_en="Citizen card or social security card: which is which")
    edit(alice, comparison, title_zh_hans="市民卡和社保卡")
    history = alice.get(change_url(comparison, "zh-hans", "history"))
    assert history.status_code == 200
    assert "alice" in history.text and "草稿" in history.text
    # Each "from"/"to" radio is named by its column and its version's date, not "From" alone.
    page = BeautifulSoup(history.text, "html.parser")
    radios = page.select("#change-history input[type=radio]")
    assert len(radios) >= 4
    for radio in radios:
        name = [page.find(id=ref).get_text(strip=True) for ref in radio["aria-labelledby"].split()]
        row_date = radio.find_parent("tr").find("th", scope="row").get_text(strip=True)
        assert name == ["从" if radio["name"] == "a" else "到", row_date]
    diff = alice.get(change_url(comparison, "zh-hans", "history/compare") + "?a=live&b=draft")
    assert "标题（英语）" in diff.text and "标题（简体中文）" in diff.text
    assert "<ins>" in diff.text and "<del>" in diff.text
    assert "[zh-hans]" not in diff.text and "object (" not in diff.text
    # Insertions and deletions say so in words, in the editor's language, whatever the text's
    # language (not by colour alone; not English words inside a Chinese page).
    assert '<span class="visually-hidden" lang="zh-hans">【插入：</span>' in diff.text
    assert '<span class="visually-hidden" lang="zh-hans">【删除：</span>' in diff.text
    assert "[inserted" not in diff.text and '<span class="visually-hidden">】</span>' in diff.text
    assert '<td class="publishing-diff" lang="en">' in diff.text
    diff = alice.get(change_url(comparison, "en", "history/compare") + "?a=live&b=draft")
    assert "Title (English)" in diff.text
    assert '<span class="visually-hidden" lang="en">[inserted: </span>' in diff.text


def test_the_diff_covers_inline_rows_word_by_word(alice, comparison):
    card = comparison.compared_card_types()[0]
    data = form_data(alice.get(change_url(comparison)))
    old = data[text_field("points-0", card, "en")]
    data[text_field("points-0", card, "en")] = old.replace("local", "municipal", 1)
    assert alice.post(change_url(comparison), data).status_code == 302
    diff = alice.get(change_url(comparison, "en", "history/compare") + "?a=live&b=draft").text
    assert "Point text:" in diff and "Text (English)" in diff
    hidden = '<span class="visually-hidden">]</span>'
    assert (
        f'<del><span class="visually-hidden" lang="en">[deleted: </span>local{hidden}</del>'
        f'<ins><span class="visually-hidden" lang="en">[inserted: </span>municipal{hidden}</ins>'
    ) in diff


def live_state(comparison):
    """Everything a visitor could see of the comparison, both languages, every inline row."""
    data = {}
    for key, version in snapshot(comparison).items():
        fields = dict(version.field_dict)
        for name in ("is_published", "last_published_at", "updated_at"):
            fields.pop(name, None)
        data[key] = fields
    return data


def test_revert_restores_both_languages_and_every_inline_through_a_draft(alice, client, comparison):
    original = live_state(comparison)
    services.record(comparison, user=None)  # the version to go back to
    first = revisions_of(comparison).first()
    # Change fields in both languages, a text, drop a point (one no guide task links to: those
    # cannot be deleted), cite one article less.
    card = comparison.compared_card_types()[0]
    data = form_data(alice.get(change_url(comparison)))
    from guide.models import Task

    linked = {str(pk) for pk in Task.objects.values_list("point_id", flat=True)}
    free = next(
        key.split("-")[1]
        for key, value in sorted(data.items())
        if key.startswith("points-")
        and key.endswith("-id")
        and value not in linked
        and key != "points-0-id"
    )
    data.update({"title_zh_hans": "改了", "title_en": "Changed", f"points-{free}-DELETE": "on"})
    data[text_field("points-0", card, "zh-hans")] = "改了的文字"
    cited = sorted(key for key in data if key.startswith("citations-") and key.endswith("-id"))
    data.update({key.replace("-id", "-DELETE"): "on" for key in cited[1:]})  # keep one
    citing = set(comparison.legal_basis.values_list("pk", flat=True))
    assert len(citing) > 1, "the seed's comparison cites several articles"
    assert alice.post(change_url(comparison), data).status_code == 302
    publish_in_admin(alice, comparison, confirm=True)  # the English text is now out of date
    assert live_state(comparison) != original
    assert comparison.legal_basis.count() == 1

    page = alice.get(change_url(comparison, action=f"history/{first.pk}/revert"))
    response = alice.post(
        change_url(comparison, action=f"history/{first.pk}/revert"),
        {"base_revision": page.context["base_revision"]},
    )
    assert response.status_code == 302
    assert "Changed" in client.get(PUBLIC).text  # a revert is a draft first
    publish_in_admin(alice, comparison, confirm=True)
    after = live_state(comparison)
    assert after.keys() == original.keys()
    for key, fields in original.items():
        assert after[key] == fields, key
    assert set(comparison.legal_basis.values_list("pk", flat=True)) == citing
    assert "Changed" not in client.get(PUBLIC).text


# --- visitors pay nothing for drafts ------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_draft_adds_no_query_to_the_public_page(alice, client, comparison, language):
    url = f"/{language}/compare/{comparison.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    edit(alice, comparison, title_en="Draft")
    with CaptureQueriesContext(connection) as with_draft:
        client.get(url)
    assert len(with_draft) == len(without)


def test_models_are_versioned_with_their_language_columns(comparison):
    services.record(comparison, user=None)
    fields = versions_of(revisions_of(comparison).first())
    names = {name for version in fields.values() for name in version.field_dict}
    assert {"title_zh_hans", "title_en", "text_zh_hans", "text_en"} <= names
    assert "title" not in names
    assert {Comparison, ComparisonPoint, PointText} <= {v._model for v in fields.values()}


def test_next_scheduled_change_tells_caches_when_to_expire(db):
    from publishing.models import next_scheduled_change

    assert next_scheduled_change() is None
    soon = timezone.now() + datetime.timedelta(hours=3)
    make_comparison(unpublish_at=soon + datetime.timedelta(hours=1))
    make_comparison(publish_at=soon)
    make_comparison(is_published=False, publish_at=timezone.now() + datetime.timedelta(hours=1))
    make_comparison(publish_at=timezone.now() - datetime.timedelta(hours=1))  # already past
    assert next_scheduled_change() == soon
    sooner = timezone.now() + datetime.timedelta(minutes=5)
    make_comparison(unpublish_at=sooner)
    # One query, asked after every write by the page cache (its SQL built once per process).
    with CaptureQueriesContext(connection) as queries:
        assert next_scheduled_change() == sooner
    assert len(queries) == 1


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1"])
def test_absurd_revision_ids_are_refused_not_a_500(alice, comparison, value):
    assert (
        alice.post(change_url(comparison, action="publish"), {"base_revision": value}).status_code
        == 200
    )
    compare = change_url(comparison, action="history/compare") + f"?a={value}&b=draft"
    assert alice.get(compare).status_code == 404
    assert edit(alice, comparison, base_revision=value, title_en="x").status_code == 200


def test_deleting_an_object_drops_its_draft(alice, db):
    comparison = make_comparison()
    edit(alice, comparison, title_en="Draft")
    assert Draft.objects.exists()
    comparison.delete()
    assert not Draft.objects.exists()


def test_a_comparison_does_not_link_to_an_unpublished_card_type(client, comparison):
    card = comparison.compared_card_types()[0]
    assert f'href="/en/cards/{card.slug}/"' in client.get(PUBLIC).text
    services.unpublish(card, user=None)
    html = client.get(PUBLIC).text
    assert f'href="/en/cards/{card.slug}/"' not in html and card.name_en in html


@pytest.mark.django_db(transaction=True)
def test_a_draft_that_no_longer_fits_the_data_is_refused_not_a_500(alice):
    from cards.models import ComparedCard
    from publishing.versioning import latest_revision_id
    from tests.factories import make_card_type

    comparison = make_comparison(points=1)
    extra = make_card_type()
    with services.rolled_back():
        ComparedCard.objects.create(comparison=comparison, card_type=extra, position=3)
        draft = snapshot(comparison)
    services.save_draft(comparison, draft, user=None)
    extra.delete()  # used by the draft only, so nothing protects it
    response = alice.post(
        change_url(comparison, action="publish"),
        {"base_revision": latest_revision_id(comparison), "confirm_translations": "1"},
        follow=True,
    )
    assert "no longer fits" in response.text  # shown on the history page
    assert response.status_code == 200
    assert comparison.compared.count() == 2
    assert Draft.objects.exists()
    page = alice.get(change_url(comparison))  # says so on the page, offering the discard
    assert page.status_code == 200 and page.text.count("no longer fits") == 1
    assert alice.get(f"/en/compare/{comparison.slug}/").status_code == 200  # the live version
    page = alice.get(change_url(comparison, action="discard"))  # the way out
    alice.post(
        change_url(comparison, action="discard"), {"base_revision": page.context["base_revision"]}
    )
    assert not Draft.objects.exists()


STEPS = {
    "publish": services.publish,
    "unpublish": services.unpublish,
    "discard_draft": services.discard_draft,
    # Saving the live text back over the draft drops the draft.
    "save_draft": lambda obj, user: services.save_draft(obj, snapshot(obj), user=user),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_publishing_step_that_fails_halfway_leaves_the_page_and_its_draft_as_they_were(
    db, step, monkeypatch
):
    """Called outside any transaction (the list action, import_law, apply_due), a step that
    fails after its first writes (here: recording the revision) undoes them all: the visitor
    keeps the live page, the editor keeps the draft."""
    comparison = make_comparison(points=1)
    services.publish(comparison, user=None)
    with services.rolled_back():
        Comparison.objects.filter(pk=comparison.pk).update(title_en="Never half-published")
        draft = snapshot(comparison)
    services.save_draft(comparison, draft, user=None)

    def fails(*args, **kwargs):
        raise RuntimeError("the revision could not be written")

    monkeypatch.setattr(services, "save_revision", fails)
    with pytest.raises(RuntimeError):
        STEPS[step](Comparison.objects.get(pk=comparison.pk), user=None)
    comparison.refresh_from_db()
    assert comparison.is_published and comparison.title_en != "Never half-published"
    assert Draft.objects.filter(object_id=str(comparison.pk)).exists()
