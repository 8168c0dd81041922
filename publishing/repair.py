"""Delete and repair, and recover what was deleted.

Where every reference that blocks a deletion can be cut safely (a guard with `cut`,
publishing.deletion: a guide task's optional link to a comparison point or an article), an
editor may delete anyway: the referring rows' links are set to null (or, for a kind's
many-to-many links such as a question's related comparisons, their link rows removed) at once,
on the live rows (a draft would leave the live page linking to nothing), each recorded in the
referrer's history, and the cut is remembered (CutLink). A pending draft holding the same link
is kept without it, as a new draft revision ("link cut"), so it still opens and applies.
The deleted object's history stays (django-reversion keeps its versions): recover() brings it
back as its last revision held it, and puts back the links that were cut, where the referrer
still exists and has not been given another link since.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from reversion.errors import RevertError
from reversion.models import Revision, Version

from . import links, registry
from .models import Draft, OldSlug, RevisionKind
from .redirects import keeps_old_slugs
from .references import referring
from .services import draft_of, draft_publish_time, record, schedule_changed
from .versioning import owner

Kind = RevisionKind.Kind


class CannotRecover(Exception):
    """The deleted object's last revision does not fit the data any more (its slug was taken,
    a row it refers to was deleted since). Nothing was changed."""


@transaction.atomic
def delete_and_repair(obj, *, user):
    """Delete `obj`, cutting the references that block it; returns the referrers changed.
    Raises ValueError when a blocking reference cannot be cut (nothing is changed)."""
    model = type(obj)
    references = referring(model, [obj])  # live rows and pending drafts of others linking to it
    if references and not references.cuttable:
        raise ValueError(f"{model._meta.label} {obj.pk}: a reference to it cannot be cut")
    # What goes with it: the object, its inline rows (a comparison's points) and what lives
    # within it (a law's articles), which pending drafts elsewhere may link to.
    doomed = links.doomed_keys(links.going_with(model, [obj]))
    record_deleted([obj], user=user)  # what recover() brings back
    recorded = {(model, obj.pk)}

    def keep_target(referrer, name):
        # What it pointed to goes too (a point of the comparison, an article of the law):
        # its history must hold it, for its recovery (with the object or alone).
        nonlocal doomed
        target = owner(getattr(referrer, name)) or getattr(referrer, name)
        if (type(target), target.pk) not in recorded:
            recorded.add((type(target), target.pk))
            revision = record(target, user=user, kind=Kind.DELETED)
            doomed |= set(revision.version_set.values_list("content_type_id", "object_id"))

    changed = links.cut(obj, references.live, user=user, on_cut=keep_target)
    changed += links.cut_in_drafts(references.draft_cuts(), doomed, user=user, deleted=obj)
    obj.delete()
    return list(dict.fromkeys(changed))


def record_deleted(objs, *, user):
    """Before `objs` are deleted (through the admin's delete page or "delete selected"):
    record each as it is, with its inline rows, so it can be recovered however it was made
    (the seed, an import, a script leave no version), and what goes with it by cascade (a
    law's articles: Kind.within), each recorded after it: recover() brings that back with it."""
    for obj in objs:
        revision = record(obj, user=user, kind=Kind.DELETED)
        # Its draft is deleted with it (services.drop_draft_of_deleted): what only the Draft
        # row holds (the schedule, the cut its editor confirmed) is kept with the deletion.
        draft = draft_of(obj)
        pending = (
            {
                "revision": draft.revision_id,
                "apply_at": draft.apply_at.isoformat() if draft.apply_at else None,
                "cut_confirmed": list(draft.cut_confirmed),
            }
            if draft is not None
            else {}
        )
        RevisionKind.objects.filter(revision=revision).update(pending_draft=pending)
        # Each, history or not, after it: recover() brings back with it what was recorded
        # deleted after it (the same deletion), not an article deleted on its own before.
        for kind in registry.kinds_within(type(obj)):
            record_deleted(kind.model._base_manager.filter(**{kind.within: obj}), user=user)


def deleted_with(model, pk, deletion):
    """{kind: [object ids]} of what lived within the deleted object `pk` of `model` and was
    deleted with it: its newest record is a deletion after the object's own (`deletion`, the
    revision recorded as it was deleted), naming it as what it lives within. An article deleted
    on its own before is not (it was recorded deleted before the law)."""
    found = {}
    for kind in registry.kinds_within(model):
        attname = kind.model._meta.get_field(kind.within).attname
        candidates = [
            version
            for version in deleted_versions(kind.model)
            if version.revision_id > deletion.pk and str(version.field_dict.get(attname)) == str(pk)
        ]
        deletions = set(
            RevisionKind.objects.filter(
                revision_id__in=[version.revision_id for version in candidates],
                kind=Kind.DELETED,
            ).values_list("revision_id", flat=True)
        )
        ids = [version.object_id for version in candidates if version.revision_id in deletions]
        if ids:
            found[kind] = ids
    return found


# Revisions holding a draft, not the rows: an editor's save of it, its scheduling, and a
# link cut from it or restored in it (publishing.links).
SAVED_DRAFT_KINDS = (Kind.DRAFT, Kind.DRAFT_LINK_CUT, Kind.DRAFT_LINK_RESTORED)
DRAFT_KINDS = (*SAVED_DRAFT_KINDS, Kind.SCHEDULED)


def _live_and_pending(content_type, object_id):
    """(revision holding the rows as they were when the object was deleted, the revision of its
    draft pending then or None, whether that draft was scheduled, the links its editor
    confirmed cutting). The deletion's record says which draft was pending (record_deleted);
    for one that does not (older, or deleted outside the admin) it is inferred: a draft's
    revisions (saved, scheduled) hold what the draft would make of the object, not its rows;
    the newest draft saved after the last revision that ended one (published, discarded…) was
    pending. A live object deleted with a draft comes back as it was public. Raises
    Version.DoesNotExist."""
    versions = Version.objects.filter(content_type=content_type, object_id=str(object_id))
    history = list(
        versions.order_by("-revision_id").values_list(
            "revision_id", "revision__kind__kind", "revision__kind__pending_draft"
        )
    )
    if not history:
        raise Version.DoesNotExist(f"{content_type} {object_id}: no history")
    live = next((rid for rid, kind, _d in history if kind not in DRAFT_KINDS), history[0][0])
    recorded = next((d for rid, kind, d in history if rid == live and kind == Kind.DELETED), None)
    if recorded is not None:
        pending = recorded.get("revision")
        scheduled = bool(recorded.get("apply_at"))
        confirmed = list(recorded.get("cut_confirmed") or [])
    else:
        # A deletion's record holds the live rows and ends no draft: look past it.
        ended = next(
            (rid for rid, kind, _d in history if kind not in (*DRAFT_KINDS, Kind.DELETED)), 0
        )
        newer = [(rid, kind) for rid, kind, _d in history if rid > ended]
        pending = next((rid for rid, kind in newer if kind in SAVED_DRAFT_KINDS), None)
        # Scheduled after the editor's last save of it (a link cut since keeps the schedule).
        saved = next((rid for rid, kind in newer if kind == Kind.DRAFT), pending)
        scheduled = pending is not None and any(
            kind == Kind.SCHEDULED and rid > (saved or 0) for rid, kind in newer
        )
        confirmed = []
    revisions = Revision.objects.in_bulk([live, pending] if pending else [live])
    return revisions[live], revisions.get(pending), scheduled, confirmed


def deleted_versions(model):
    """The newest version of each deleted object of `model` whose history was kept, newest
    deletion first (one query)."""
    content_type = ContentType.objects.get_for_model(model)
    existing = model._base_manager.annotate(key=Cast("pk", CharField())).values("key")
    versions = (
        Version.objects.filter(content_type=content_type)
        .exclude(object_id__in=existing)
        .select_related("revision")
        .order_by("-revision_id")
    )
    seen, newest = set(), []
    for version in versions:
        if version.object_id not in seen:
            seen.add(version.object_id)
            newest.append(version)
    return newest


class AlreadyThere(ValueError):
    """The object to recover exists: recovered already (a second click, an old list page,
    another editor at the same moment: `recovered`), or never deleted (a forged or mistyped
    address: not `recovered`)."""

    def __init__(self, obj, recovered=True):
        super().__init__(f"{obj._meta.label} {obj.pk} exists")
        self.obj, self.recovered = obj, recovered


def lock_history(content_type, object_id):
    """Serialise recoveries of one deleted object for the rest of the transaction: lock the
    rows of its history (PostgreSQL row locks; SQLite's transactions take the write lock as
    they begin). A second Recover at the same moment waits here, then finds it back."""
    versions = Version.objects.filter(content_type=content_type, object_id=str(object_id))
    list(versions.select_for_update().values_list("pk", flat=True))


def was_deleted(content_type, object_id):
    """True when the history of the object records a deletion."""
    return RevisionKind.objects.filter(
        kind=Kind.DELETED,
        revision__version__content_type=content_type,
        revision__version__object_id=str(object_id),
    ).exists()


@transaction.atomic
def recover(model, object_id, *, user):
    """Bring back the deleted object `object_id` of `model` (and its inline rows) as its last
    revision held it, and the links that deleting it cut, on live rows and in pending drafts;
    and, the same way, what lived within it and was deleted with it (deleted_with: a law's
    articles). Returns (object, links.Restored: what was put back, and what was left in
    drafts, {kind: [objects recovered with it]}). Raises
    Version.DoesNotExist for an object with no history, AlreadyThere for one that exists,
    CannotRecover when the revision no longer fits."""
    pk = model._meta.pk.to_python(object_id)
    content_type = ContentType.objects.get_for_model(model)
    lock_history(content_type, pk)  # first the lock, then the check, then the writes
    existing = model._base_manager.filter(pk=pk).first()
    if existing is not None:
        raise AlreadyThere(existing, recovered=was_deleted(content_type, pk))
    revision, pending, scheduled, confirmed = _live_and_pending(content_type, object_id)
    tables = {v.content_type.model_class()._meta.db_table for v in revision.version_set.all()}
    try:
        with transaction.atomic():
            revision.revert(delete=False)  # raw saves, the object and its inline rows
            connection.check_constraints(table_names=sorted(tables))
    except (RevertError, IntegrityError) as error:
        raise CannotRecover(str(error)) from error
    obj = model._base_manager.get(pk=pk)
    if keeps_old_slugs(model):  # its slug, kept for it while it was deleted, is its own again
        OldSlug.objects.release(obj)
    record(obj, user=user, kind=Kind.RECOVERED)
    if pending is not None:  # its draft, pending when it was deleted, is pending again
        draft = Draft.objects.create(content_type=content_type, object_id=str(pk), revision=pending)
        # At its time, with the cut its editor confirmed. A time that passed while it was
        # deleted makes it due at once: apply_due applies it as it would have been applied.
        when = draft_publish_time(obj, draft) if scheduled else None
        if when is not None:
            draft.apply_at, draft.cut_confirmed = when, confirmed
            draft.save(update_fields=["apply_at", "cut_confirmed"])
            schedule_changed()
    # The links its deletion cut, and those to any row it brought back (an article of a law
    # recovered earlier or later than the law: a link waits for its target).
    rows = Q(content_type=content_type, object_id=str(object_id))
    rows |= links.pointing_to(
        {(v.content_type_id, v.object_id): v for v in revision.version_set.all()}
    )
    restored = links.restore(rows, user=user)
    # What was deleted with it (a law's articles, with their rows and the links cut from
    # them) comes back with it, in this transaction: one step for the editor.
    within = {}
    for kind, ids in deleted_with(model, pk, revision).items():
        for inner_id in ids:
            inner, inner_restored, _inner_within = recover(kind.model, inner_id, user=user)
            within.setdefault(kind, []).append(inner)
            restored.referrers += inner_restored.referrers
            restored.edited += inner_restored.edited
            restored.left += inner_restored.left
    return obj, restored, within
