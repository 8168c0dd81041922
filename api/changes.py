"""The change feed: events recorded from model signals of public content.

The kinds reported are those of publishing.registry with an API detail (card types,
comparisons, laws and articles today), each named by its public identifier. A save of one
compares its state before and after (identifier, and from when it is public:
selectors.public_window) and records "published", "changed" or "withdrawn"; a delete of a
public one records "withdrawn". Saves of the rows an answer shows (each kind's `shows`: a
comparison's points and texts, a law's chapters and sections, an article's older wordings,
the objects an answer quotes) record "changed" for every public object whose answer they
alter. Publish and unpublish are saves of the live objects. A kind public only `within`
another (an article, within its law) follows it: a law that is published, withdrawn or
renamed records the same for each of its articles.

Events are written in the same transaction as the content. Writes made where they are sure
to be rolled back (a draft applied to be shown or saved as a draft: publishing.services.
rolled_back()) record nothing: the events would be undone with them, and the feed's rows,
locked until then, made a page that only shows a draft deadlock with other editors' saves.
Consecutive "changed" events of one object collapse into the latest one (moved to the time of
the last edit), so an admin save of a comparison with twenty rows is one event, not twenty.
"""

import functools

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.urls import reverse
from django.utils import timezone

from publishing import registry
from publishing.models import is_within
from publishing.services import writes_rolled_back

from . import selectors
from .models import Change


def kinds():
    """The kinds the feed reports: those with an API detail to point at (publishing.registry)."""
    return [kind for kind in registry.kinds() if kind.api]


def kind_named(name):
    return registry.get(name)


def kind_of(model):
    kind = registry.for_model(model)
    return kind if kind is not None and kind.api else None


def keys(kind, queryset):
    return ["/".join(map(str, row)) for row in queryset.values_list(*kind.key_fields)]


def api_path(kind, key):
    return reverse(kind.api, kwargs=dict(zip(kind.url_kwargs, key.split("/"), strict=True)))


def public_since(kind, instance, within=False):
    return selectors.public_window(kind, instance, within)


def affected(instance):
    """[(kind, queryset)] of the public objects whose answers show `instance`, other than
    `instance` itself, from each kind's `shows` (publishing.registry). Only ids are read, so
    this also works while a cascade deletes."""
    found = []
    for kind in kinds():
        for model, lookup, attribute in kind.shows:
            if isinstance(instance, model):
                value = getattr(instance, attribute)
                found.append((kind, kind.public_queryset().filter(**{lookup: value}).distinct()))
    return found


def watched_models():
    """Models whose writes the feed follows: the kinds' own and the rows their answers show."""
    models = {kind.model for kind in kinds()}
    models.update(model for kind in kinds() for model, _lookup, _attribute in kind.shows)
    return models


def record(kind, key, event, when=None):
    now = timezone.now()
    when = when or now
    if event == Change.Kind.CHANGED:
        latest = (
            Change.objects.visible(now)
            .filter(object_type=kind.name, object_key=key)
            .order_by("happened_at", "pk")
            .last()
        )
        if latest is not None and latest.kind == Change.Kind.CHANGED:
            latest.happened_at = when
            latest.save(update_fields=["happened_at"])
            return
    Change.objects.create(object_type=kind.name, object_key=key, kind=event, happened_at=when)


def record_transition(kind, before, after):
    """Events for one object whose (key, public window) went from `before` to `after`; either
    is None when the object did not or does not exist. A window that opens or closes later
    records its event for that time: the feed shows it once the time has come."""
    now = timezone.now()
    old_key, old_window = before or (None, None)
    new_key, new_window = after or (None, None)
    if before is not None:  # what was scheduled for the object is superseded by this write
        pending = Change.objects.filter(object_type=kind.name, happened_at__gt=now)
        pending.filter(object_key__in={old_key, new_key} - {None}).delete()
    was_public = is_within(old_window, now)
    if was_public and (old_key != new_key or not is_within(new_window, now)):
        record(kind, old_key, Change.Kind.WITHDRAWN, now)
        was_public = False
    if new_window is None or (new_window[1] is not None and new_window[1] <= now):
        return
    since, until = new_window
    if since > now:
        record(kind, new_key, Change.Kind.PUBLISHED, since)
    else:
        record(kind, new_key, Change.Kind.CHANGED if was_public else Change.Kind.PUBLISHED, now)
    if until is not None:
        record(kind, new_key, Change.Kind.WITHDRAWN, until)


def touch(instance, skip=frozenset()):
    for kind, queryset in affected(instance):
        if kind not in skip:
            record_changed(kind, queryset)


def record_within_transition(outer, before, after):
    """Events for the objects public only within `outer` (a law's articles) whose identifier
    or public window moved with it (before and after: `outer`'s (key, window)). The kinds
    whose answers were recorded so (not to be marked "changed" on top)."""
    moved = set()
    for kind in kinds():
        if kind.within is None or kind.model._meta.get_field(kind.within).related_model is not type(
            outer
        ):
            continue
        relation = kind.model._meta.get_field(kind.within).remote_field.get_accessor_name()
        for obj in getattr(outer, relation).all():
            setattr(obj, kind.within, outer)  # its key names the outer object (law__slug)
            old = (_key_within(kind, obj, outer, before[0]), public_since(kind, obj, before[1]))
            new = (kind.key(obj), public_since(kind, obj, after[1]))
            if old != new:
                record_transition(kind, old, new)
                moved.add(kind)
    return moved


def _key_within(kind, obj, outer, outer_key):
    """`obj`'s key as it was while `outer` had the key `outer_key`."""
    prefix = f"{kind.within}__"
    values = [
        outer_key if lookup.startswith(prefix) else str(getattr(obj, lookup))
        for lookup in kind.key_fields
    ]
    return "/".join(values)


def record_changed(kind, queryset):
    """record(kind, key, CHANGED) for every key at once: two or three queries however many
    objects a write touches (saving a law touches all its articles)."""
    found = set(keys(kind, queryset))
    if not found:
        return
    now = timezone.now()
    latest = {}
    visible = Change.objects.visible(now).filter(object_type=kind.name, object_key__in=found)
    for change in visible.order_by("happened_at", "pk"):
        latest[change.object_key] = change  # the last one per key wins
    changed = {key for key, change in latest.items() if change.kind == Change.Kind.CHANGED}
    if changed:
        Change.objects.filter(pk__in=[latest[key].pk for key in changed]).update(happened_at=now)
    Change.objects.bulk_create(
        Change(object_type=kind.name, object_key=key, kind=Change.Kind.CHANGED, happened_at=now)
        for key in sorted(found - changed)
    )


def _state(kind, instance):
    return (kind.key(instance), public_since(kind, instance))


def _handles(kind, raw):
    """Raw saves come from fixtures and from publishing a draft (django-reversion writes the
    draft's rows raw). Handle them where the public identifier needs no related row (all but
    articles, whose identifier names their law, which a fixture may not have loaded yet)."""
    return not raw or kind is None or kind.within is None


def _unless_rolled_back(receiver):
    """The signal receiver, doing nothing while the writes will be rolled back."""

    @functools.wraps(receiver)
    def receive(*args, **kwargs):
        if not writes_rolled_back():
            receiver(*args, **kwargs)

    return receive


@_unless_rolled_back
def _before_save(sender, instance, raw=False, **kwargs):
    if sender not in watched_models():
        return
    kind = kind_of(sender)
    if kind is None or not _handles(kind, raw):
        return
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._public_state_before = _state(kind, old) if old else None


@_unless_rolled_back
def _after_save(sender, instance, created=False, raw=False, **kwargs):
    if sender not in watched_models():
        return
    kind = kind_of(sender)
    if not _handles(kind, raw):
        return
    skip = set()
    if kind is not None:
        before = getattr(instance, "_public_state_before", None)
        after = _state(kind, instance)
        record_transition(kind, before, after)
        if created:  # nothing refers to a new object yet
            return
        if before is not None and before != after:
            # their events are recorded: no "changed" on top
            skip = record_within_transition(instance, before, after)
    touch(instance, skip)


@_unless_rolled_back
def _before_delete(sender, instance, **kwargs):
    # Read now: a cascade may delete the related rows before post_delete.
    if sender not in watched_models():
        return
    kind = kind_of(sender)
    if kind is not None:
        instance._public_state_before = _state(kind, instance)
    touch(instance)


@_unless_rolled_back
def _after_delete(sender, instance, **kwargs):
    kind = kind_of(sender)
    if kind is not None:
        record_transition(kind, getattr(instance, "_public_state_before", None), None)


@_unless_rolled_back
def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A many-to-many link of a kind (a comparison's legal basis) was added or removed: the
    citing objects' answers changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    for kind in kinds():
        for field in kind.model._meta.local_many_to_many:
            if field.remote_field.through is not sender:
                continue
            if not reverse:  # comparison.legal_basis.add(…)
                citing = {"pk": instance.pk}
            elif pk_set is None:  # article.comparisons.clear()
                citing = {field.name: instance.pk}
            else:
                citing = {"pk__in": pk_set}
            record_changed(kind, kind.public_queryset().filter(**citing))


def connect_signals():
    """Connected to every sender and filtered by the registry when a signal arrives: the
    kinds are registered by apps whose ready() may run after this one's."""
    uid = "api-changes"
    pre_save.connect(_before_save, dispatch_uid=uid)
    post_save.connect(_after_save, dispatch_uid=uid)
    pre_delete.connect(_before_delete, dispatch_uid=uid)
    post_delete.connect(_after_delete, dispatch_uid=uid)
    m2m_changed.connect(_links_changed, dispatch_uid=uid)
