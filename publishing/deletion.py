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

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete


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
    with `cut`, an editor may instead cut the blockers' reference (publishing.repair)."""
    _guards[model].append(Guard(reason, blockers, cut))
    pre_delete.connect(_refuse, sender=model, dispatch_uid=f"deletion-guard-{model._meta.label}")


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
