"""History through django-reversion: which models are versioned, what a snapshot of an object
and its inline rows is, and how one is stored as a revision.

A snapshot maps (content type id, pk) to an unsaved reversion Version for the object and every
row reached through its `follow` relations (a comparison's compared cards, points and their
texts). Snapshots of the same data are equal, which is how an unchanged save is recognised.

Register models from an AppConfig.ready() of an app listed after modeltranslation: the fields
are read at registration, and modeltranslation adds the per-language columns in its own ready()
(django-reversion #684). The plain `title` column is left out: its value depends on the active
language (only `title_zh_hans` and `title_en` are reliable).
"""

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator
from reversion import is_registered
from reversion import register as reversion_register
from reversion import unregister as reversion_unregister
from reversion.models import Revision, Version

from .models import RevisionKind

_FOLLOW = {}  # model → names of the relations whose rows belong to its history
_FIELDS = {}  # model → the fields its versions hold
_PARENT = {}  # inline model → its foreign key to the row that follows it (follow, inverted)


def register(model, follow=()):
    """Version `model` (and, through `follow`, its inline rows). Safe to call twice; a kind's
    registration (with its follows) supersedes one without (a content admin's, which may come
    first: publishing.registry)."""
    if is_registered(model):
        if not follow or _FOLLOW.get(model) == tuple(follow):
            return
        reversion_unregister(model)
    try:
        originals = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        originals = set()
    fields = [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in originals and not field.auto_created
    ]
    reversion_register(model, fields=fields, follow=follow)
    _FOLLOW[model] = tuple(follow)
    _FIELDS[model] = fields
    for name in follow:
        relation = model._meta.get_field(name)  # the reverse side of a foreign key
        _PARENT[relation.related_model] = relation.field.name


def owner_path(model):
    """The lookup from `model` to its owner (see owner()): "" for a top object,
    "point__comparison" for a point text; None for a model that is not versioned. For
    select_related(), so that owner() needs no query."""
    if not is_registered(model):
        return None
    steps = []
    while (parent := _PARENT.get(model)) is not None:
        steps.append(parent)
        model = model._meta.get_field(parent).related_model
    return "__".join(steps)


def owner(obj):
    """The object whose history (and draft) holds `obj`: `obj` itself, or for an inline row
    the row its follow relations lead down from, up to the top (a point text → its point →
    the comparison). None for a model that is not versioned."""
    if not is_registered(type(obj)):
        return None
    while (parent := _PARENT.get(type(obj))) is not None:
        obj = getattr(obj, parent)
    return obj


def tree(root):
    """The object and every row reached through its follow relations, parents first, as
    stored now (fetched afresh: an instance may hold prefetched rows from before a save)."""
    rows, stack = [], [type(root)._default_manager.get(pk=root.pk)]
    while stack:
        obj = stack.pop(0)
        rows.append(obj)
        for name in _FOLLOW.get(type(obj), ()):
            stack.extend(getattr(obj, name).all())
    return rows


def rows_under(model, pks):
    """{model: {pk}} of the rows reached from the rows `pks` of `model` through its follow
    relations (a comparison's points and their texts), those rows included: one query per
    relation, whatever the number of rows."""
    found, level = {}, [(model, set(pks))]
    while level:
        following = []
        for current, keys in level:
            if not keys:
                continue
            found.setdefault(current, set()).update(keys)
            for name in _FOLLOW.get(current, ()):
                relation = current._meta.get_field(name)  # the reverse side of a foreign key
                rows = relation.related_model._base_manager.filter(
                    **{f"{relation.field.name}__in": keys}
                )
                following.append((relation.related_model, set(rows.values_list("pk", flat=True))))
        level = following
    return found


def _version(obj):
    fields = _FIELDS[type(obj)]
    return Version(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", (obj,), fields=fields),
        object_repr=str(obj),
    )


def snapshot(root):
    """{(content type id, pk): unsaved Version} of the object as stored now, rows included."""
    return {(v.content_type_id, v.object_id): v for v in map(_version, tree(root))}


def versions_of(revision):
    return {(v.content_type_id, v.object_id): v for v in revision.version_set.order_by("pk")}


def versions_before(content_type_id, object_id, revision):
    """The versions of one row held by revisions older than `revision`, newest first (lazy:
    a caller walking back through the history stops when it has found what it looks for)."""
    return (
        Version.objects.filter(
            content_type_id=content_type_id, object_id=str(object_id), revision_id__lt=revision.pk
        )
        .order_by("-revision_id")
        .iterator(chunk_size=20)
    )


def content(version):
    """The editable values a version holds: not the timestamps and flags that every save or
    publication sets by itself (auto_now, is_published…)."""
    opts = version._model._meta
    return {
        name: value
        for name, value in version.field_dict.items()
        if opts.get_field(name).editable or opts.get_field(name).primary_key
    }


def same(a, b):
    """True when two snapshots hold the same content (the same rows with the same values)."""
    return a.keys() == b.keys() and all(content(a[key]) == content(b[key]) for key in a)


def save_revision(versions, *, user, kind, reverted_from=None, comment=""):
    """Store a snapshot as a new revision of kind `kind` (a RevisionKind.Kind)."""
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type_id=v.content_type_id,
            object_id=v.object_id,
            db=v.db,
            format=v.format,
            serialized_data=v.serialized_data,
            object_repr=v.object_repr,
        )
        for v in versions.values()
    )
    RevisionKind.objects.create(revision=revision, kind=kind, reverted_from=reverted_from)
    return revision


def latest_revision_id(obj):
    """The newest revision holding `obj` (0 when it has none): the version a form is built on."""
    versions = Version.objects.get_for_object(obj)
    return versions.aggregate(latest=Max("revision_id"))["latest"] or 0


def earliest_revision_id(obj):
    """The oldest revision holding `obj` (0 when it has none): what a form built before any
    history was kept showed (see publishing.services.keep_original)."""
    versions = Version.objects.get_for_object(obj)
    return versions.aggregate(earliest=Min("revision_id"))["earliest"] or 0


def revisions_of(obj):
    ids = Version.objects.get_for_object(obj).values("revision_id")
    return (
        Revision.objects.filter(pk__in=ids)
        .select_related("user", "kind", "kind__reverted_from")
        .order_by("-pk")
    )


def reserve_ids(versions):
    """After a rolled-back save, keep the ids the draft gave its new rows from being handed out
    again. PostgreSQL sequences ignore rollbacks; SQLite's AUTOINCREMENT counter does not."""
    if connection.vendor != "sqlite":
        return
    highest = {}
    for version in versions.values():
        table = version.content_type.model_class()._meta.db_table
        if version.object_id.isdigit():
            highest[table] = max(highest.get(table, 0), int(version.object_id))
    with connection.cursor() as cursor:
        for table, pk in highest.items():
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s AND seq < %s", [pk, table, pk]
            )
            cursor.execute("SELECT 1 FROM sqlite_sequence WHERE name = %s", [table])
            if cursor.fetchone() is None:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, pk]
                )


def register_kind(kind):
    """History for a kind and its inline rows (publishing.registry.on_register)."""
    for model, follow in kind.history_models().items():
        register(model, follow=follow)


def models_within(model):
    """The versioned models kept inside rows of `model` (a comparison point's texts, for a
    point), at any depth below it, in registration order."""
    found = []
    for candidate in _PARENT:
        inner = candidate
        while (parent := _PARENT.get(inner)) is not None:
            inner = inner._meta.get_field(parent).related_model
            if inner is model:
                found.append(candidate)
                break
    return found
