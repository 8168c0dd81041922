"""Drafts, publication and revert: every write that changes what visitors see goes through here.

A live object (published) is never changed by an editor's save: the admin saves the change
inside a transaction, takes a snapshot of the result, rolls the rows back and keeps the
snapshot as the object's draft (a reversion revision). Publishing applies the draft to the
live rows in one transaction. An unpublished object is edited in place: no visitor sees it.
Every step records a revision, so the history is complete and a form built on an older
revision can be recognised (see publishing.admin).
"""

import logging
import time
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models import CharField, Exists, OuterRef, ProtectedError
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext
from reversion.errors import RevertError

from . import links
from .content import DUE_KEY, cache_fault
from .models import Draft, OldSlug, Publishable, RevisionKind
from .redirects import keeps_old_slugs
from .references import referring
from .signals import revision_applying, translations_outdated
from .versioning import latest_revision_id, reserve_ids, same, save_revision, snapshot, versions_of

Kind = RevisionKind.Kind
logger = logging.getLogger(__name__)


class DraftDoesNotFit(Exception):
    """Stored rows refer to rows deleted since (a card type, an article), or would delete a
    row that other content relies on (publishing.deletion; `blockers` names what): they
    cannot be applied. The transaction they were applied in must be rolled back (callers'
    atomic)."""

    def __init__(self, message, blockers=(), reason=None, reasons=None):
        super().__init__(message)
        self.blockers = list(blockers)
        self.reason = reason  # what an editor is told, where it is known (a slug taken)
        # The same in every language ({code: text}, in_every_language()): what a record kept
        # for editors of any language stores (Draft.not_applied).
        self.reasons = reasons or {}


class CutsNotConfirmed(DraftDoesNotFit):
    """Publishing the draft would cut links (`blockers`: their referrers) that no editor
    confirmed: a scheduled draft is not applied at its time then (apply_due)."""


# Why a scheduled draft was not applied at its time (Draft.not_applied["reason"]).
NOT_CONFIRMED, BLOCKED, UNFIT = "unconfirmed-cuts", "blocked", "unfit"


def in_every_language(say):
    """{language code: say() with that language active}, for every language of the site (read
    when called): a text kept for editors reading the admin in any of them."""
    said = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said[code] = str(say())
    return said


def in_readers_language(said):
    """The text of in_every_language() for the active language (else the source language's);
    a text stored as it is (before reasons were kept in every language) is shown as it is."""
    if not isinstance(said, dict):
        return said or ""
    return said.get(translation.get_language()) or said.get(settings.LANGUAGE_CODE) or ""


def _unfit(say):
    """DraftDoesNotFit saying `say()` to the editor, in their language and in every language."""
    reason = str(say())
    return DraftDoesNotFit(reason, reason=reason, reasons=in_every_language(say))


def object_key(obj):
    """How a draft names an object it stores (Draft.cut_confirmed, Draft.not_applied)."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def objects_named(keys):
    """The objects object_key() named that still exist, in order."""
    found = []
    for key in keys:
        label, _sep, pk = key.partition(":")
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        obj = model._base_manager.filter(pk=pk).first()
        if obj is not None:
            found.append(obj)
    return found


def draft_of(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        Draft.objects.select_related("revision__user")
        .filter(content_type=content_type, object_id=str(obj.pk))
        .first()
    )


def having_drafts(queryset):
    """The objects of `queryset` that have a draft (one query)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    drafts = Draft.objects.filter(
        content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
    )
    return queryset.filter(Exists(drafts))


def lock(obj):
    """Serialise writers of one object for the rest of the transaction (PostgreSQL row lock;
    SQLite locks the whole database on the first write anyway)."""
    type(obj)._default_manager.select_for_update().filter(pk=obj.pk).exists()


class Stale(Exception):
    """The object was changed (published, unpublished, its draft saved …) after the editor's
    page showed revision `seen`: the action is refused and nothing is written. `latest` is
    the revision it is at now (publishing.admin names who did what in between)."""

    def __init__(self, obj, seen, latest):
        super().__init__(f"{obj._meta.label} {obj.pk}: revision {latest}, the page showed {seen}")
        self.obj, self.seen, self.latest = obj, seen, latest


def locked(obj, seen=None):
    """The one rule of every editor's action on `obj` (publish, unpublish, discard, revert):
    lock it first, then check that it is still at revision `seen` (what the editor's page
    showed; None: no page, no check), then the caller writes, all in the caller's
    transaction. Checked before the lock, two editors acting at the same moment both passed
    the check and both wrote. Raises Stale. (Every write of an editor's records a revision:
    an object still at `seen` holds the rows the page showed.)"""
    lock(obj)
    if seen is not None:
        latest = latest_revision_id(obj)
        if latest != seen:
            raise Stale(obj, seen, latest)


# PostgreSQL's SQLSTATEs for a transaction ended to settle a conflict with another one.
CONFLICTS = {"40001": "serialization failure", "40P01": "deadlock"}


def conflict(error):
    """What ended the transaction, when the database ended it only to settle a conflict with
    another transaction (PostgreSQL's deadlock or serialization failure, SQLite's "database is
    locked"), so that running it again as a whole can succeed; else None."""
    code = getattr(error.__cause__, "sqlstate", None)
    if code in CONFLICTS:
        return CONFLICTS[code]
    if "database is locked" in str(error):
        return "locked"
    return None


def retried_once(work, *, again=None, attempt=nullcontext):
    """`work()` in a transaction of its own, run once more as a whole (after `again()`, which
    puts back what the first try changed in memory) when the database ended it to settle a
    conflict (conflict()): an editor's save that lost a deadlock is saved, not a 503. Inside
    another transaction it only runs: a part of a transaction cannot be retried alone.

    `attempt()` is a context around each try, its commit included: the admin's holds back the
    messages the try adds (publishing.messagestorage), so a rolled-back try says nothing."""
    if transaction.get_connection().in_atomic_block:
        return work()
    try:
        with attempt(), transaction.atomic():
            return work()
    except OperationalError as error:
        cause = conflict(error)
        if cause is None:
            raise
        logger.warning("transaction retried once (%s): %s", cause, one_line(error))
    if again is not None:
        again()
    with attempt(), transaction.atomic():
        return work()


def one_line(error):
    """The first line of a database error's message (PostgreSQL's go on with DETAIL lines)."""
    return str(error).strip().split("\n", 1)[0]


def apply(obj, revision, *, cut=False, restore=False, user=None):
    """Make the rows of `obj` what `revision` holds (inline rows added, changed, deleted),
    keeping the publication bookkeeping. Call inside a transaction.

    An inline row it deletes that other content links to (a comparison point a guide task, or
    a guide task's pending draft, links to) refuses it (DraftDoesNotFit, naming the
    referrers), unless `cut`: then, where every such link can be cut (publishing.references),
    it is cut and remembered (publishing.links), in the drafts too. With `restore`, the links
    cut from a row it brings back come back. Returns what came back (links.Restored)."""
    kept = {name: getattr(obj, name) for name in obj.STATE_FIELDS}
    # The slug as stored, not as held in memory: `obj` may have been shown with its draft
    # applied (state_with_draft) and still carry the draft's slug.
    manager = type(obj)._base_manager
    stored = (
        manager.filter(pk=obj.pk).values_list("slug", flat=True).first()
        if keeps_old_slugs(type(obj))
        else None
    )
    _check_unique(obj, revision)
    tables = {v.content_type.model_class()._meta.db_table for v in revision.version_set.all()}
    revision_applying.send(sender=type(obj), obj=obj, revision=revision)
    if cut:
        cut_links_to_deleted(obj, revision, user=user)
    else:  # a live link refuses below (the guards); a draft's would be left dangling
        _refuse_drafted(obj, revision)
    try:
        revision.revert(delete=True)  # raw saves: the models' save() methods do not run
        # Foreign keys are checked at commit; check them now, while the error can be named.
        connection.check_constraints(table_names=sorted(tables))
    except ProtectedError as error:  # it would delete a row other content relies on
        raise DraftDoesNotFit(str(error), blockers=error.protected_objects) from error
    except (RevertError, IntegrityError) as error:
        raise DraftDoesNotFit(str(error)) from error
    type(obj)._default_manager.filter(pk=obj.pk).update(**kept)
    obj.refresh_from_db()
    restored = (
        links.restore(links.pointing_to(versions_of(revision)), user=user)
        if restore
        else links.Restored()
    )
    if stored and stored != obj.slug:
        OldSlug.objects.record(obj, stored)  # what a save would record (publishing.redirects)
    return restored


def deleted_by(obj, revision):
    """[(model, [rows])] of the live inline rows of `obj` that applying `revision` deletes."""
    kept = versions_of(revision)
    doomed = {}
    for (type_id, object_id), version in snapshot(obj).items():
        if (type_id, object_id) not in kept:
            doomed.setdefault(version.content_type.model_class(), []).append(object_id)
    return [(model, list(model._base_manager.filter(pk__in=pks))) for model, pks in doomed.items()]


def links_cut_by(obj, revision):
    """[(reason, [referrers])] of the links that applying `revision` cuts (publishing it with
    the cut confirmed): the references to the inline rows it deletes, from live rows and from
    other objects' pending drafts (publishing.references, as the delete pages read them).
    Raises DraftDoesNotFit when one of them cannot be cut."""
    found = []
    for model, rows in deleted_by(obj, revision):
        references = referring(model, rows)
        if references and not references.cuttable:
            names = [b for _reason, blockers in references.listed() for b in blockers]
            raise DraftDoesNotFit(f"{model._meta.label}: a link to it cannot be cut", names)
        found += references.listed()
    return found


def _refuse_drafted(obj, revision):
    """DraftDoesNotFit, naming them, when other objects' pending drafts link to an inline row
    that applying `revision` deletes (unconfirmed: publish_selected, a scheduled draft)."""
    for model, rows in deleted_by(obj, revision):
        drafted = referring(model, rows).drafted
        if drafted:
            names = [referrer for referrer, *_rest in drafted]
            raise DraftDoesNotFit(f"{model._meta.label}: pending drafts link to it", names)


def cut_links_to_deleted(obj, revision, *, user):
    """Cut the links to the inline rows of `obj` that applying `revision` deletes, on the live
    rows and in pending drafts (publishing.links), so those drafts still open;
    DraftDoesNotFit where one cannot be cut."""
    links_cut_by(obj, revision)  # all or nothing
    cuts, doomed = set(), set()
    for model, rows in deleted_by(obj, revision):
        type_id = ContentType.objects.get_for_model(model).pk
        for row in rows:
            references = referring(model, [row])
            links.cut(row, references.live, user=user)
            cuts |= references.draft_cuts()
            doomed.add((type_id, str(row.pk)))
    if cuts:
        links.cut_in_drafts(cuts, doomed, user=user)


def _check_unique(obj, revision):
    """Raise DraftDoesNotFit, naming the clash, when a unique value `revision` holds for `obj`
    (its slug) has been taken by another object since (another draft published first)."""
    model = type(obj)
    key = (ContentType.objects.get_for_model(model).pk, str(obj.pk))
    version = versions_of(revision).get(key)
    if version is None:
        return
    stored = version.field_dict
    for model_field in model._meta.concrete_fields:
        value = stored.get(model_field.attname)
        if not model_field.unique or model_field.primary_key or value in (None, ""):
            continue
        holder = model._base_manager.filter(**{model_field.attname: value}).exclude(pk=obj.pk)
        holder = holder.first()
        if holder is not None:
            raise _unfit(
                partial(_taken_reason, field=model_field.verbose_name, value=value, holder=holder)
            )


def _taken_reason(*, field, value, holder):
    return gettext("its %(field)s “%(value)s” is taken by “%(holder)s”.") % {
        "field": field,
        "value": value,
        "holder": holder,
    }


_rolling_back = ContextVar("publishing_rolled_back", default=False)


@contextmanager
def rolled_back():
    """A transaction that is always rolled back: for trying a change and looking at it (a
    draft shown). Bookkeeping that follows writes and is shared by every object's saves (the
    change feed) skips the writes made inside (writes_rolled_back()): they are undone anyway,
    and its rows, locked meanwhile, would make a page that only shows a draft collide with
    other editors' saves (a deadlock on PostgreSQL, "database is locked" on SQLite)."""
    token = _rolling_back.set(True)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        _rolling_back.reset(token)


def writes_rolled_back():
    """True inside rolled_back(): whatever is written now will be undone."""
    return _rolling_back.get()


@contextmanager
def draft_applied(obj):
    """Within the block, the rows of `obj` are its draft (if any); afterwards, nothing changed.
    Yields the Draft or None."""
    with drafts_applied([obj]) as drafts:
        yield drafts[0] if drafts else None


@contextmanager
def drafts_applied(objs):
    """draft_applied() for several objects (a law and its articles): yields their Drafts."""
    applied = []
    with rolled_back():
        drafts = []
        for obj in objs:
            draft = draft_of(obj)
            if draft is not None:
                # Its rows are written below: wait for a save of the same object first, as
                # that save does (lock() before writing), so neither waits on the other's rows.
                lock(obj)
                # As it will be published: a linked inline row it deletes cuts its links
                # (rolled back here; refused where a link cannot be cut).
                apply(obj, draft.revision, cut=True)
                applied.append(obj)
                drafts.append(draft)
        yield drafts
    for obj in applied:  # the rows were rolled back: so is what the objects hold
        obj.refresh_from_db()


@contextmanager
def live_drafts_applied():
    """Within the block, every live object that has a draft has its draft applied: the rows
    are what visitors will see once the drafts are published (what an editor's or
    translator's form shows); afterwards, nothing changed. The drafts of unpublished objects
    are left out: those objects are edited in place. Yields (objects whose draft was applied,
    objects whose draft no longer fits the data and was left out)."""
    with rolled_back():
        applied, unfit = [], []
        for draft in Draft.objects.select_related("revision").prefetch_related("content_object"):
            obj = draft.content_object
            if obj is None or not obj.is_published:
                continue
            try:
                with transaction.atomic():  # an unfit draft's partial writes are undone
                    lock(obj)  # as drafts_applied()
                    apply(obj, draft.revision, cut=True)
            except DraftDoesNotFit:
                unfit.append(obj)
            else:
                applied.append(obj)
        yield applied, unfit


def state_with_draft(obj):
    """(live snapshot, snapshot with the draft applied, Draft or None)."""
    live = snapshot(obj)
    with draft_applied(obj) as draft:
        current = snapshot(obj) if draft is not None else live
    return live, current, draft


def _outdated(obj):
    rows = snapshot(obj)
    found = set()
    for _receiver, outdated in translations_outdated.send(sender=type(obj), rows=rows):
        found |= outdated
    return found


def outdated_by_draft(obj):
    """The translations that publishing the draft of `obj` leaves outdated and the live rows
    do not ({(content type id, object id, column)}): read after applying the draft as
    publishing does (then rolled back), so the publish page tells what publishing will do;
    the apps that keep that state answer (signals.translations_outdated)."""
    before = _outdated(obj)
    with draft_applied(obj) as draft:
        after = _outdated(obj) if draft is not None else set()
    return after - before


@transaction.atomic
def save_draft(obj, versions, *, user, reverted_from=None):
    """Keep `versions` (a snapshot of `obj` after an edit) as the draft of live `obj`. A draft
    equal to the live rows is no draft: it is dropped."""
    if same(versions, snapshot(obj)):
        draft = draft_of(obj)
        if draft is not None:
            draft.delete()
            return save_revision(snapshot(obj), user=user, kind=Kind.DISCARDED)
        return None
    reserve_ids(versions)
    keep_original(obj, snapshot(obj))
    revision = save_revision(versions, user=user, kind=Kind.DRAFT, reverted_from=reverted_from)
    content_type = ContentType.objects.get_for_model(type(obj))
    # A changed draft is no longer what was scheduled (nor what an editor confirmed cutting,
    # nor what could not be applied): it waits to be published again.
    _draft, created = Draft.objects.update_or_create(
        content_type=content_type,
        object_id=str(obj.pk),
        defaults={"revision": revision, **UNSCHEDULED},
    )
    schedule_changed()
    return revision


UNSCHEDULED = {"apply_at": None, "cut_confirmed": [], "not_applied_at": None, "not_applied": {}}


def scheduled_time(obj, draft):
    """When publishing `draft` would take effect, if that is ahead while `obj` is public:
    then publishing schedules it (the live version stays public until then); else None."""
    publish_at = draft_publish_time(obj, draft)
    return publish_at if publish_at is not None and publish_at > timezone.now() else None


def draft_publish_time(obj, draft):
    """The publication time `draft` gives `obj` while `obj` is public, past or ahead; else
    None."""
    if draft is None or not obj.is_public():
        return None
    key = (ContentType.objects.get_for_model(type(obj)).pk, str(obj.pk))
    version = versions_of(draft.revision).get(key)
    return version.field_dict.get("publish_at") if version is not None else None


def _check_valid(obj, revision):
    """Raise DraftDoesNotFit, saying why in the editor's language, when a row `revision` made
    of `obj` (applied: raw saves, no validation ran) fails its own validation (Model.clean): a
    quote block left without its article by older data. Publishing it would put a page no
    visitor can be shown, and a form no editor can save, live."""
    keys = {}
    for model_type, object_id in versions_of(revision):
        keys.setdefault(ContentType.objects.get_for_id(model_type).model_class(), []).append(
            object_id
        )
    for model, pks in keys.items():
        for row in model._base_manager.filter(pk__in=pks).order_by("pk"):
            if _invalid_reason(row) is not None:
                # Said again in each language (validation's messages may be translated as
                # they are raised), while the rows are applied.
                raise _unfit(partial(_invalid_reason, row))


def _invalid_reason(row):
    """Why `row` fails its own validation (Model.clean), in the active language; else None."""
    try:
        row.clean()
    except ValidationError as error:
        return gettext("its %(kind)s “%(row)s” is not valid: %(errors)s") % {
            "kind": row._meta.verbose_name,
            "row": row,
            "errors": " ".join(error.messages),
        }
    return None


def unpublishable_reason(obj, draft):
    """Why publishing `draft` of `obj` would be refused although it applies (a row it makes
    fails its own validation: _check_valid), in the editor's language; None when it would
    not. Read while the draft's rows are applied (draft_applied(), a change form showing it)."""
    try:
        _check_valid(obj, draft.revision)
    except DraftDoesNotFit as error:
        return error.reason
    return None


def draft_unpublishable(obj):
    """unpublishable_reason() of the draft of `obj` (None without a draft): said before
    Confirm on the Publish page. Applied and rolled back: nothing it reads is written."""
    with draft_applied(obj) as draft:
        return unpublishable_reason(obj, draft) if draft is not None else None


def _check_draft_valid(obj):
    """_check_valid() of the draft of `obj`, applied and rolled back: a draft scheduled for
    later is refused now for the reason publishing it now would be, not held at its time."""
    with draft_applied(obj) as draft:
        if draft is not None:
            _check_valid(obj, draft.revision)


@transaction.atomic
def publish(obj, *, user, cut=False, seen=None):
    """Apply the draft (if any) and make the object public (from its publish_at, if set). The
    first publication also publishes what goes public along with it (obj.published_along()).
    With `cut` (the editor confirmed it), the links to the inline rows the draft deletes are
    cut (links_cut_by); links cut before from the rows it brings back are restored.

    A draft of a public object whose publication time is ahead is scheduled instead: the live
    version stays public, and the draft is applied at that time (apply_due()). The links it
    will cut are confirmed now (`cut`), and remembered with it: at its time it applies with
    that repair. Unconfirmed, scheduling it is refused (CutsNotConfirmed), as publishing it
    now would be; so is a draft whose rows fail their own validation (_check_valid). `seen`:
    see locked().

    Returns the links the draft put back (links.Restored: a reverted draft brings back rows
    whose links were cut), for the editor to be told."""
    locked(obj, seen)
    first = obj.last_published_at is None
    draft = draft_of(obj)
    when = scheduled_time(obj, draft)
    if when is not None:
        referrers = [r for _reason, found in links_cut_by(obj, draft.revision) for r in found]
        if referrers and not cut:
            raise CutsNotConfirmed("publishing it cuts links: not confirmed", referrers)
        _check_draft_valid(obj)
        draft.apply_at = when
        draft.cut_confirmed = sorted({object_key(r) for r in referrers})
        draft.not_applied_at, draft.not_applied = None, {}
        draft.save(update_fields=["apply_at", "cut_confirmed", "not_applied_at", "not_applied"])
        schedule_changed()
        save_revision(versions_of(draft.revision), user=user, kind=Kind.SCHEDULED)
        return links.Restored()
    restored = links.Restored()
    if draft is not None:
        # Its own savepoint: refused, nothing of it stays, inside a caller's transaction too.
        with transaction.atomic():
            restored = apply(obj, draft.revision, cut=cut, restore=True, user=user)
            _check_valid(obj, draft.revision)
        draft.delete()
        if draft.apply_at is not None:
            schedule_changed()
    obj.is_published = True
    obj.last_published_at = timezone.now()
    obj.save(update_fields=["is_published", "last_published_at"])
    save_revision(snapshot(obj), user=user, kind=Kind.PUBLISHED)
    if first:
        for part in obj.published_along():
            publish(part, user=user)
    return restored


def schedule_changed():
    """Announce the earliest scheduled draft's time (content.DUE_KEY), at once and again at
    commit."""
    announce_next_due(_earliest_scheduled())
    transaction.on_commit(lambda: announce_next_due(_earliest_scheduled()))


def _earliest_scheduled():
    drafts = Draft.objects.filter(apply_at__isnull=False).order_by("apply_at")
    return drafts.values_list("apply_at", flat=True).first()


def announce_next_due(time):
    try:
        cache.set(DUE_KEY, time.timestamp() if time else 0, timeout=None)
    except Exception as exc:  # noqa: BLE001 - announced again by the next scheduling step
        cache_fault("scheduled drafts not announced", exc)


def drafts_due(now=None, due=None):
    """True when a scheduled draft's time has come: one cache read (none if `due`, the value
    of DUE_KEY, is given), no query. A cache that lost the entry (flushed) says no until it is
    announced again (see DUE_KEY)."""
    if due is None:
        try:
            due = cache.get(DUE_KEY)
        except Exception:  # noqa: BLE001 - the page cache logs the cache's faults
            return False
    return bool(due) and due <= (now or timezone.now()).timestamp()


def apply_due(now=None):
    """Publish the scheduled drafts whose time has come (each in its own transaction, by the
    editor who scheduled it). Returns the objects published.

    A draft that deletes rows other content links to applies with the repair its editor
    confirmed when scheduling it (the links are cut, as publishing cuts them). One that no
    longer fits — it would cut a link nobody confirmed (a task linked to the point after it
    was scheduled), delete a row whose references cannot be cut, or use a row deleted since —
    is not applied: nothing is changed, the draft is kept, and it stays listed under
    Scheduled changes with the reason (Draft.not_applied) until an editor publishes it again,
    changes or discards it."""
    now = now or timezone.now()
    done = []
    for draft in Draft.objects.filter(apply_at__lte=now).select_related("revision__user"):
        obj = draft.content_object
        with transaction.atomic():
            if obj is None or not obj.is_published:
                Draft.objects.filter(pk=draft.pk).update(apply_at=None)
                continue
            lock(obj)
            if not Draft.objects.filter(pk=draft.pk, apply_at__lte=now).exists():
                continue  # applied by a concurrent request meanwhile
            try:
                with transaction.atomic():
                    _publish_due(obj, draft)
            except DraftDoesNotFit as error:
                _not_applied(draft, error)
                continue
            done.append(obj)
    schedule_changed()
    return done


# After a failed try on a request, this process waits this long before the next (one log line
# per process and wait, not one per request, while a standby answers read-only).
RETRY_DUE_SECONDS = 30
retry_due_after = 0.0  # time.monotonic() before which requests do not try again


def apply_due_on_request():
    """apply_due() for the request that finds a scheduled change due (publishing.middleware,
    the page cache). A database that cannot apply it now (a standby answering read-only
    during a failover) costs no visitor the page: the live version is served, one WARNING
    says why, and this process tries again after RETRY_DUE_SECONDS. A database that cannot
    be read either fails the request itself, as any page would. `apply_scheduled` (the
    command) still fails loudly."""
    global retry_due_after
    if time.monotonic() < retry_due_after:
        return []
    try:
        return apply_due()
    except DatabaseError as error:
        retry_due_after = time.monotonic() + RETRY_DUE_SECONDS
        logger.warning(
            "scheduled changes not applied, tried again in %d s: %s: %s",
            RETRY_DUE_SECONDS,
            type(error).__name__,
            one_line(error),
        )
        return []


def _publish_due(obj, draft):
    """Publish a scheduled draft at its time, with the cut its editor confirmed."""
    referrers = [r for _reason, found in links_cut_by(obj, draft.revision) for r in found]
    unconfirmed = [r for r in referrers if object_key(r) not in set(draft.cut_confirmed)]
    if unconfirmed:
        raise CutsNotConfirmed("it would cut links nobody confirmed", unconfirmed)
    publish(obj, user=draft.revision.user, cut=bool(referrers))


def _not_applied(draft, error):
    """Keep a scheduled draft that could not be applied at its time, and why, for the list of
    scheduled changes: it is no longer due (an editor decides), nothing else is changed."""
    if isinstance(error, CutsNotConfirmed):
        reason = NOT_CONFIRMED
    else:
        reason = BLOCKED if error.blockers else UNFIT
    Draft.objects.filter(pk=draft.pk).update(
        apply_at=None,
        not_applied_at=draft.apply_at,
        not_applied={
            "reason": reason,
            "objects": [object_key(obj) for obj in dict.fromkeys(error.blockers)],
            # In every language where it is said to editors (in_readers_language() reads
            # it); else the database's own words (one language).
            "detail": error.reasons or str(error.reason or error),
        },
    )


def not_applied():
    """The scheduled drafts that could not be applied at their time, oldest first."""
    return Draft.objects.filter(not_applied_at__isnull=False).order_by("not_applied_at")


@transaction.atomic
def unpublish(obj, *, user, seen=None):
    """Hide the object from visitors; its draft, if any, stays. `seen`: see locked()."""
    locked(obj, seen)
    obj.is_published = False
    obj.save(update_fields=["is_published"])
    # A scheduled draft of it waits for an editor again: it would publish it at its time.
    drafts = Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )
    if drafts.filter(apply_at__isnull=False).update(apply_at=None):
        schedule_changed()
    drafts.update(not_applied_at=None, not_applied={})
    return save_revision(snapshot(obj), user=user, kind=Kind.UNPUBLISHED)


@transaction.atomic
def discard_draft(obj, *, user, seen=None):
    """Drop the draft of `obj`, if any. `seen`: see locked()."""
    locked(obj, seen)
    draft = draft_of(obj)
    if draft is None:
        return None
    draft.delete()
    if draft.apply_at is not None:
        schedule_changed()
    return save_revision(snapshot(obj), user=user, kind=Kind.DISCARDED)


@transaction.atomic
def revert(obj, revision, *, user, seen=None):
    """Bring back what `revision` held, as a new revision: a draft for a live object (publish
    it to make it public; its links come back then), the object itself otherwise. Returns
    the links that came back (links.Restored). `seen`: see locked()."""
    locked(obj, seen)
    if obj.is_published:
        save_draft(obj, versions_of(revision), user=user, reverted_from=revision)
        return links.Restored()
    restored = apply(obj, revision, restore=True, user=user)
    save_revision(snapshot(obj), user=user, kind=Kind.SAVED, reverted_from=revision)
    return restored


def record(obj, *, user, kind=Kind.SAVED, before=None):
    """Record the current rows of `obj` as a revision, unless they equal `before`."""
    after = snapshot(obj)
    if before is not None and same(before, after):
        return None
    if before is not None:
        keep_original(obj, before)
    return save_revision(after, user=user, kind=kind)


def keep_original(obj, versions):
    """Before the first revision of `obj` that changes it, record what it was (`versions`):
    then a form opened before there was any history can still be compared and merged."""
    if not latest_revision_id(obj):
        save_revision(versions, user=None, kind=Kind.ORIGINAL)


def drop_draft_of_deleted(sender, instance, **kwargs):
    """post_delete: a deleted object's draft goes with it (its history stays)."""
    if isinstance(instance, Publishable):
        content_type = ContentType.objects.get_for_model(sender)
        Draft.objects.filter(content_type=content_type, object_id=str(instance.pk)).delete()
