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
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from reversion.models import Version

from . import registry
from .deletion import may_cut
from .models import CutLink, Draft, DraftReference, RevisionKind
from .versioning import owner, rows_under, save_revision, snapshot, versions_of

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


@dataclass
class Restored:
    """What restore() put back: `referrers`, the objects whose link came back (on the live
    row, or in their pending draft); `edited`, those whose draft an editor saved after the cut
    (the link is back in it, their later changes kept); `left`, [(object, why)] of the links
    not put back in a draft, `why` one of the LEFT_* reasons."""

    referrers: list = dataclass_field(default_factory=list)
    edited: list = dataclass_field(default_factory=list)
    left: list = dataclass_field(default_factory=list)


LEFT_DRAFT_GONE = "draft-gone"  # its draft was published or discarded since the cut
LEFT_ROW_GONE = "row-gone"  # the row that held the link is no longer in its draft
LEFT_RELINKED = "relinked"  # the draft was given another link in its place since


def restore(rows, *, user):
    """Put back the cut links (CutLink rows matching the Q `rows`) whose target exists; the
    others wait for theirs. A link cut from a pending draft goes back into that draft
    (_restore_in_drafts). Returns Restored."""
    restored = Restored()
    in_drafts = []
    for link in CutLink.objects.filter(rows).select_related("referrer_type", "target_type"):
        target = link.target_type.model_class()._base_manager.filter(pk=link.value)
        if not target.exists():
            continue  # comes back with its own recovery
        if link.draft_owner_type_id is not None:
            in_drafts.append(link)
            continue
        model = link.referrer_type.model_class()
        referrer = model._base_manager.filter(pk=link.referrer_id).first()
        if referrer is not None and referrer._meta.get_field(link.field).many_to_many:
            links = getattr(referrer, link.field)
            value = links.model._meta.pk.to_python(link.value)
            if not links.filter(pk=value).exists():
                links.add(value)
                _record(referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.referrers.append(referrer)
        elif referrer is not None:
            field = referrer._meta.get_field(link.field)
            if getattr(referrer, field.attname) is None:  # not given another link since
                setattr(referrer, field.attname, field.target_field.to_python(link.value))
                referrer.save(update_fields=[link.field])
                _record(referrer, user=user, kind=Kind.LINK_RESTORED)
                restored.referrers.append(referrer)
        link.delete()
    _restore_in_drafts(in_drafts, restored, user=user)
    return restored


def _restore_in_drafts(cut_links, restored, *, user):
    """Put the links cut from pending drafts back into them: each draft as a new draft
    revision ("link restored in the draft"), the same as before the cut where nobody saved
    it since. Where an editor saved it since, only what the cut took is put back: a link the
    draft still lacks; one given another target meanwhile, or whose row the draft no longer
    holds, is left as the editor made it (Restored.left). A draft published or discarded
    since has nothing to put it back in (Restored.left too)."""
    by_draft = {}
    for link in cut_links:
        by_draft.setdefault((link.draft_owner_type_id, link.draft_owner_id), []).append(link)
    for (type_id, object_id), group in by_draft.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        obj = model._base_manager.filter(pk=object_id).first()
        draft = Draft.objects.filter(content_type_id=type_id, object_id=object_id).first()
        for link in group:
            link.delete()  # put back below, or reported: it is not tried again
        if obj is None:
            continue  # the object itself was deleted since: its draft went with it
        if draft is None:
            restored.left.append((obj, LEFT_DRAFT_GONE))
            continue
        versions = versions_of(draft.revision)
        put_back = False
        for link in group:
            outcome = _put_back(versions, link)
            if outcome is None:
                put_back = True
            elif outcome != "present":
                restored.left.append((obj, outcome))
        if not put_back:
            continue
        draft.revision = save_revision(versions, user=user, kind=Kind.DRAFT_LINK_RESTORED)
        draft.save(update_fields=["revision"])
        restored.referrers.append(obj)
        cuts = [link.cut_revision_id for link in group if link.cut_revision_id is not None]
        saved_since = Version.objects.filter(
            content_type_id=type_id,
            object_id=object_id,
            revision_id__gt=min(cuts, default=0),
            revision__kind__kind=Kind.DRAFT,
        )
        if saved_since.exists():
            restored.edited.append(obj)


def _put_back(versions, link):
    """Put the cut `link` back into the draft rows `versions` (edited in place): None when
    put back, "present" when the draft holds it already, else a LEFT_* reason."""
    version = versions.get((link.referrer_type_id, link.referrer_id))
    if version is None:
        return LEFT_ROW_GONE
    model_field = link.referrer_type.model_class()._meta.get_field(link.field)
    data = json.loads(version.serialized_data)
    fields = data[0]["fields"]
    if model_field.many_to_many:
        value = model_field.related_model._meta.pk.to_python(link.value)
        values = list(fields.get(link.field) or [])
        if value in values or str(value) in map(str, values):
            return "present"
        fields[link.field] = [*values, value]
    else:
        value = model_field.target_field.to_python(link.value)
        current = fields.get(link.field)
        if current is not None:
            return "present" if str(current) == str(value) else LEFT_RELINKED
        fields[link.field] = value
    version.serialized_data = json.dumps(data)
    return None


def cut_in_drafts(cuts, doomed, *, user, deleted=None):
    """Cut the same links in the pending drafts that hold them (a draft of a guide task whose
    point goes): each such draft is kept as a new revision without the link ("link cut from
    the draft"), so it still applies and opens, and each cut is remembered (CutLink, with the
    draft it was cut from): recovering what it linked to puts it back in the draft. `cuts`:
    {(referrer model, field)}; `doomed`: {(content type id, object id)} of the rows deleted;
    `deleted`: the object whose deletion cuts them (default: each link's own target). Returns
    the objects whose draft was changed."""
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
    doomed_by_type = {}
    for type_id, object_id in doomed:
        doomed_by_type.setdefault(type_id, set()).add(str(object_id))
    targets = Q(pk__in=[])  # one term per type: a law's hundreds of rows are one IN (...)
    for type_id, object_ids in doomed_by_type.items():
        targets |= Q(target_type_id=type_id, target_id__in=object_ids)
    drafts = (
        Draft.objects.filter(references__in=DraftReference.objects.filter(held & targets))
        .distinct()
        .select_related("revision")
        .order_by("pk")
    )
    for draft in drafts:
        versions = versions_of(draft.revision)
        cut_here = []  # (referrer type id, referrer id, field, target type id, value)
        for (type_id, pk), version in versions.items():
            for model_field in by_type.get(type_id, ()):
                target = ContentType.objects.get_for_model(model_field.related_model).pk
                data = json.loads(version.serialized_data)
                values = data[0]["fields"].get(model_field.name)
                if model_field.many_to_many:
                    gone = [v for v in values or [] if (target, str(v)) in doomed]
                    if not gone:
                        continue
                    data[0]["fields"][model_field.name] = [v for v in values if v not in gone]
                elif values is None or (target, str(values)) not in doomed:
                    continue
                else:
                    gone = [values]
                    data[0]["fields"][model_field.name] = None
                version.serialized_data = json.dumps(data)
                cut_here += [(type_id, pk, model_field.name, target, str(v)) for v in gone]
        if not cut_here:
            continue
        draft.revision = save_revision(versions, user=user, kind=Kind.DRAFT_LINK_CUT)
        draft.save(update_fields=["revision"])
        for type_id, pk, name, target, value in cut_here:
            CutLink.objects.create(
                content_type=(
                    ContentType.objects.get_for_model(type(deleted))
                    if deleted is not None
                    else ContentType.objects.get_for_id(target)
                ),
                object_id=str(deleted.pk) if deleted is not None else value,
                referrer_type_id=type_id,
                referrer_id=pk,
                field=name,
                target_type_id=target,
                value=value,
                draft_owner_type_id=draft.content_type_id,
                draft_owner_id=draft.object_id,
                cut_revision=draft.revision,
            )
        if draft.content_object is not None:
            changed.append(draft.content_object)
    return changed


def going_with(model, objs):
    """{model: {str(pk)}} of the rows deleting `objs` deletes, `objs` included: their inline
    rows (a comparison's points) and, by cascade, what lives within them (Kind.within: a
    law's articles) with its own inline rows. What a pending draft elsewhere may link to: a
    draft linking to an article of a law is left unable to open by deleting the law. One
    query per relation followed, whatever the number of rows."""
    found, level = {}, [(model, {obj.pk for obj in objs})]
    while level:
        following = []
        for current, pks in level:
            for rows_model, keys in rows_under(current, pks).items():
                found.setdefault(rows_model, set()).update(str(pk) for pk in keys)
            for kind in registry.kinds_within(current):
                inner = kind.model._base_manager.filter(**{f"{kind.within}__in": pks})
                inner = set(inner.values_list("pk", flat=True))
                if inner:
                    following.append((kind.model, inner))
        level = following
    return found


def doomed_keys(going):
    """going_with()'s rows as {(content type id, str(pk))}, as cut_in_drafts() takes them."""
    return {
        (ContentType.objects.get_for_model(model).pk, pk)
        for model, pks in going.items()
        for pk in pks
    }


def drafts_referring(model, objs):
    """[(object whose pending draft links to one of `objs` or to a row deleted with them,
    [(model, field name) of each such link], whether every such link can be cut)] for the
    drafts of other objects (a question's draft citing an article, or an article of a law
    deleted; adding a topic): deleting `objs` would leave those drafts pointing at nothing.
    Read from the drafts' index of links (DraftReference, kept as drafts are saved): one query
    per relation followed to find what goes with `objs`, then one for the links, whatever the
    number of drafts. A link can be cut where a repair could cut it on the live rows
    (deletion.may_cut: a kind's own nullable foreign key or many-to-many field of plain link
    rows); one held by a row the kind edits as its part (a cited article's row, a quote
    block's article) cannot: the row is invalid without it."""
    going = going_with(model, objs)
    doomed = doomed_keys(going)
    targets = Q()
    for going_model, pks in going.items():
        target_type = ContentType.objects.get_for_model(going_model)
        targets |= Q(target_type=target_type, target_id__in=pks)
    if not targets:
        return []
    references = (
        DraftReference.objects.filter(targets)
        .select_related("draft")
        .prefetch_related("draft__content_object")
        .order_by("draft_id", "pk")
    )
    by_draft = {}
    for reference in references:
        draft = reference.draft
        if (draft.content_type_id, draft.object_id) in doomed:
            continue  # the draft of an object deleted goes with it
        referrer = ContentType.objects.get_for_id(reference.referrer_type_id).model_class()
        try:
            field = referrer._meta.get_field(reference.field)
        except (AttributeError, FieldDoesNotExist):  # a model or field gone since
            continue
        found = by_draft.setdefault(draft.pk, (draft, {}))[1]
        found[(field.model, field.name)] = may_cut(field)
    return [
        (draft.content_object, list(refs), all(refs.values()))
        for draft, refs in by_draft.values()
        if draft.content_object is not None
    ]


def pointing_to(versions):
    """The Q of the cut links to the rows of `versions` ({(content type id, object id):
    Version})."""
    rows = Q(pk__in=[])
    for type_id, object_id in versions:
        rows |= Q(target_type_id=type_id, value=object_id)
    return rows


def _record(referrer, *, user, kind):
    save_revision(snapshot(owner(referrer) or referrer), user=user, kind=kind)
