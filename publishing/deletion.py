"""Deletion guards: content that other content relies on cannot be deleted.

The guards are read from the registry: each kind's declared references (Kind.refers_to: a
comparison's cited articles, a guide task's card, point and article, a question's related
questions) guard what they reach (guard_references); no app writes a guard of its own, and
legislation does not know about comparisons. A guard is enforced

- on every delete through the ORM (an instance, a queryset, or a cascade from a parent such as
  a law): a pre_delete receiver raises ProtectedError inside the delete's transaction, so
  nothing is deleted. Code that catches it inside an outer transaction wraps the delete in
  atomic(), as it would for an IntegrityError;
- in the admin (publishing.adminparts.DeletionGuard), before that: the delete page and
  the "delete selected" action name what relies on the object, with links, instead of asking
  for a confirmation.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import CASCADE, ForeignObjectRel, ProtectedError
from django.db.models.signals import pre_delete
from django.utils.functional import lazy
from django.utils.translation import gettext

from . import registry


@dataclass(frozen=True)
class Guard:
    reason: str  # lazy, heads the list of blockers: "Cited as the legal basis of:"
    blockers: Callable  # queryset of the guarded model -> queryset of the objects relying on it
    # The blockers' nullable foreign key that "delete and repair" may set to null instead of
    # refusing (publishing.repair); None where the reference cannot be cut safely.
    cut: str | None = None


_guards = defaultdict(list)
_guarded = []  # the kinds whose references are guarded, in order (guard_references)


def guard_deletion(model, *, reason, blockers, cut=None):
    """Refuse deleting instances of `model` while blockers(queryset of them) finds anything;
    with `cut`, an editor may instead cut the blockers' reference (publishing.repair): a
    nullable foreign key, or a many-to-many field whose link rows are removed."""
    _guards[model].append(Guard(reason, blockers, cut))
    pre_delete.connect(_refuse, sender=model, dispatch_uid=f"deletion-guard-{model._meta.label}")


def guard_references(kind):
    """The guards of every reference a kind declares (Kind.refers_to), read from the
    registry (publishing.registry.on_register listener): deleting what it refers to is refused
    with the list of the kind's objects that refer to it, and so is deleting what that lives
    in (a comparison point's comparison, an article's law: Kind.within), which would delete
    it too. A reference that can be cut safely (a nullable foreign key of the kind's own, a
    guide task's point or article; a many-to-many field of plain link rows, a question's
    related comparisons) lets an editor confirm a repair instead; recovering restores it
    (publishing.repair). A link through rows the kind edits as parts of itself (a comparison's
    cited articles, its compared cards) and a required foreign key (a task's card) refuse."""
    _guarded.append(kind)
    for name, lookup in guarded_references(kind):
        _guard_path(kind, name, lookup)
    # The references guarded before this kind was: what they reach lives in this one now.
    for other in _guarded[:-1]:
        for name, lookup in guarded_references(other):
            if name == kind.name:
                _guard_within(other, kind, lookup, _first_reference(other.model, lookup))


def guarded_references(kind):
    """Its declared references (Kind.refers_to) but the one to what it is deleted with (an
    article's law: a foreign key that cascades; a task's card protects, it is guarded)."""
    return [
        (name, lookup)
        for name, lookup in kind.refers_to
        if lookup != kind.within
        or kind.model._meta.get_field(lookup).remote_field.on_delete is not CASCADE
    ]


def _guard_path(kind, name, lookup):
    """Guard each model `lookup` reaches through a relation of the kind's (or of its parts')
    own, and what the referenced kind lives within, where that kind is registered already."""
    model, path, first = kind.model, [], None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        path.append(part)
        model = field.related_model
        if isinstance(field, ForeignObjectRel):
            continue  # its own rows (a question's blocks): not guarded, only passed through
        first = first or field
        _guard(kind, "__".join(path), model, first)
    referenced = next((k for k in _guarded if k.name == name), None)
    if referenced is not None:  # else when it is
        _guard_within(kind, referenced, lookup, first)


def _guard_within(kind, referenced, lookup, first):
    """Guard what `referenced` lives within (Kind.within), through `lookup` from `kind`."""
    while referenced is not None and referenced.within is not None:
        lookup = f"{lookup}__{referenced.within}"
        field = referenced.model._meta.get_field(referenced.within)
        _guard(kind, lookup, field.related_model, first)
        referenced = registry.for_model(field.related_model)


def _first_reference(model, lookup):
    """The first relation of `lookup` that is not one of `model`'s own rows."""
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if not isinstance(field, ForeignObjectRel):
            return field
        model = field.related_model
    raise ValueError(f"{lookup} refers to nothing")


def _guard(kind, lookup, target, first):
    guard_deletion(
        target,
        reason=_reference_reason(kind.model, first, target),
        blockers=partial(_linking, kind.model, lookup),
        cut=_cuttable(kind.model, lookup),
    )


def _cuttable(model, lookup):
    """The field to cut for a repair, where the reference can be cut safely: a nullable
    foreign key of `model`'s own, or a many-to-many field of plain link rows."""
    field = model._meta.get_field(lookup.split("__")[0])
    if isinstance(field, ForeignObjectRel):
        return None
    if field.many_to_many:
        return field.name if field.remote_field.through._meta.auto_created else None
    return field.name if field.null else None


def may_cut(field):
    """Whether a repair may cut the link `field` (a model field) holds, on a live row or in a
    pending draft alike: only where a kind declares it as a reference of its own that can be
    cut (_cuttable: a guide task's point, a question's related questions). A link held by a
    row a kind edits as part of itself (a question's quote block's article, a cited article's
    row) is not, though its column may be nullable: the row is invalid without it, and a draft
    kept without it could neither be saved nor shown."""
    return any(
        kind.model is field.model and _cuttable(kind.model, lookup) == field.name
        for kind in _guarded
        for _name, lookup in guarded_references(kind)
    )


def _linking(model, lookup, targets):
    """The rows of `model` that link to `targets` through `lookup`, but targets themselves (a
    question's links to itself go with it)."""
    return (
        model._base_manager.filter(**{f"{lookup}__in": targets})
        .exclude(pk__in=targets.values("pk") if targets.model is model else [])
        .distinct()
    )


def _reference_reason(model, field, target):
    """“These guide tasks link to it (“comparison point”):”, or, for what the object they
    link to lives in, “… link to its comparison points (…)”, in the editor's language."""

    def reason():
        words = {
            "objects": model._meta.verbose_name_plural,
            "field": field.verbose_name,
            "parts": field.related_model._meta.verbose_name_plural,
        }
        if field.related_model is target:
            return gettext("These %(objects)s link to it (“%(field)s”):") % words
        return gettext("These %(objects)s link to its %(parts)s (“%(field)s”):") % words

    return lazy(reason, str)()


def blocking_guards(model, objs):
    """[(guard, [objects relying on objs])] for each guard of `model` that blocks; [] when
    `objs` (instances or a queryset) can be deleted. One query per guard of the model."""
    guards = _guards.get(model, ())
    if not guards:
        return []
    queryset = model._base_manager.filter(pk__in=[obj.pk for obj in objs])
    found = [(guard, list(guard.blockers(queryset))) for guard in guards]
    return [(guard, blockers) for guard, blockers in found if blockers]


def deletion_blockers(model, objs):
    """[(reason, [objects relying on objs])] for each guard of `model` that blocks, each object
    named once: under the first reason that holds it (a question that cites an article and
    quotes it is one row of its delete page)."""
    return named_once(blocking_guards(model, objs))


def named_once(blocked):
    """deletion_blockers() of the guards `blocked` ([(guard, [objects])], blocking_guards)."""
    seen, listed = set(), []
    for guard, blockers in blocked:
        fresh = [obj for obj in blockers if (type(obj), obj.pk) not in seen]
        seen.update((type(obj), obj.pk) for obj in fresh)
        if fresh:
            listed.append((guard.reason, fresh))
    return listed


def repairable(model, objs):
    """True when something blocks deleting `objs` and every block is a reference that can be
    cut (publishing.repair)."""
    blocked = blocking_guards(model, objs)
    return bool(blocked) and all(guard.cut for guard, _blockers in blocked)


def _refuse(sender, instance, **kwargs):
    blocked = deletion_blockers(sender, [instance])
    if blocked:
        blockers = [obj for _reason, objs in blocked for obj in objs]
        names = ", ".join(f"{obj._meta.verbose_name} {obj.pk}" for obj in blockers)
        raise ProtectedError(
            f"Cannot delete {sender._meta.verbose_name} {instance.pk}: {names} rely on it.",
            set(blockers),
        )
