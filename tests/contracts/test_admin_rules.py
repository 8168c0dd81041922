"""The admin's rules for every kind of publishing.registry, generated from it: a kind
registered later is covered by these tests as soon as it is declared, and a kind a rule applies
to but cannot be exercised on (no object in the seed, nothing to rename, no drafts) fails here
with a message saying what is missing.

- a translator's forged POST (any key but a column in their languages) is refused with a 403
  and nothing is saved; their own language is saved; they get no add, delete, publish or
  bulk-edit controls (every kind);
- a live object renamed through its draft and Publish keeps its old address: 301 in every
  language (every kind with a page; a kind addressed by what it lives within, an article by
  its law's slug, through a rename of that);
- an editor's save of a live object is a draft: visitors see the published version where
  they see it (its page, or the page that lists it: a guide task on the guide) until it is
  published, then the change; history records both (every kind);
- a scheduled draft of a live object leaves the live version up until its time (every kind);
- a stale form saved again keeps the other editor's change of a field it did not touch (every
  kind);
- what refers to an object (Kind.refers_to) keeps it from being deleted, and the delete page
  names it (every declared reference, foreign keys and many-to-many links alike, but a kind's
  reference to what it is deleted with: an article's law).

The comparison's reproductions of issue 13, with every channel and message, are in
tests/publishing/test_publish_paths.py.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from reversion.models import Revision

from publishing import registry as kinds_registry
from publishing import services
from publishing.deletion import guarded_references
from publishing.models import Publishable
from publishing.redirects import KeepsOldSlugs
from tests.cards.test_admin import form_data
from tests.translations.conftest import browser_form_data, make_user
from translations import registry
from translations.contentadmin import ContentAdmin, PublishedContentAdmin
from translations.roles import EDITORS, TRANSLATORS

from .kinds import KIND_PARAMS, kinds_with


@pytest.fixture(params=registry.target_languages())
def target_language(request):
    """The translator's language in these tests: each target language in turn."""
    return request.param


def admin_base(obj, lang="en"):
    opts = obj._meta
    return f"/{lang}/admin/{opts.app_label}/{opts.model_name}/"


def change_url(obj):
    return f"{admin_base(obj)}{obj.pk}/change/"


def client_for(username, group, languages=()):
    client = Client()
    client.force_login(make_user(username, group, languages))
    return client


@pytest.fixture
def editor_client(seeded):
    return client_for("editor", EDITORS)


@pytest.fixture
def translator_client(seeded, target_language):
    return client_for("translator", TRANSLATORS, [target_language])


def content_admin(kind):
    try:
        model_admin = admin.site.get_model_admin(kind.model)
    except NotRegistered:
        pytest.fail(f"{kind}: no admin is registered for {kind.model._meta.label}")
    assert isinstance(model_admin, ContentAdmin), (
        f"{kind}: its admin must subclass translations.contentadmin.ContentAdmin (the rules)"
    )
    return model_admin


def first_field(kind):
    fields = kind.translated_fields()
    assert fields, f"{kind}: no translated field, so no translator rule to check"
    return fields[0]


def stored(obj):
    """Every column's value as stored (the plain translated fields, which read a column picked
    by the active language, left out)."""
    model = type(obj)
    originals = set(registry.translated_fields(model))
    names = [f.attname for f in model._meta.concrete_fields if f.name not in originals]
    return model.objects.filter(pk=obj.pk).values(*names).get()


def has_draft(obj):
    return isinstance(obj, Publishable) and services.draft_of(obj) is not None


def save(client, obj, **changes):
    """Save the change form with `changes`: a draft when `obj` is live and has drafts."""
    url = change_url(obj)
    response = client.post(url, {**form_data(client.get(url)), **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def publish(client, obj):
    url = f"{admin_base(obj)}{obj.pk}/publish/"
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert client.post(url, data).status_code == 302


def page_urls(kind, obj):
    """{language: the address of obj's page in it}."""
    urls = {}
    for lang in registry.languages():
        with translation.override(lang):
            urls[lang] = reverse(kind.page, kwargs=kind.url_kwargs_for(obj))
    return urls


def public_urls(kind, obj):
    """{language: where visitors see obj}: its page, or the page that lists it."""
    if kind.page:
        return page_urls(kind, obj)
    assert kind.listed_on, f"{kind}: neither a page nor a page that lists it (Kind.listed_on)"
    urls = {}
    for lang in registry.languages():
        with translation.override(lang):
            urls[lang] = reverse(kind.listed_on)
    return urls


def fresh(kind, obj):
    return kind.model._default_manager.select_related(*kind.related).get(pk=obj.pk)


# --- translators ------------------------------------------------------------------------


def forgeries(kind, editor_data, translator_data):
    """{key: forged value}: each key the editor's form posts and the translator's does not
    (source-language columns, slug, publication fields, an inline row's choices…), with its
    value changed, plus deleting the first row of each inline."""
    # An inline row's id and its key to the object only say which row it is.
    bookkeeping = {"id", *(rel.field.name for rel in kind.model._meta.related_objects)}
    forged = {}
    for key, value in editor_data.items():
        if key in translator_data or key.startswith("initial-"):
            continue
        prefix, _dash, name = key.rpartition("-")
        if prefix and (not prefix.endswith("-0") or name in bookkeeping):
            continue  # one row per inline is enough
        forged[key] = value if isinstance(value, list) or value == "on" else f"{value}9"
    for key in editor_data:
        if key.endswith("-0-id"):
            forged[key.replace("-0-id", "-0-DELETE")] = "on"
    return forged


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_translators_forged_post_is_refused_and_saves_nothing(
    kind, public_object, editor_client, translator_client
):
    content_admin(kind)
    url = change_url(public_object)
    page = translator_client.get(url)
    assert page.status_code == 200
    translator_data = browser_form_data(page)
    forged = forgeries(kind, form_data(editor_client.get(url)), translator_data)
    source = registry.column(first_field(kind), registry.SOURCE_LANGUAGE)
    assert source in forged, f"{kind}: the translator's form posts {source}"
    before, revisions = stored(public_object), Revision.objects.count()
    for key, value in forged.items():
        response = translator_client.post(url, {**translator_data, key: value})
        assert response.status_code == 403, (key, response.status_code)
    assert stored(public_object) == before
    assert Revision.objects.count() == revisions
    assert not has_draft(public_object)


def forged_rows(editor_data, translator_data, column):
    """{name: extra POST keys}: forgeries of the rows, not of a field: a new row in each of
    the translator's inlines (the counts raised, a value in their language); a row key of an
    inline the translator does not have, alone, without its counts; the shown value
    (initial-…) of a field outside their languages."""
    forged = {}
    for key, value in translator_data.items():
        if key.endswith("-TOTAL_FORMS"):
            prefix = key.removesuffix("-TOTAL_FORMS")
            forged[f"new {prefix} row"] = {
                key: str(int(value) + 1),
                f"{prefix}-{value}-{column}": "New row by the translator",
            }
    for key in editor_data:
        if key.endswith("-0-id") and key not in translator_data:
            forged[f"lone {key}"] = {key: editor_data[key]}
    forged["initial-published_on"] = {"initial-published_on": "2020-01-01"}
    return forged


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_translators_forged_rows_are_refused_and_save_nothing(
    kind, public_object, editor_client, translator_client, target_language
):
    content_admin(kind)
    url = change_url(public_object)
    translator_data = browser_form_data(translator_client.get(url))
    column = registry.column(first_field(kind), target_language)
    inline_column = f"{column}"  # a row's own column in their language, where it has one
    forged = forged_rows(form_data(editor_client.get(url)), translator_data, inline_column)
    before, revisions = stored(public_object), Revision.objects.count()
    for name, keys in forged.items():
        response = translator_client.post(url, {**translator_data, **keys})
        assert response.status_code == 403, (name, response.status_code)
    assert stored(public_object) == before
    assert Revision.objects.count() == revisions
    assert not has_draft(public_object)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_translators_own_language_save_is_accepted(
    kind, public_object, translator_client, target_language
):
    content_admin(kind)
    column = registry.column(first_field(kind), target_language)
    url = change_url(public_object)
    data = browser_form_data(translator_client.get(url))
    data[column] = "Changed by the translator"
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    if has_draft(public_object):  # a live object: a draft for an editor to publish
        with services.draft_applied(public_object):
            assert stored(public_object)[column] == "Changed by the translator"
    else:
        assert stored(public_object)[column] == "Changed by the translator"


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_translator_gets_no_add_delete_publish_or_bulk_edit(
    kind, public_object, translator_client
):
    model_admin = content_admin(kind)
    base, pk = admin_base(public_object), public_object.pk
    assert translator_client.get(f"{base}add/").status_code == 403
    assert translator_client.get(f"{base}{pk}/delete/").status_code == 403
    assert translator_client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403
    assert kind.model.objects.filter(pk=pk).exists()
    listing = translator_client.get(base)
    assert listing.status_code == 200
    assert not listing.context["cl"].list_editable
    assert not model_admin.get_actions(listing.wsgi_request)
    for action in ("delete_selected", "publish_selected", "unpublish_selected",
                   "discard_selected"):  # fmt: skip
        data = {"action": action, "_selected_action": [pk], "post": "yes"}
        assert translator_client.post(base, data).status_code == 403, action
    assert kind.model.objects.filter(pk=pk).exists()
    assert public_object in kind.public_queryset()
    if isinstance(model_admin, PublishedContentAdmin):
        for action in ("publish", "unpublish", "discard", "history/1/revert"):
            assert translator_client.get(f"{base}{pk}/{action}/").status_code == 403
            assert translator_client.post(f"{base}{pk}/{action}/", {}).status_code == 403


# --- editors: renames, schedules, stale forms -------------------------------------------


def drafted_kind(kind):
    """Every kind is edited through drafts (a live object stays up until published)."""
    assert issubclass(kind.model, Publishable), (
        f"{kind}: no drafts (not publishing.models.Publishable): an editor's save would be "
        "public at once, and the admin rules for drafts, schedules and stale forms cannot be "
        "checked"
    )
    assert isinstance(content_admin(kind), PublishedContentAdmin), (
        f"{kind}: its admin must subclass translations.contentadmin.PublishedContentAdmin"
    )


def renamed_object(kind, obj):
    """What to rename to move obj's page: obj, or what its address comes from (its law)."""
    if issubclass(kind.model, KeepsOldSlugs):
        return obj
    target = getattr(obj, kind.within) if kind.within else None
    if target is None or not isinstance(target, KeepsOldSlugs):
        pytest.fail(
            f"{kind}: its page's address {kind.url_kwargs} has nothing the rename contract can "
            "rename: make its model (or the one it lives within) publishing.redirects."
            "KeepsOldSlugs"
        )
    return target


@pytest.mark.parametrize("kind", kinds_with("page"))
def test_a_live_object_renamed_through_draft_and_publish_keeps_its_old_addresses(
    kind, public_object, editor_client, client
):
    drafted_kind(kind)
    target = renamed_object(kind, public_object)
    old = page_urls(kind, public_object)
    save(editor_client, target, slug=f"{target.slug}-renamed")
    assert has_draft(target)
    assert client.get(old[registry.SOURCE_LANGUAGE]).status_code == 200  # live until published
    publish(editor_client, target)
    new = page_urls(kind, fresh(kind, public_object))
    assert new != old
    for lang, address in old.items():
        response = client.get(address)
        assert (response.status_code, response.get("Location")) == (301, new[lang]), address
        assert client.get(new[lang]).status_code == 200, new[lang]


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_an_editors_save_of_a_live_object_is_a_draft_until_published(
    kind, public_object, editor_client, client, target_language
):
    drafted_kind(kind)
    column = registry.column(first_field(kind), target_language)
    urls = public_urls(kind, public_object)
    revisions = Revision.objects.count()
    save(editor_client, public_object, **{column: "Drafted change 4712"})
    assert has_draft(public_object)
    assert "Drafted change 4712" not in client.get(urls[target_language]).content.decode()
    assert "Drafted change 4712" not in stored(public_object)[column]
    publish(editor_client, public_object)
    assert not has_draft(public_object)
    assert stored(public_object)[column] == "Drafted change 4712"
    response = client.get(urls[target_language])
    assert response.status_code == 200
    assert "Drafted change 4712" in response.content.decode()
    assert Revision.objects.count() >= revisions + 2  # the draft, the publication
    history = editor_client.get(f"{admin_base(public_object)}{public_object.pk}/history/")
    assert history.status_code == 200
    assert len(history.context["revisions"]) >= 2


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_scheduled_draft_of_a_live_object_keeps_the_live_version_until_its_time(
    kind, public_object, editor_client, client, settings, target_language
):
    drafted_kind(kind)
    column = registry.column(first_field(kind), target_language)
    urls = public_urls(kind, public_object)
    # Visitors' pages are in the page cache before the draft is scheduled.
    settings.PAGE_CACHE_TIMEOUT = settings.PAGE_CACHE_S_MAXAGE = 600
    cache.clear()
    for address in urls.values():
        assert client.get(address).status_code == 200, address
    when = timezone.localtime(timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    schedule = {"publish_at_0": f"{when:%Y-%m-%d}", "publish_at_1": f"{when:%H:%M:%S}"}
    save(editor_client, public_object, **{column: "Scheduled change 4711"}, **schedule)
    publish(editor_client, public_object)
    for address in urls.values():
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["X-Page-Cache"] == "hit", address
        assert "Scheduled change 4711" not in response.content.decode()
        # Neither we nor a CDN keep it past the scheduled time.
        control = dict(
            part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
        )
        assert int(control["s-maxage"]) + int(control["stale-while-revalidate"]) <= 120
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        response = client.get(urls[target_language])
        assert response.status_code == 200
        assert "Scheduled change 4711" in response.content.decode()
    assert not has_draft(public_object)
    cache.clear()


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_stale_form_saved_again_keeps_the_other_editors_change(
    kind, public_object, editor_client, target_language
):
    drafted_kind(kind)
    field = first_field(kind)
    theirs, mine = (
        registry.column(field, target_language),
        registry.column(field, registry.SOURCE_LANGUAGE),
    )
    url = change_url(public_object)
    stale = form_data(editor_client.get(url))  # both open it
    save(client_for("alice", EDITORS), public_object, **{theirs: "Alice's change"})
    stale[mine] = "鲍勃的修改"
    refused = editor_client.post(url, stale)
    assert refused.status_code == 200
    assert "alice changed this since you opened it" in refused.content.decode()
    response = editor_client.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]
    with services.draft_applied(public_object):
        values = stored(public_object)
    assert (values[theirs], values[mine]) == ("Alice's change", "鲍勃的修改")


# --- delete integrity -------------------------------------------------------------------


REFERENCES = [
    pytest.param(kind, name, lookup, id=f"{kind.name}-{name}")
    for kind in kinds_registry.kinds()
    # But a reference to what it is deleted with (an article's law): a part of it goes with it.
    for name, lookup in guarded_references(kind)
]


@pytest.mark.parametrize(("kind", "name", "lookup"), REFERENCES)
def test_what_another_kind_refers_to_cannot_be_deleted(kind, name, lookup, editor_client):
    referring = kind.model._default_manager.filter(**{f"{lookup}__isnull": False})
    obj = referring.order_by("pk").first()
    assert obj is not None, f"the seed has no {kind} referring to a {name}: the contract needs one"
    target_pk = referring.filter(pk=obj.pk).values_list(lookup, flat=True).first()
    target = kinds_registry.referenced_model(name)._default_manager.get(pk=target_pk)
    url = f"{admin_base(target)}{target.pk}/delete/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert escape(str(obj)) in page.content.decode(), f"the delete page names the {kind}"
    editor_client.post(url, {"post": "yes"})
    assert type(target)._default_manager.filter(pk=target.pk).exists()
    assert referring.filter(pk=obj.pk, **{lookup: target.pk}).exists()


# --- a kind the rules cannot be checked on fails ----------------------------------------


def test_a_kind_the_rules_cannot_exercise_fails_with_a_message():
    from search.models import Synonym

    kind = kinds_registry.Kind(name="undrafted", model=Synonym)
    with pytest.raises(pytest.fail.Exception, match="nothing the rename contract can rename"):
        renamed_object(kind, Synonym())
    with pytest.raises(AssertionError, match="no drafts"):
        drafted_kind(kind)
    with pytest.raises(AssertionError, match="neither a page nor a page that lists it"):
        public_urls(kind, Synonym())
