"""The registry of content kinds is complete: a kind nobody declared, or declared without what
the channels need, fails here (and in Django's system checks) rather than going missing."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from findability.metadata import KIND_BUILDERS
from publishing import registry
from publishing.models import Publishable, check_publishables_registered
from translations.registry import translated_models

from .kinds import KIND_PARAMS


def test_every_publishable_model_is_a_registered_kind():
    publishables = [m for m in apps.get_models() if issubclass(m, Publishable)]
    assert publishables
    assert all(registry.for_model(model) is not None for model in publishables)
    assert check_publishables_registered() == []


def test_an_unregistered_publishable_fails_the_system_checks(monkeypatch):
    kinds = {name: kind for name, kind in registry._KINDS.items() if name != "law"}
    monkeypatch.setattr(registry, "_KINDS", kinds)
    errors = check_publishables_registered()
    assert [error.id for error in errors] == ["publishing.E001"]
    assert "legislation.Law" in errors[0].msg


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_every_kind_is_reachable_and_described(kind):
    assert kind.page or kind.listed_on, "visitors see it on some page"
    assert kind.api or kind.api_list, "the API shows it"
    if kind.page:
        assert kind.name in KIND_BUILDERS, "its page has metadata (findability.metadata)"
    assert set(kind.search_fields) <= set(kind.translated_fields())
    assert hasattr(kind.model._default_manager.all(), kind.public)


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_searchable_kind_is_searched_by_the_sources_it_declares(kind):
    """Kind.search_sources name search.engine Sources (a typo fails here, not at a search);
    a searchable kind that declares none is searched by the plain Source."""
    from django.utils.module_loading import import_string

    from search.engine import Source, sources

    if not kind.search_fields:
        assert not kind.search_sources, "sources without fields to search"
        return
    classes = [import_string(path) for path in kind.search_sources] or [Source]
    assert all(issubclass(cls, Source) for cls in classes)
    assert [type(s) for s in sources() if s.kind is kind] == classes


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_what_a_kind_declares_about_other_rows_resolves(kind):
    """`refers_to`, `shows` and `within` name real relations (a typo would leave the change
    feed or an integrity check silently blind)."""
    for name, lookup in kind.refers_to:
        target = registry.referenced_model(name)
        referred = kind.model._default_manager.filter(**{f"{lookup}__isnull": False})
        assert referred.values_list(lookup, flat=True).model is kind.model
        assert target._default_manager.filter(pk__in=referred.values(lookup)).count() >= 0
    for model, lookup, attribute in kind.shows:
        assert attribute in {"pk", *(f.attname for f in model._meta.concrete_fields)}
        assert kind.model._default_manager.filter(**{lookup: 0}).count() == 0
    if kind.within:
        assert registry.for_model(kind.model._meta.get_field(kind.within).related_model)


def test_every_translated_model_is_content():
    """Translation status, roles and the PO exchange cover the content apps' models only."""
    assert all(registry.is_content(model) for model in translated_models())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("published", "start", "end"),
    [
        (True, None, None),
        (False, None, None),
        (True, -1, None),
        (True, 1, None),
        (True, None, -1),
        (True, None, 1),
        (True, -2, -1),
    ],
)
def test_the_rule_in_memory_agrees_with_the_query(published, start, end):
    """Publishable.is_public() (used for objects already loaded) says what published() does."""
    from tests.factories import make_card_type

    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    card = make_card_type(
        is_published=published,
        publish_at=None if start is None else now + start * hours,
        unpublish_at=None if end is None else now + end * hours,
    )
    in_query = type(card).objects.published().filter(pk=card.pk).exists()
    assert card.is_public() is in_query


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_kinds_api_endpoints_are_built_from_its_declaration(kind, client, seeded):
    """Each declared Endpoint is a URL of the API, under the name the change feed and the
    channels use (kind.api, kind.api_list), answering with the declared serializer; the API
    root lists the endpoints that say so."""
    from django.urls import resolve, reverse
    from django.utils.module_loading import import_string

    assert kind.api_endpoints, "the API shows it: declare its endpoints"
    names = {kind.endpoint_name(endpoint) for endpoint in kind.api_endpoints}
    assert {kind.api, kind.api_list} - {None} <= names
    root = client.get("/api/v1/").json()
    for endpoint in kind.api_endpoints:
        assert import_string(endpoint.serializer)
        if endpoint.selector:
            assert import_string(endpoint.selector)().model is kind.model
        route = "/api/v1/" + endpoint.route.split("<")[0]
        if "<" not in endpoint.route:
            assert resolve(route).url_name == kind.endpoint_name(endpoint).removeprefix("api:")
            assert client.get(route).status_code == 200
        if endpoint.root:
            assert root[endpoint.root].endswith(reverse(kind.endpoint_name(endpoint)))


def test_a_new_kind_gets_its_api_names_from_its_endpoints():
    from search.models import Synonym

    kind = registry.Kind(
        name="synonym",
        model=Synonym,
        api_endpoints=(
            registry.Endpoint("synonyms/", "x.Y", "Synonyms", "search", many=True),
            registry.Endpoint("synonyms/<slug:slug>/", "x.Y", "A synonym", "search"),
        ),
    )
    assert (kind.api_list, kind.api) == ("api:synonym-list", "api:synonym")
