"""The content kinds: each public kind of object declared once, in its own app, and read
everywhere else (change feed, API, search, sitemaps, feed, page metadata, history, roles…).

A content app declares its kinds in its `kinds.py` and registers them from its
AppConfig.ready() (after modeltranslation's ready(): history reads the per-language columns):

    registry.register(Kind(name="card-type", model=CardType, page="cards:card", …))

Like admin.site.register or django-reversion's register(): one declaration, no list of kinds
kept by hand anywhere. The modules on the floors above iterate kinds(); each of them checks
that every kind is covered (a missing piece fails the system checks or the contract tests in
tests/contracts/). This module imports no content app and no app above it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CASCADE
from modeltranslation.translator import NotRegistered, translator


@dataclass(frozen=True)
class Endpoint:
    """One read-only API endpoint of a kind, declared with the kind; api.endpoints builds its
    URL, view and OpenAPI operation. Classes and callables are dotted paths: the API sits
    above the content apps (as search_sources). A new app may keep its serializer in its own
    `api.py`, a module only the API loads (as admin.py is only loaded by the admin)."""

    route: str  # under /api/v1/, as in path(): "card-types/<slug:slug>/"
    serializer: str  # dotted path of its serializer class
    summary: str  # its OpenAPI summary
    tag: str  # its OpenAPI tag
    many: bool = False  # a (paginated) list; else one object, looked up by the `slug` kwarg
    # Dotted path of a callable returning what it answers from; default: the public rule.
    selector: str | None = None
    # Dotted path of a view class, for an endpoint with parameters of its own; default: the
    # API's plain list or detail view.
    view: str | None = None
    # The kind whose old slugs (publishing.redirects) the route's `slug` redirects: 301.
    old_slugs: str | None = None
    root: str | None = None  # its key in the API root's answer, where it is listed there


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Kind:
    """One public kind of object and the channels that show it."""

    name: str  # its public name: the change feed's "type", the contract tests' id
    model: type
    # What visitors may see: the manager's queryset method (publishing.models.Publishable's
    # published(), or the model's own). Every channel asks public_queryset(), nothing else.
    public: str = "published"
    related: tuple = ()  # select_related() for lists that show each object with these
    key_fields: tuple = ("slug",)  # lookups whose values, joined by "/", name it publicly
    page: str | None = None  # URL name of its page, reversed with key_fields as `url_kwargs`
    url_kwargs: tuple = ("slug",)
    listed_on: str | None = None  # URL name of the page that lists it, where it has no own
    # Its API endpoints (Endpoint); the detail is named "api:<name>", the list
    # "api:<name>-list". api and api_list default to those names.
    api_endpoints: tuple = ()
    api: str | None = None  # URL name of its API detail (same kwargs), or None
    api_list: str | None = None  # URL name of the API list that holds it
    embed: str | None = None  # URL name of its embed, where it has one
    share_image: str | None = None  # URL name of its share image, where it has one
    search_fields: tuple = ()  # translated fields the site search matches; [0] is the title
    search_group: str = ""  # the heading its results come under (search.engine.GROUPS)
    # Lookups whose match ranks a result above a match in the body only (default: the title).
    search_title_fields: tuple = ()
    # Dotted paths of the search.engine Source classes that search it, where the plain Source
    # is not enough (a comparison's points, a law's editor-set weight): strings, since search
    # sits above the content apps (as a settings path names a class). Default: Source.
    search_sources: tuple = ()
    sitemap: str | None = None  # its section of the sitemap index: /sitemap-<name>.xml
    feed: tuple = ()  # in the Atom feed of what changed: its newest first, by this ordering
    # (attribute of its first publication, attributes of its last change, first set wins)
    dates: tuple = ()
    description: tuple = ()  # attributes that describe it (feed, metadata), first set wins
    follow: tuple = ()  # its inline rows, kept in its history and drafts (reverse relations)
    parts: dict = field(default_factory=dict)  # {inline model: the relations it follows}
    # The foreign key to the kind whose public window bounds this one (an article: its law).
    within: str | None = None
    # Rows other than its own whose writes change what its answers show:
    # ((model, lookup from this kind to the row, attribute of the row matched), …).
    shows: tuple = ()
    # What it refers to: ((kind name, lookup from this kind), …), for integrity checks; a
    # model that is no kind of its own is named by its label ("questions.Topic").
    refers_to: tuple = ()

    def __post_init__(self):
        # Frozen: the documented way to set derived fields (dataclasses' __post_init__).
        for endpoint in self.api_endpoints:
            attribute = "api_list" if endpoint.many else "api"
            if getattr(self, attribute) is None:
                object.__setattr__(self, attribute, self.endpoint_name(endpoint))

    def __str__(self):
        return self.name

    def endpoint_name(self, endpoint):
        """The URL name (namespace api) of one of its endpoints."""
        return f"api:{self.name}-list" if endpoint.many else f"api:{self.name}"

    def public_queryset(self, now=None):
        """The one rule for what visitors see, with what a list of them needs. `now`: the
        time its publication windows are checked at (default: now)."""
        rule = getattr(self.model._default_manager, self.public)
        queryset = rule() if now is None else rule(now=now)
        return queryset.select_related(*self.related) if self.related else queryset

    def translated_fields(self):
        try:
            return tuple(translator.get_options_for_model(self.model).local_fields)
        except NotRegistered:
            return ()

    def key(self, obj):
        values = []
        for lookup in self.key_fields:
            value = obj
            for part in lookup.split("__"):
                value = getattr(value, part)
            values.append(str(value))
        return "/".join(values)

    def url_kwargs_for(self, obj):
        return dict(zip(self.url_kwargs, self.key(obj).split("/"), strict=True))

    def history_models(self):
        """{model: follow} for the kind and its inline rows, as registered for history."""
        return {self.model: self.follow, **self.parts}


_KINDS = {}  # name → Kind, in registration order
_CONTENT_APPS = []  # app labels whose models are content (editors' permissions, cache, text)
_LISTENERS = []  # what else each kind is registered with (history: publishing.apps)


def register(kind):
    """Register `kind`, its app as a content app, and tell the listeners (its history)."""
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"Two content kinds are named {kind.name!r}")
    _KINDS[kind.name] = kind
    register_content_app(kind.model._meta.app_label)
    for listener in _LISTENERS:
        listener(kind)
    return kind


def on_register(listener):
    """Call `listener(kind)` for every kind, registered already or later: the registry
    imports nothing of publishing, the modules that act on kinds subscribe here."""
    _LISTENERS.append(listener)
    for kind in kinds():
        listener(kind)


def register_content_app(app_label):
    """An app whose models are public content without being a kind of their own (the search
    synonyms): editors may change them, their writes refresh the caches."""
    if app_label not in _CONTENT_APPS:
        _CONTENT_APPS.append(app_label)


def kinds():
    return list(_KINDS.values())


def kinds_by_name():
    return dict(_KINDS)


def get(name):
    return _KINDS[name]


def referenced_model(name):
    """The model a `refers_to` entry names: a kind's (its name), or that of a model that is
    no kind of its own, by its label ("questions.Topic": a question's topics)."""
    kind = _KINDS.get(name)
    return kind.model if kind is not None else apps.get_model(name)


def for_model(model):
    """The kind of `model`, or None."""
    return next((kind for kind in _KINDS.values() if kind.model is model), None)


def kinds_within(model):
    """The kinds that live within `model` (Kind.within) and are deleted with it by a cascade:
    a law's articles. What goes with it when it is deleted, and comes back with it when it is
    recovered (publishing.links.going_with, publishing.repair)."""
    found = []
    for kind in _KINDS.values():
        if kind.within is None:
            continue
        field = kind.model._meta.get_field(kind.within)
        if field.related_model is model and field.remote_field.on_delete is CASCADE:
            found.append(kind)
    return found


def content_apps():
    return tuple(_CONTENT_APPS)


def content_models():
    """Every model of the content apps (a kind's model, its inline rows, the rest)."""
    return [model for label in _CONTENT_APPS for model in apps.get_app_config(label).get_models()]


def is_content(model):
    return model._meta.app_label in _CONTENT_APPS
