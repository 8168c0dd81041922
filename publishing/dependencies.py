"""Cache tags: what each cached answer shows, and what each write changes.

A page rendered for the page cache (publishing.pagecache) records the content objects it
loaded (a model's post_init, while `recording()`): each object of a kind is the tag
`<kind>-<pk>` (`article-12`); a row of another content model that no kind `shows` is the tag
of its model (`search.synonym`). The inline rows a kind `shows` (a comparison's points, an
article's wordings) need no tag of their own: a write to one changes the tags of the objects
that show it. A page that is not the detail page (page, API detail, embed, share image) of a
kind is a list, search, feed or sitemap: it also carries `list-<kind>` for every kind, so a
new or withdrawn object of any kind shows there. Every answer also carries `all`.

A write (a model signal of a content model) changes the tags:
- of the object itself and the lists of its kind;
- of the objects whose answers show the row (each kind's `shows`), and their lists;
- of the objects it refers to (`refers_to`: the card types and articles a comparison cites
  may list it), other than the one it lives `within`;
- of the object it lives `within` (an article's law) when it is created, deleted, renamed or
  published or withdrawn: the law's page lists its public articles;
- of a content model's own tag and every list, for the rows of no kind.
Bulk writes that bypass the signals name the rows they wrote (rows_written(), through
publishing.content.rows_changed()): the same tags, for every row at once. Writes whose rows
are not known call publishing.content.content_changed(): everything.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_init, post_save, pre_delete, pre_save

from . import registry

ALL = "all"
BOOKKEEPING = {"last_published_at"}  # set by every publish, shown nowhere
_recording = contextvars.ContextVar("publishing_dependencies", default=None)
_roles = {}  # model → ("kind", kind) | ("part", None) | ("model", tag) | (None, None)


def role(model):
    """What a row of `model` is for the tags (kept per process: the registry is fixed once
    the apps are ready)."""
    found = _roles.get(model)
    if found is None:
        concrete = model._meta.concrete_model
        kind = registry.for_model(concrete)
        if kind is not None:
            found = ("kind", kind)
        elif not registry.is_content(concrete):
            found = (None, None)
        elif any(issubclass(concrete, shown) for k in registry.kinds() for shown, *_ in k.shows):
            found = ("part", None)
        else:
            found = ("model", concrete._meta.label_lower)
        _roles[model] = found
    return found


def tag(kind, pk):
    return f"{kind.name}-{pk}"


def list_tag(kind):
    return f"list-{kind.name}"


def list_tags():
    return {list_tag(kind) for kind in registry.kinds()}


@contextmanager
def recording():
    """Collect the tags of the content rows loaded inside the block: yields the set."""
    seen = set()
    token = _recording.set(seen)
    try:
        yield seen
    finally:
        _recording.reset(token)


def note(*tags):
    """For a view that reads content without model instances (values(), raw SQL): the tags
    of what it shows, added to the answer being recorded."""
    seen = _recording.get()
    if seen is not None:
        seen.update(tags)


def is_recording():
    return _recording.get() is not None


def object_tags(obj):
    """The tags of a content object itself (none for a row of no kind)."""
    what, value = role(type(obj))
    if what == "kind":
        return {tag(value, obj.pk)}
    return {value} if what == "model" else set()


def model_tag(model):
    """The tag of the rows of a content model that no kind shows (`search.synonym`)."""
    what, value = role(model)
    if what != "model":
        raise ValueError(f"{model._meta.label} has no tag of its own")
    return value


def recorded():
    """The tags recorded so far for the answer being rendered (empty outside one)."""
    return frozenset(_recording.get() or ())


def _loaded(sender, instance, **kwargs):
    seen = _recording.get()
    if seen is None or instance.pk is None:
        return
    what, value = role(sender)
    if what == "kind":
        seen.add(tag(value, instance.pk))
    elif what == "model":
        seen.add(value)


def detail_views():
    names = set()
    for kind in registry.kinds():
        names.update(n for n in (kind.page, kind.api, kind.embed, kind.share_image) if n)
    return names


def answer_tags(request, seen):
    """The tags of an answer rendered for `request` that loaded the rows tagged `seen`."""
    tags = set(seen) | {ALL}
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in detail_views():
        tags |= list_tags()
    return sorted(tags)


# The write side.


def _owners(instance):
    """Tags of the objects whose answers show `instance` (each kind's `shows`), their lists
    included. Only ids are read, so this also works before a cascade deletes."""
    tags = set()
    for kind in registry.kinds():
        for model, lookup, attribute in kind.shows:
            if isinstance(instance, model):
                value = getattr(instance, attribute)
                if value is None:
                    continue
                rows = kind.model._base_manager.filter(**{lookup: value}).values_list("pk")
                pks = {pk for (pk,) in rows}
                tags |= {tag(kind, pk) for pk in pks}
                if pks:
                    tags.add(list_tag(kind))
    return tags


def _referred(kind, instance):
    """Tags of the objects `instance` refers to (which may list it), its `within` excepted."""
    tags = set()
    for name, lookup in kind.refers_to:
        if lookup == kind.within:
            continue
        other = registry.kinds_by_name().get(name)
        if other is None:  # a model that is no kind (a topic): its writes refresh all
            continue
        rows = kind.model._base_manager.filter(pk=instance.pk).values_list(lookup, flat=True)
        tags |= {tag(other, pk) for pk in rows if pk is not None}
    return tags


def _within(kind, instance):
    field = kind.model._meta.get_field(kind.within)
    outer = registry.for_model(field.related_model)
    value = getattr(instance, field.attname)
    return {tag(outer, value)} if outer is not None and value is not None else set()


def written(instance, created=False, deleted=False, before=None):
    """The tags a write of `instance` changes, or None for "everything"."""
    what, value = role(type(instance))
    if what is None:
        return set()
    tags = _owners(instance)
    if what == "model":
        return tags | {value} | list_tags()
    if what == "kind":
        kind = value
        tags |= {tag(kind, instance.pk), list_tag(kind)} | _referred(kind, instance)
        if kind.within is not None:
            field = kind.model._meta.get_field(kind.within)
            now = (getattr(instance, field.attname), _state(instance))
            if created or deleted or before != now:
                tags |= _within(kind, instance)
                if before is not None and before[0] != now[0]:  # moved to another
                    tags.add(tag(registry.for_model(field.related_model), before[0]))
    return tags


def rows_written(model, pks):
    """The tags a bulk write (bulk_create, bulk_update, update()) of the rows `pks` of `model`
    changes: those written() gives for each row, each taken as created or moved (its `within`
    object too, as what it shows of the row may have changed). A few queries whatever the
    number of rows; call it before rows are deleted, after they are created or updated."""
    pks = {pk for pk in pks if pk is not None}
    what, value = role(model)
    if what is None or not pks:
        return set()
    rows = model._base_manager.filter(pk__in=pks)
    tags = set()
    for kind in registry.kinds():  # the objects whose answers show the rows
        for shown, lookup, attribute in kind.shows:
            if issubclass(model, shown):
                values = set(rows.values_list(attribute, flat=True)) - {None}
                if not values:
                    continue
                owners = kind.model._base_manager.filter(**{f"{lookup}__in": values})
                found = set(owners.values_list("pk", flat=True))
                tags |= {tag(kind, pk) for pk in found}
                if found:
                    tags.add(list_tag(kind))
    if what == "model":
        return tags | {value} | list_tags()
    if what == "part":
        return tags
    kind = value
    tags |= {tag(kind, pk) for pk in pks} | {list_tag(kind)}
    for name, lookup in kind.refers_to:  # `within` included: created or moved
        other = registry.kinds_by_name().get(name)
        if other is None:
            continue
        tags |= {tag(other, pk) for pk in rows.values_list(lookup, flat=True) if pk is not None}
    if kind.within is not None and all(name != kind.within for _name, name in kind.refers_to):
        field = kind.model._meta.get_field(kind.within)
        outer = registry.for_model(field.related_model)
        if outer is not None:
            within = set(rows.values_list(field.attname, flat=True)) - {None}
            tags |= {tag(outer, pk) for pk in within}
    return tags


def _state(instance):
    """What the object an instance lives within shows of it: its fields but its texts (an
    article's number, its place, its publication), compared before and after a save."""
    return tuple(
        getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.get_internal_type() != "TextField"
        and not field.primary_key
        and not getattr(field, "auto_now", False)
        and field.name not in BOOKKEEPING
    )


def _before_save(sender, instance, raw=False, **kwargs):
    what, kind = role(sender)
    if what != "kind" or kind.within is None or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    if old is not None:
        field = kind.model._meta.get_field(kind.within).attname
        instance._dependencies_before = (getattr(old, field), _state(old))


def _after_save(sender, instance, created=False, **kwargs):
    if role(sender)[0] is None:
        return
    before = getattr(instance, "_dependencies_before", None)
    changed(written(instance, created=created or before is None, before=before))


def _before_delete(sender, instance, **kwargs):
    if role(sender)[0] is None:
        return
    changed(written(instance, deleted=True))


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if role(type(instance))[0] is None and role(model)[0] is None:
        return
    if action == "pre_clear":  # which rows were linked is not given: everything
        changed(None)
        return
    tags = written(instance)
    for pk in pk_set or ():
        what, kind = role(model)
        if what == "kind":
            tags |= {tag(kind, pk), list_tag(kind)}
    changed(tags)


def changed(tags):
    """Once the transaction commits: a new version of `tags` (None: of everything)."""
    _on_change[0](tags)


_on_change = [None]  # publishing.content.tags_changed, given by connect_signals()


def connect_signals(on_change):
    """Follow the content models' writes; `on_change(tags)` bumps what they change."""
    _on_change[0] = on_change
    uid = "publishing-dependencies"
    post_init.connect(_loaded, dispatch_uid=uid)
    pre_save.connect(_before_save, dispatch_uid=uid)
    post_save.connect(_after_save, dispatch_uid=uid)
    pre_delete.connect(_before_delete, dispatch_uid=uid)
    m2m_changed.connect(_links_changed, dispatch_uid=uid)
