"""Publication state shared by every public content type, and the bookkeeping of drafts.

Live rows are what visitors see. An editor's change to a live object is kept as a draft: a
django-reversion revision holding the object and its inline rows, serialized, which is applied
to the live rows inside one transaction when it is published (see publishing.services).
"""

import datetime
import json

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from . import registry
from .text import check_links, invalid_links

# The start of a window that is open from the beginning.
ALWAYS = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def is_within(window, moment):
    """True when `moment` falls inside a (from, until) window (until None: for good)."""
    return window is not None and window[0] <= moment and (window[1] is None or window[1] > moment)


def overlap(a, b):
    """The window in which both windows are open, or None."""
    if a is None or b is None:
        return None
    ends = [until for until in (a[1], b[1]) if until is not None]
    since, until = max(a[0], b[0]), min(ends, default=None)
    return None if until is not None and until <= since else (since, until)


def public_q(prefix="", now=None):
    """The condition published() puts on a Publishable, for a lookup path: `prefix` "" for the
    rows themselves, "law__" for the law of each row, "articles__" inside an aggregate…"""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}is_published": True})
        & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now}))
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """What visitors may see: published, and inside its optional publication window. The
        window is checked at query time, so a scheduled time takes effect by itself. `now`:
        the time to check it at (default: now)."""
        return self.filter(public_q(now=now))

    def visible_to(self, user):
        """Staff may preview anything at its real address; everyone else sees published rows."""
        return self if getattr(user, "is_staff", False) else self.published()

    # Writes that send no pre_save signal check links as saves do (publishing.text).
    def update(self, **kwargs):
        check_links(self.model, kwargs)
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            check_links(self.model, obj.__dict__)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            check_links(self.model, {name: getattr(obj, name) for name in fields})
        return super().bulk_update(objs, fields, *args, **kwargs)


class Publishable(models.Model):
    """Abstract base of a public content type. New objects start unpublished (a draft).

    To adopt it: inherit from it, give the model a manager built on PublishableQuerySet, add a
    migration, register the model for history (publishing.versioning.register) and use
    publishing.admin.PublishingWorkflow and publishing.views.DraftPreviewMixin."""

    is_published = models.BooleanField(_("published"), default=False, editable=False)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Optional. Once published, visitors see it only from this time on."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional. Visitors no longer see it from this time on."),
    )
    last_published_at = models.DateTimeField(_("last published"), null=True, editable=False)

    # Bookkeeping fields that publishing sets itself; an applied draft never changes them.
    STATE_FIELDS = ("is_published", "last_published_at")

    class Meta:
        abstract = True

    def public_window(self):
        """(from, until) in which published() includes this row, for an object in memory:
        from ALWAYS when no start is set, until None for good; None when not published.
        The same three fields as public_q(), read the same way (a test holds them equal)."""
        if not self.is_published:
            return None
        return (self.publish_at or ALWAYS, self.unpublish_at)

    def full_clean(self, exclude=None, *args, **kwargs):
        """Also refuses a stored link that is not a web address in a form that does not show
        it (a translator's): as a form error, since the save itself would refuse it."""
        super().full_clean(exclude, *args, **kwargs)
        hidden = set(exclude or ())
        if stale := [name for name in invalid_links(type(self), self.__dict__) if name in hidden]:
            labels = ", ".join(str(self._meta.get_field(name).verbose_name) for name in stale)
            raise ValidationError(
                _("The link “%(fields)s” is not a web address: an editor must correct it first.")
                % {"fields": labels},
                code="not_web_url",
            )

    def is_public(self, now=None):
        """What published() says, for an object already in memory."""
        window = self.public_window()
        return window is not None and is_within(window, now or timezone.now())

    def is_scheduled(self):
        return (
            self.is_published and self.publish_at is not None and self.publish_at > timezone.now()
        )

    def withheld_by(self):
        """The object that keeps this one from visitors although it is published itself (an
        article's law that is not public), or None; is_public() accounts for it."""
        return None

    def published_along(self):
        """Objects that go public with this one when it is published for the first time (a
        new law's articles); publishing.services.publish publishes them too."""
        return []


class Draft(models.Model):
    """The pending change to a live object: at most one per object, pointing at the revision
    that holds the changed object and its inline rows."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=191)
    content_object = GenericForeignKey("content_type", "object_id")
    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # Published with a publication time ahead, while the object is public: the live version
    # stays public until then, when the draft is applied (publishing.services.apply_due).
    apply_at = models.DateTimeField(_("scheduled for"), null=True, blank=True, db_index=True)
    # The links publishing it cuts that the editor confirmed when scheduling it (Publish and
    # cut these links): ["<app label>.<model>:<pk>" of each referrer]. At its time it applies
    # with that repair, or, should it cut a link nobody confirmed, is not applied.
    cut_confirmed = models.JSONField(_("links confirmed to cut"), default=list, blank=True)
    # A scheduled draft that could not be applied at its time: when it was due, and why
    # ({"reason": "unconfirmed-cuts" | "blocked" | "unfit", "objects": ["<label>:<pk>", …],
    # "detail": {language code: "…"} (the reason said in every language, shown in the
    # reader's; a plain "…" in rows held before, or for a database's own words)}); it stays
    # listed under Scheduled changes until an editor acts.
    not_applied_at = models.DateTimeField(_("not applied at"), null=True, blank=True)
    not_applied = models.JSONField(_("why it was not applied"), default=dict, blank=True)

    # The slug the draft gives its object (its own row's, or ""): another object may not take
    # it meanwhile (publishing.redirects.check_old_slug), looked up by index, kept by save().
    slug = models.CharField(_("slug"), max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=("content_type", "object_id"), name="one_draft_per_object"
            )
        ]
        indexes = [models.Index(fields=("content_type", "slug"), name="draft_slug")]

    def __str__(self):
        return f"{self.content_type} {self.object_id}"

    def save(self, *args, **kwargs):
        """Also index what the draft's revision holds, whenever it changes (created, saved
        again, cut): its slug, and its links to other rows (DraftReference), so that looking
        up the drafts that claim a slug or link to an object reads no draft's stored text.
        A draft deleted takes its index rows with it (a foreign key that cascades)."""
        update_fields = kwargs.get("update_fields")
        reindex = update_fields is None or "revision" in update_fields
        if reindex:
            self.slug = _own_slug(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)
        if reindex:
            DraftReference.objects.index(self)


def _stored_rows(revision):
    """[(content type id, object id, {"fields": {field name: stored value}, …})] of a
    revision's rows."""
    return [
        (version.content_type_id, version.object_id, json.loads(version.serialized_data)[0])
        for version in revision.version_set.all()
    ]


def _own_slug(draft):
    for type_id, object_id, row in _stored_rows(draft.revision):
        if type_id == draft.content_type_id and object_id == str(draft.object_id):
            slug = row["fields"].get("slug")
            return slug if isinstance(slug, str) else ""
    return ""


def _relations(model):
    """The fields of `model` that hold a link to another row (foreign keys, many-to-many)."""
    return [field for field in model._meta.get_fields() if field.concrete and field.is_relation]


class DraftReferenceQuerySet(models.QuerySet):
    def index(self, draft):
        """Write the rows of the links `draft`'s revision holds (replacing any before): three
        queries whatever the number of drafts."""
        self.filter(draft=draft).delete()
        rows = []
        for type_id, _object_id, row in _stored_rows(draft.revision):
            model = ContentType.objects.get_for_id(type_id).model_class()
            for field in _relations(model) if model is not None else ():
                value = row["fields"].get(field.name)
                for target in value if isinstance(value, list) else [value]:
                    if target is None:
                        continue
                    rows.append(
                        DraftReference(
                            draft=draft,
                            referrer_type_id=type_id,
                            field=field.name,
                            target_type=ContentType.objects.get_for_model(field.related_model),
                            target_id=str(target),
                        )
                    )
        self.bulk_create(rows)


class DraftReference(models.Model):
    """A link a pending draft holds to another row (a question's draft citing an article,
    adding a topic): the row of the draft's revision that holds it (its model and field), and
    what it links to. Kept by Draft.save(); read by publishing.links.drafts_referring(), so a
    delete page finds the drafts that link to an object by index, whatever their number."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="references")
    referrer_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("referrer type")
    )
    field = models.CharField(_("field"), max_length=100)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=64)

    objects = DraftReferenceQuerySet.as_manager()

    class Meta:
        ordering = ("pk",)
        verbose_name = _("draft reference")
        verbose_name_plural = _("draft references")
        indexes = [models.Index(fields=("target_type", "target_id"), name="draft_reference_target")]

    def __str__(self):
        return f"{self.draft} {self.field} → {self.target_id}"


class ScheduledChange(Draft):
    """A draft of a public object, published to apply at a time ahead: the admin's list of
    pending scheduled changes."""

    class Meta:
        proxy = True
        ordering = ("apply_at",)
        verbose_name = _("scheduled change")
        verbose_name_plural = _("scheduled changes")


class RevisionKind(models.Model):
    """What a history revision was (reversion's meta model): a saved draft, a publication…"""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        DRAFT = "draft", _("Draft saved")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DISCARDED = "discarded", _("Draft discarded")
        SCHEDULED = "scheduled", _("Changes scheduled")
        ORIGINAL = "original", _("As it was before the first recorded change")
        SEED = "seed", _("Seed update")
        IMPORTED = "imported", _("Imported")
        REVIEWED = "reviewed", _("Legal basis reviewed")
        DELETED = "deleted", _("Deleted")
        LINK_CUT = "link-cut", _("Link cut: what it linked to was deleted")
        RECOVERED = "recovered", _("Recovered after deletion")
        LINK_RESTORED = "link-restored", _("Link restored: what it linked to was recovered")
        # A pending draft's link, cut or restored: revisions holding a draft, not the rows.
        DRAFT_LINK_CUT = (
            "draft-link-cut",
            _("Link cut from the draft: what it linked to was deleted"),
        )
        DRAFT_LINK_RESTORED = (
            "draft-link-restored",
            _("Link restored in the draft: what it linked to was recovered"),
        )

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, primary_key=True, related_name="kind"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reverted_from = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reverted to"),
    )
    # Of a deletion (Kind.DELETED): the draft the object had then, which the delete drops and
    # recovering puts back (publishing.repair) with what only the Draft row held: {"revision":
    # its revision's id, "apply_at": when it was scheduled (ISO) or None, "cut_confirmed": the
    # links its editor confirmed cutting}; {} when it had none; None when not recorded (older
    # deletions, deletes outside the admin: recovering infers the draft from the history).
    pending_draft = models.JSONField(_("draft pending when deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("revision kind")
        verbose_name_plural = _("revision kinds")

    def __str__(self):
        return self.get_kind_display()


def next_scheduled_change():
    """The next time at which a publication window opens or closes (None if none is set).

    Visibility needs no cron, but a cache of public pages keyed by the content version does
    not notice the clock: give cached entries a timeout that ends by then. Scheduled drafts
    count too (they are applied at their time). It is asked again after every write (the
    page cache's first store of each process, publishing.pagecache), so it is one query, its
    SQL built once per process and database: the earliest of every publishable kind's
    published rows' future publish_at and unpublish_at, and of the drafts' apply_at."""
    alias = router.db_for_read(Draft)
    compiled = _next_change_sql.get(alias)
    if compiled is None:
        compiled = _next_change_sql[alias] = _compile_next_change(alias)
    sql, params = compiled
    connection = connections[alias]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now if param is _NOW else param for param in params])
        (found,) = cursor.fetchone()
    if found is None:
        return None
    if isinstance(found, str):  # SQLite: the text it stores
        found = datetime.datetime.fromisoformat(found)
    if timezone.is_naive(found):  # stored in UTC where the database has no time zone
        found = timezone.make_aware(found, datetime.UTC)
    return found


# A moment standing for "now" in the compiled SQL's parameters.
_NOW = object()
_next_change_sql = {}  # database alias → (sql, params with _NOW for the time)


def _compile_next_change(alias):
    connection = connections[alias]
    marker = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
    adapted = connection.ops.adapt_datetimefield_value(marker)
    parts, params = [], []
    for kind in registry.kinds():
        if not issubclass(kind.model, Publishable):
            continue
        published = kind.model._default_manager.using(alias).filter(is_published=True)
        for field in ("publish_at", "unpublish_at"):
            queryset = published.filter(**{f"{field}__gt": marker}).order_by()
            parts.append(queryset.values(upcoming=models.F(field)).query.sql_with_params())
    drafts = Draft.objects.using(alias).filter(apply_at__isnull=False).order_by()
    parts.append(drafts.values(upcoming=models.F("apply_at")).query.sql_with_params())
    union = " UNION ALL ".join(
        f"SELECT upcoming FROM ({sql}) AS part{i}" for i, (sql, _params) in enumerate(parts)
    )
    for _sql, part_params in parts:
        params += [_NOW if param == adapted else param for param in part_params]
    return f"SELECT MIN(upcoming) FROM ({union}) AS upcoming_changes", params


def scheduled_changes(after):
    """(last, next): the latest time after `after`, and not later than now, at which a
    publication window opened or closed (None if none did), and the next such time (None if
    none is set). Answers computed at any time between the two are the same. One query per
    publishable kind (publishing.registry)."""
    now = timezone.now()
    last, upcoming = [], []
    for model in (kind.model for kind in registry.kinds()):
        if not issubclass(model, Publishable):
            continue
        aggregates = {}
        for field in ("publish_at", "unpublish_at"):
            aggregates[f"last_{field}"] = models.Max(
                field, filter=Q(**{f"{field}__gt": after, f"{field}__lte": now})
            )
            aggregates[f"next_{field}"] = models.Min(field, filter=Q(**{f"{field}__gt": now}))
        found = model._default_manager.filter(is_published=True).aggregate(**aggregates)
        for name, time in found.items():
            if time is not None:
                (last if name.startswith("last_") else upcoming).append(time)
    return max(last, default=None), min(upcoming, default=None)


class OldSlugQuerySet(models.QuerySet):
    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def record(self, obj, old_slug):
        """`obj` was renamed from `old_slug`: its old addresses lead to it from now on."""
        content_type = ContentType.objects.get_for_model(obj)
        # Renamed back to an earlier slug: that one is current again, no longer old.
        self.filter(content_type=content_type, object_id=obj.pk, slug=obj.slug).delete()
        self.update_or_create(
            content_type=content_type,
            slug=old_slug,
            defaults={"object_id": obj.pk, "reason": OldSlug.Reason.RENAMED, "deleted_as": ""},
        )

    def reserve_deleted(self, obj):
        """`obj` is deleted and can be recovered: its current slug is kept for it (as are its
        old slugs), each row naming it as it was."""
        content_type = ContentType.objects.get_for_model(obj)
        name = str(obj)[: OldSlug._meta.get_field("deleted_as").max_length]
        self.filter(content_type=content_type, object_id=obj.pk).update(deleted_as=name)
        self.update_or_create(
            content_type=content_type,
            slug=obj.slug,
            defaults={"object_id": obj.pk, "reason": OldSlug.Reason.DELETED, "deleted_as": name},
        )

    def release(self, obj):
        """`obj` was recovered: its slug is its own again; its old slugs lead to it again."""
        content_type = ContentType.objects.get_for_model(obj)
        mine = self.filter(content_type=content_type, object_id=obj.pk)
        mine.filter(slug=obj.slug).delete()
        mine.update(deleted_as="")

    def current_slug(self, queryset, old_slug):
        """The current slug of the object in `queryset` that once had `old_slug`, or None.
        One query (plus the content type's, once per process)."""
        old = self.of_model(queryset.model).filter(slug=old_slug).values("object_id")
        found = queryset.prefetch_related(None).filter(pk__in=old)
        return found.values_list("slug", flat=True).first()


class OldSlug(models.Model):
    """A slug that an object had before it was renamed, or that a deleted object had (kept for
    its recovery). The object's old addresses redirect to its current ones, and no other object
    of the same model can take the slug (see publishing.redirects)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))

    class Reason(models.TextChoices):
        RENAMED = "renamed", _("Renamed")
        DELETED = "deleted", _("Slug of a deleted object, kept for its recovery")

    slug = models.SlugField(_("old slug"), max_length=255)
    renamed_at = models.DateTimeField(_("renamed at"), auto_now=True)
    reason = models.CharField(
        _("reserved because"), max_length=10, choices=Reason.choices, default=Reason.RENAMED
    )
    # The object's name when it was deleted ("" while it exists): it can be recovered, so its
    # slugs stay reserved (publishing.redirects), and a refusal names it without reading history.
    deleted_as = models.CharField(_("deleted object"), max_length=255, blank=True)

    objects = OldSlugQuerySet.as_manager()

    class Meta:
        ordering = ("content_type", "slug")
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        constraints = [
            models.UniqueConstraint(fields=("content_type", "slug"), name="old_slug_unique"),
        ]
        indexes = [models.Index(fields=("content_type", "object_id"), name="old_slug_object")]

    def __str__(self):
        return self.slug


class CutLink(models.Model):
    """A reference cut when what it pointed to was deleted by "delete and repair"
    (publishing.repair): recovering the deleted object puts it back."""

    # The object whose deletion cut it (a comparison, also for the links to its points).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    # The row that referred to it (a guide task), its foreign key, and the value it held.
    referrer_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("referrer type")
    )
    referrer_id = models.CharField(_("referrer id"), max_length=64)
    field = models.CharField(_("field"), max_length=100)
    # What it pointed to (a point of the deleted comparison, an article of the deleted law):
    # the link comes back when that row does, whichever recovery brings it.
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    value = models.CharField(_("value"), max_length=64)
    cut_at = models.DateTimeField(_("cut at"), auto_now_add=True)
    # Cut from a pending draft (the referrer is a row the draft holds): whose draft, and the
    # draft revision the cut made (a later editor's save of the draft is newer).
    draft_owner_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft of type"),
    )
    draft_owner_id = models.CharField(_("draft of object id"), max_length=64, blank=True)
    cut_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cut in revision"),
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("cut link")
        verbose_name_plural = _("cut links")
        indexes = [
            models.Index(fields=("content_type", "object_id"), name="cut_link_object"),
            models.Index(fields=("target_type", "value"), name="cut_link_target"),
        ]

    def __str__(self):
        return f"{self.referrer_type} {self.referrer_id}.{self.field} → {self.value}"


@checks.register()
def check_publishables_registered(app_configs=None, **kwargs):
    """Every concrete Publishable model is a registered kind: a kind nobody declared would be
    left out of every channel and of the contract tests."""
    errors = []
    for model in apps.get_models():
        if issubclass(model, Publishable) and registry.for_model(model) is None:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is Publishable but not a registered content kind.",
                    hint="Declare it in its app's kinds.py and register it from AppConfig.ready().",
                    obj=model,
                    id="publishing.E001",
                )
            )
    return errors
