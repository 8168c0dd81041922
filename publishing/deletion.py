"""Deletion guards: content that other content relies on cannot be deleted.

The app that owns the relying content registers the guard (cards guards the statute articles
its comparisons cite; legislation does not know about comparisons). A guard is enforced

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

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.utils.functional import lazy
from django.utils.translation import gettext


@dataclass(frozen=True)
class Guard:
    reason: str  # lazy, heads the list of blockers: "Cited as the legal basis of:"
    blockers: Callable  # queryset of the guarded model -> queryset of the objects relying on it
    # The blockers' nullable foreign key that "delete and repair" may set to null instead of
    # refusing (publishing.repair); None where the reference cannot be cut safely.
    cut: str | None = None


_guards = defaultdict(list)


def guard_deletion(model, *, reason, blockers, cut=None):
    """Refuse deleting instances of `model` while blockers(queryset of them) finds anything;
    with `cut`, an editor may instead cut the blockers' reference (publishing.repair): a
    nullable foreign key, or a many-to-many field whose link rows are removed."""
    _guards[model].append(Guard(reason, blockers, cut))
    pre_delete.connect(_refuse, sender=model, dispatch_uid=f"deletion-guard-{model._meta.label}")


def guard_references(kind):
    """The guards of a kind's declared links to other objects (Kind.refers_to) that are many-
    to-many fields of its own, kept in plain link rows (a question's related questions and
    comparisons): deleting what it links to is refused with the list, or, confirmed, the link
    rows are cut and recovering puts them back (publishing.repair). Its other references,
    a many-to-many field through rows of its own model (a question's legal basis, rows with a
    paragraph) included, are guarded by the app that owns them (its integrity module), so an
    object is named once on a delete page (publishing.registry.on_register listener)."""
    for _name, lookup in kind.refers_to:
        try:
            field = kind.model._meta.get_field(lookup)
        except FieldDoesNotExist:
            continue  # a path (legal_basis__law): its app's guard
        if not field.many_to_many or field.auto_created:
            continue
        if not field.remote_field.through._meta.auto_created:
            continue  # rows of a model of its own: the app's guard
        guard_deletion(
            field.related_model,
            reason=_reference_reason(kind.model, field),
            blockers=partial(_linking, kind.model, lookup),
            cut=lookup,
        )


def _linking(model, lookup, targets):
    """The rows of `model` that link to `targets` through `lookup`, but targets themselves (a
    question's links to itself go with it)."""
    return (
        model._base_manager.filter(**{f"{lookup}__in": targets})
        .exclude(pk__in=targets.values("pk") if targets.model is model else [])
        .distinct()
    )


def _reference_reason(model, field):
    def reason():
        return gettext("These %(objects)s link to it (“%(field)s”):") % {
            "objects": model._meta.verbose_name_plural,
            "field": field.verbose_name,
        }

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
    """[(reason, [objects relying on objs])] for each guard of `model` that blocks."""
    return [(guard.reason, blockers) for guard, blockers in blocking_guards(model, objs)]


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
