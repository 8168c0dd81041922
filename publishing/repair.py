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

import json

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from reversion.errors import RevertError
from reversion.models import Revision, Version

from .deletion import blocking_guards
from .models import CutLink, Draft, RevisionKind
from .services import record, schedule_changed, scheduled_time
from .versioning import owner, save_revision, versions_of

Kind = RevisionKind.Kind


class CannotRecover(Exception):
    """The deleted object's last revision does not fit the data any more (its slug was taken,
    a row it refers to was deleted since). Nothing was changed."""


@transaction.atomic
def delete_and_repair(obj, *, user):
    """Delete `obj`, cutting the references that block it; returns the referrers changed.
    Raises ValueError when a blocking reference cannot be cut (nothing is changed)."""
    model = type(obj)
    blocked = blocking_guards(model, [obj])
    if not all(guard.cut for guard, _blockers in blocked):
        raise ValueError(f"{model._meta.label} {obj.pk}: a reference to it cannot be cut")
    # What goes with it: the object and its inline rows (a comparison's points).
    doomed = set(
        record(obj, user=user, kind=Kind.DELETED).version_set.values_list(
            "content_type_id", "object_id"
        )
    )  # and what recover() brings back
    recorded = {(model, obj.pk)}
    content_type = ContentType.objects.get_for_model(model)
    changed = []
    for guard, referrers in blocked:
        field = referrers[0]._meta.get_field(guard.cut)
        target_type = ContentType.objects.get_for_model(field.related_model)
        for referrer in referrers:
            if field.many_to_many:  # a link row to the object itself (related questions)
                links = getattr(referrer, guard.cut)
                values = [pk for pk in links.values_list("pk", flat=True) if pk == obj.pk]
            else:
                values = [getattr(referrer, field.attname)]
            if values in ([], [None]):  # cut by another guard of the same object already
                continue
            for value in values:
                CutLink.objects.create(
                    content_type=content_type,
                    object_id=str(obj.pk),
                    referrer_type=ContentType.objects.get_for_model(type(referrer)),
                    referrer_id=str(referrer.pk),
                    field=guard.cut,
                    target_type=target_type,
                    value=str(value),
                )
            if field.many_to_many:
                links.remove(*values)  # signals: caches see the change
            else:
                # What it pointed to goes too (a point of the comparison, an article of the
                # law): its history must hold it, for its recovery (with the object or alone).
                target = owner(getattr(referrer, guard.cut)) or getattr(referrer, guard.cut)
                if (type(target), target.pk) not in recorded:
                    recorded.add((type(target), target.pk))
                    revision = record(target, user=user, kind=Kind.DELETED)
                    doomed |= set(revision.version_set.values_list("content_type_id", "object_id"))
                setattr(referrer, field.attname, None)
                referrer.save(update_fields=[guard.cut])  # signals: caches see the change
            record(owner(referrer) or referrer, user=user, kind=Kind.LINK_CUT)
            changed.append(referrer)
    cuts = {(type(r), guard.cut) for guard, referrers in blocked for r in referrers}
    changed += _cut_in_drafts(cuts, doomed, user=user)
    obj.delete()
    return list(dict.fromkeys(changed))


def _cut_in_drafts(cuts, doomed, *, user):
    """Cut the same links in the pending drafts that hold them (a draft of a guide task whose
    point goes): each such draft is kept as a new revision without the link ("link cut"), so
    it still applies and opens. `cuts`: {(referrer model, field)}; `doomed`: {(content type
    id, object id)} of the rows deleted. Returns the objects whose draft was changed."""
    by_type = {}
    for model, name in cuts:
        by_type.setdefault(ContentType.objects.get_for_model(model).pk, []).append(
            model._meta.get_field(name)
        )
    changed = []
    drafts = (
        Draft.objects.filter(revision__version__content_type_id__in=by_type)
        .distinct()
        .select_related("revision")
    )
    for draft in drafts:
        versions = versions_of(draft.revision)
        edited = False
        for (type_id, _pk), version in versions.items():
            for field in by_type.get(type_id, ()):
                target = ContentType.objects.get_for_model(field.related_model).pk
                data = json.loads(version.serialized_data)
                values = data[0]["fields"].get(field.name)
                if field.many_to_many:
                    kept = [v for v in values or [] if (target, str(v)) not in doomed]
                    if kept == list(values or []):
                        continue
                    data[0]["fields"][field.name] = kept
                elif values is None or (target, str(values)) not in doomed:
                    continue
                else:
                    data[0]["fields"][field.name] = None
                version.serialized_data = json.dumps(data)
                edited = True
        if edited:
            draft.revision = save_revision(versions, user=user, kind=Kind.LINK_CUT)
            draft.save(update_fields=["revision"])
            if draft.content_object is not None:
                changed.append(draft.content_object)
    return changed


DRAFT_KINDS = (Kind.DRAFT, Kind.SCHEDULED)  # revisions holding a draft, not the rows


def _live_and_pending(content_type, object_id):
    """(revision holding the rows as they were when the object was deleted, the revision of its
    draft pending then or None, whether that draft was scheduled). A draft's revisions (saved,
    scheduled) hold what the draft would make of the object, not its rows: a live object
    deleted with a draft comes back as it was public. Raises Version.DoesNotExist."""
    versions = Version.objects.filter(content_type=content_type, object_id=str(object_id))
    history = list(
        versions.order_by("-revision_id").values_list("revision_id", "revision__kind__kind")
    )
    if not history:
        raise Version.DoesNotExist(f"{content_type} {object_id}: no history")
    live = next((rid for rid, kind in history if kind not in DRAFT_KINDS), history[0][0])
    newer = [(rid, kind) for rid, kind in history if rid > live]
    pending = next((rid for rid, kind in newer if kind == Kind.DRAFT), None)
    scheduled = pending is not None and any(
        kind == Kind.SCHEDULED and rid > pending for rid, kind in newer
    )
    revisions = Revision.objects.in_bulk([live, pending] if pending else [live])
    return revisions[live], revisions.get(pending), scheduled


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


@transaction.atomic
def recover(model, object_id, *, user):
    """Bring back the deleted object `object_id` of `model` (and its inline rows) as its last
    revision held it, and the links that deleting it cut. Returns (object, referrers whose
    link was restored). Raises Version.DoesNotExist for an object with no history, ValueError
    for one that exists, CannotRecover when the revision no longer fits."""
    pk = model._meta.pk.to_python(object_id)
    if model._base_manager.filter(pk=pk).exists():
        raise ValueError(f"{model._meta.label} {pk} exists")
    content_type = ContentType.objects.get_for_model(model)
    revision, pending, scheduled = _live_and_pending(content_type, object_id)
    tables = {v.content_type.model_class()._meta.db_table for v in revision.version_set.all()}
    try:
        with transaction.atomic():
            revision.revert(delete=False)  # raw saves, the object and its inline rows
            connection.check_constraints(table_names=sorted(tables))
    except (RevertError, IntegrityError) as error:
        raise CannotRecover(str(error)) from error
    obj = model._base_manager.get(pk=pk)
    record(obj, user=user, kind=Kind.RECOVERED)
    if pending is not None:  # its draft, pending when it was deleted, is pending again
        draft = Draft.objects.create(content_type=content_type, object_id=str(pk), revision=pending)
        when = scheduled_time(obj, draft) if scheduled else None
        if when is not None:
            draft.apply_at = when
            draft.save(update_fields=["apply_at"])
            schedule_changed()
    # The links its deletion cut, and those to any row it brought back (an article of a law
    # recovered earlier or later than the law: a link waits for its target).
    rows = Q(content_type=content_type, object_id=str(object_id))
    for version in revision.version_set.all():
        rows |= Q(target_type_id=version.content_type_id, value=version.object_id)
    restored = []
    for cut in CutLink.objects.filter(rows).select_related("referrer_type", "target_type"):
        target = cut.target_type.model_class()._base_manager.filter(pk=cut.value)
        if not target.exists():
            continue  # comes back with its own recovery
        referrer = cut.referrer_type.model_class()._base_manager.filter(pk=cut.referrer_id).first()
        if referrer is not None and referrer._meta.get_field(cut.field).many_to_many:
            links = getattr(referrer, cut.field)
            value = links.model._meta.pk.to_python(cut.value)
            if not links.filter(pk=value).exists():
                links.add(value)
                record(owner(referrer) or referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.append(referrer)
        elif referrer is not None:
            field = referrer._meta.get_field(cut.field)
            if getattr(referrer, field.attname) is None:  # not given another link since
                setattr(referrer, field.attname, field.target_field.to_python(cut.value))
                referrer.save(update_fields=[cut.field])
                record(owner(referrer) or referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.append(referrer)
        cut.delete()
    return obj, restored
