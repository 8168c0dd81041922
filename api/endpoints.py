"""The content kinds' API endpoints, built from what each kind declares (publishing.registry
Endpoint): its route, serializer, selector and OpenAPI summary. A kind registered in its app
gets its endpoints, its line in the API root and its operations in the OpenAPI document
without an edit here."""

from django.urls import path
from django.utils.module_loading import import_string
from drf_spectacular.utils import extend_schema

from publishing import registry
from publishing.redirects import redirect_old_slugs

from . import views
from .schema import responses


def endpoint_view(kind, endpoint):
    """The view class of one endpoint: the declared view (or the plain list or detail view)
    answering with the declared serializer from the declared selector (or the public rule)."""
    serializer = import_string(endpoint.serializer)
    if endpoint.view is not None:
        base = import_string(endpoint.view)
    else:
        base = views.PublicListView if endpoint.many else views.PublicDetailView
    attributes = {"serializer_class": serializer, "__module__": __name__, "__doc__": base.__doc__}
    if endpoint.selector is not None or endpoint.view is None:
        select = import_string(endpoint.selector) if endpoint.selector else kind.public_queryset
        attributes["get_queryset"] = lambda self: select()
    name = "".join(part.title() for part in kind.name.split("-"))
    view = type(f"{name}{'List' if endpoint.many else 'Detail'}View", (base,), attributes)
    return extend_schema(
        summary=endpoint.summary, tags=[endpoint.tag], responses=responses(serializer)
    )(view)


def urlpatterns():
    """path()s of every kind's endpoints, named "<kind>" (detail) and "<kind>-list"."""
    patterns = []
    for kind in registry.kinds():
        for endpoint in kind.api_endpoints:
            view = endpoint_view(kind, endpoint).as_view()
            if endpoint.old_slugs is not None:
                owner = registry.get(endpoint.old_slugs)
                view = redirect_old_slugs(owner.public_queryset)(view)
            name = kind.endpoint_name(endpoint).removeprefix("api:")
            patterns.append(path(endpoint.route, view, name=name))
    return patterns
