"""Cutting the references that block a deletion, and restoring them (CutLink).

Where every reference that blocks deleting a row can be cut safely (publishing.deletion: a
guard with `cut`), the referrers' links are set to null (a many-to-many field's link rows are
removed), each cut remembered as a CutLink and recorded in the referrer's history ("Link
cut"). A link comes back (restore) once the row it pointed to exists again: recovered
(publishing.repair), or brought back by publishing a reverted draft of what holds it (a
comparison's point, publishing.services.apply), where the referrer still exists and has not
been given another link since ("Link restored").

Used by publishing.repair ("delete and repair") and publishing.services (a draft that deletes
a linked inline row, published with the cut confirmed); imports neither.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from .models import CutLink, Draft, DraftReference, RevisionKind
from .versioning import owner, save_revision, snapshot, versions_of

Kind = RevisionKind.Kind


def cut(deleted, blocked, *, user, on_cut=None):
    """Cut the references `blocked` ([(guard, referrers)], deletion.blocking_guards of the
    row `deleted`) and remember each. `on_cut(referrer, field)`, if given, is called before a
    foreign key is set to null (what it pointed to may need recording). Returns the referrers
    changed. Raises ValueError (nothing changed) when a reference cannot be cut."""
    if not all(guard.cut for guard, _referrers in blocked):
        raise ValueError(f"{deleted._meta.label} {deleted.pk}: a reference to it cannot be cut")
    content_type = ContentType.objects.get_for_model(type(deleted))
    changed = []
    for guard, referrers in blocked:
        field = referrers[0]._meta.get_field(guard.cut)
        target_type = ContentType.objects.get_for_model(field.related_model)
        for referrer in referrers:
            if field.many_to_many:  # a link row to the object itself (related questions)
                links = getattr(referrer, guard.cut)
                values = [pk for pk in links.values_list("pk", flat=True) if pk == deleted.pk]
            else:
                values = [getattr(referrer, field.attname)]
            if values in ([], [None]):  # cut by another guard of the same object already
                continue
            for value in values:
                CutLink.objects.create(
                    content_type=content_type,
                    object_id=str(deleted.pk),
                    referrer_type=ContentType.objects.get_for_model(type(referrer)),
                    referrer_id=str(referrer.pk),
                    field=guard.cut,
                    target_type=target_type,
                    value=str(value),
                )
            if field.many_to_many:
                links.remove(*values)  # signals: caches see the change
            else:
                if on_cut is not None:
                    on_cut(referrer, guard.cut)
                setattr(referrer, field.attname, None)
                referrer.save(update_fields=[guard.cut])  # signals: caches see the change
            _record(referrer, user=user, kind=Kind.LINK_CUT)
            changed.append(referrer)
    return changed


def restore(rows, *, user):
    """Put back the cut links (CutLink rows matching the Q `rows`) whose target exists; the
    others wait for theirs. Returns the referrers whose link was restored."""
    restored = []
    for link in CutLink.objects.filter(rows).select_related("referrer_type", "target_type"):
        target = link.target_type.model_class()._base_manager.filter(pk=link.value)
        if not target.exists():
            continue  # comes back with its own recovery
        model = link.referrer_type.model_class()
        referrer = model._base_manager.filter(pk=link.referrer_id).first()
        if referrer is not None and referrer._meta.get_field(link.field).many_to_many:
            links = getattr(referrer, link.field)
            value = links.model._meta.pk.to_python(link.value)
            if not links.filter(pk=value).exists():
                links.add(value)
                _record(referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.append(referrer)
        elif referrer is not None:
            field = referrer._meta.get_field(link.field)
            if getattr(referrer, field.attname) is None:  # not given another link since
                setattr(referrer, field.attname, field.target_field.to_python(link.value))
                referrer.save(update_fields=[link.field])
                _record(referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.append(referrer)
        link.delete()
    return restored


def cut_in_drafts(cuts, doomed, *, user):
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
    # The drafts that hold one of the links (their index, DraftReference), not every draft.
    held = Q(pk__in=[])
    for type_id, fields in by_type.items():
        held |= Q(referrer_type_id=type_id, field__in=[field.name for field in fields])
    targets = Q(pk__in=[])
    for type_id, object_id in doomed:
        targets |= Q(target_type_id=type_id, target_id=str(object_id))
    drafts = (
        Draft.objects.filter(references__in=DraftReference.objects.filter(held & targets))
        .distinct()
        .select_related("revision")
        .order_by("pk")
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


def drafts_referring(model, objs):
    """[(object whose pending draft links to one of `objs`, [(model, field name) of each such
    link], whether every such link can be cut)] for the drafts of other objects (a question's
    draft citing an article, adding a topic): deleting `objs` would leave those drafts
    pointing at nothing. Read from the drafts' index of links (DraftReference, kept as drafts
    are saved): two queries (one more per kind of object found), whatever the number of
    drafts. A link can be cut where a repair could cut it on the live rows: a nullable foreign
    key or a many-to-many field of plain link rows (cut_in_drafts); a required one (a cited
    article's row) cannot."""
    target_type = ContentType.objects.get_for_model(model)
    pks = {str(obj.pk) for obj in objs}
    references = (
        DraftReference.objects.filter(target_type=target_type, target_id__in=pks)
        # The draft of an object deleted goes with it.
        .exclude(draft__content_type=target_type, draft__object_id__in=pks)
        .select_related("draft")
        .prefetch_related("draft__content_object")
        .order_by("draft_id", "pk")
    )
    by_draft = {}
    for reference in references:
        referrer = ContentType.objects.get_for_id(reference.referrer_type_id).model_class()
        try:
            field = referrer._meta.get_field(reference.field)
        except (AttributeError, FieldDoesNotExist):  # a model or field gone since
            continue
        found = by_draft.setdefault(reference.draft_id, (reference.draft, {}))[1]
        found[(field.model, field.name)] = _draft_cuttable(field)
    return [
        (draft.content_object, list(refs), all(refs.values()))
        for draft, refs in by_draft.values()
        if draft.content_object is not None
    ]


def _draft_cuttable(field):
    if field.many_to_many:
        return field.remote_field.through._meta.auto_created
    return field.null


def pointing_to(versions):
    """The Q of the cut links to the rows of `versions` ({(content type id, object id):
    Version})."""
    rows = Q(pk__in=[])
    for type_id, object_id in versions:
        rows |= Q(target_type_id=type_id, value=object_id)
    return rows


def _record(referrer, *, user, kind):
    save_revision(snapshot(owner(referrer) or referrer), user=user, kind=kind)
