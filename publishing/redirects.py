"""Renaming a slug keeps every old address working, in every language.

Every content model (publishing.registry) with a unique `slug` keeps its old slugs: it inherits
KeepsOldSlugs (system check publishing.E002), whose save() records the old slug when a save
changes it (publishing.models.OldSlug), and whose validation (full_clean(): the admin's forms,
any other form, the API, commands) refuses a slug that is another object's old slug (it would
take over that object's old addresses or anchors), in the user's language.
An object's slug and old slugs stay reserved when it is deleted (recorded in the old-slug
table at delete time, released when it is recovered): recovering it from its history
(publishing.repair) brings its addresses back.
Its detail views inherit OldSlugRedirectMixin: where the address's slug finds nothing, an old
slug answers with a 301 to the same page under the current slug (same language, same query
string). Pages that are found pay nothing for it; a miss costs one query (two the first time
in a process).

Views that are not detail views of the model (an API detail, an embed, a share image) are
wrapped in redirect_old_slugs() instead, in their URLconf.

Slugs changed without save() (QuerySet.update(), raw SQL) are not recorded.
"""

from functools import cache, wraps

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import registry
from .models import Draft, OldSlug

SLUG_IS_AN_OLD_ADDRESS = _(
    "“%(slug)s” was the slug of “%(holder)s” before it was renamed, and its old addresses "
    "lead there. Choose another slug."
)

DELETED_HOLDER = _("%(object)s (deleted, it can be recovered)")
SLUG_OF_A_DELETED_OBJECT = _(
    "“%(slug)s” is the slug of “%(holder)s”: its addresses are kept for its recovery. Choose "
    "another slug."
)
SLUG_IN_A_DRAFT = _(
    "“%(slug)s” is the new slug in the draft of “%(holder)s”, not yet published. Choose another "
    "slug, or change that draft first."
)


class KeepsOldSlugs:
    """Model mixin: see the module's docstring."""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding or (update_fields is not None and "slug" not in update_fields):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            manager = type(self)._base_manager
            previous = manager.filter(pk=self.pk).values_list("slug", flat=True).first()
            super().save(*args, **kwargs)
            if previous and previous != self.slug:
                OldSlug.objects.record(self, previous)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=exclude)
        if not (exclude and "slug" in exclude):
            check_old_slug(type(self), self.slug, self.pk)


@checks.register()
def check_old_slugs_validated(app_configs=None, **kwargs):
    """Every model whose renames are recorded refuses another object's old slug in its own
    validation (full_clean: forms, the API, commands), not only in the admin's form: it
    inherits KeepsOldSlugs."""
    return [
        checks.Error(
            f"{model._meta.label} keeps old slugs but its validation does not refuse them.",
            hint="Inherit publishing.redirects.KeepsOldSlugs.",
            obj=model,
            id="publishing.E002",
        )
        for model in apps.get_models()
        if keeps_old_slugs(model) and not issubclass(model, KeepsOldSlugs)
    ]


@cache
def keeps_old_slugs(model):
    """True for a model whose renames are recorded: KeepsOldSlugs, or any content model
    (publishing.registry) with a unique `slug` (its addresses or anchors carry it). Asked once
    the apps are ready (the registry is complete then)."""
    if issubclass(model, KeepsOldSlugs):
        return True
    if model._meta.proxy or not registry.is_content(model):
        return False
    try:
        return model._meta.get_field("slug").unique
    except FieldDoesNotExist:
        return False


def check_old_slug(model, slug, pk):
    """Raise a ValidationError (of the `slug` field) when `slug` is reserved for another object
    of `model`: its old slug, whether that object exists or was deleted (it can be recovered
    with its old addresses); the slug of a deleted object (reserve_deleted_slug); or the slug a
    pending draft of another object is to take. One query, by index (the old-slug table and
    the drafts' slugs), plus one to name an existing holder when it refuses."""
    if not slug or not keeps_old_slugs(model):
        return
    content_type = ContentType.objects.get_for_model(model)
    text = CharField()
    reserved = OldSlug.objects.filter(content_type=content_type, slug=slug)
    claimed = Draft.objects.filter(content_type=content_type, slug=slug)
    if pk is not None:
        reserved = reserved.exclude(object_id=pk)
        claimed = claimed.exclude(object_id=str(pk))
    rows = (
        reserved.order_by()
        .values_list(Cast("object_id", text), "reason", "deleted_as")
        .union(
            claimed.order_by().values_list(
                "object_id", Value(DRAFT, output_field=text), Value("", output_field=text)
            ),
            all=True,
        )
    )
    found = {reason: (object_id, name) for object_id, reason, name in rows}
    for reason in (OldSlug.Reason.RENAMED, OldSlug.Reason.DELETED, DRAFT):
        if reason in found:
            object_id, name = found[reason]
            raise ValidationError({"slug": _refusal(model, slug, reason, object_id, name)})


DRAFT = "draft"  # a row of check_old_slug's query that is a pending draft's slug


def _refusal(model, slug, reason, object_id, deleted_as):
    if reason == OldSlug.Reason.DELETED:
        holder = DELETED_HOLDER % {"object": deleted_as}
        return ValidationError(
            SLUG_OF_A_DELETED_OBJECT, code="deleted_slug", params={"slug": slug, "holder": holder}
        )
    holder = None if deleted_as else model._base_manager.filter(pk=object_id).first()
    if reason == DRAFT:
        holder = holder or f"{model._meta.verbose_name} {object_id}"
        return ValidationError(
            SLUG_IN_A_DRAFT, code="draft_slug", params={"slug": slug, "holder": holder}
        )
    if holder is None:  # deleted: named as it was when deleted
        holder = DELETED_HOLDER % {
            "object": deleted_as or f"{model._meta.verbose_name} {object_id}"
        }
    return ValidationError(
        SLUG_IS_AN_OLD_ADDRESS, code="old_slug", params={"slug": slug, "holder": holder}
    )


def reserve_deleted_slug(sender, instance, **kwargs):
    """post_delete: a deleted object that can be recovered (its history holds it) keeps its
    slug, as its old slugs: no other object may take them until it is recovered
    (OldSlug.objects.release, publishing.repair.recover)."""
    if not keeps_old_slugs(sender) or not getattr(instance, "slug", None):
        return
    content_type = ContentType.objects.get_for_model(sender)
    if Version.objects.filter(content_type=content_type, object_id=str(instance.pk)).exists():
        OldSlug.objects.reserve_deleted(instance)


class OldSlugRedirectMixin:
    """Detail-view mixin: see the module's docstring. A view whose address carries the slug of
    another model (an article's address carries its law's) overrides old_slug_queryset()."""

    def old_slug_queryset(self):
        """The objects whose old slugs lead somewhere: those the view would show."""
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            url = self.current_url()
            if url is None:
                raise
            return HttpResponsePermanentRedirect(url)

    def current_url(self):
        match = self.request.resolver_match
        old = match.kwargs.get("slug")
        current = OldSlug.objects.current_slug(self.old_slug_queryset(), old) if old else None
        if current is None:
            return None
        url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current})
        query = self.request.META.get("QUERY_STRING")
        return f"{url}?{query}" if query else url


def old_slug_redirect(request, queryset, kwarg="slug", **kwargs):
    """A 301 to the page `request` asked for under the current slug of the object of
    `queryset` whose old slug its address carries (kwargs[kwarg]); None if there is none."""
    old = kwargs.get(kwarg)
    current = OldSlug.objects.current_slug(queryset, old) if old else None
    if current is None:
        return None
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, kwarg: current})
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def redirect_old_slugs(queryset):
    """View decorator: where the view answers 404 (or raises Http404) for an address whose
    slug is an old slug of an object of `queryset()` (a callable: evaluated per request), a
    301 to the same address under the current slug."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                redirect = old_slug_redirect(request, queryset(), **kwargs)
                if redirect is None:
                    raise
                return redirect
            if response.status_code == 404:
                return old_slug_redirect(request, queryset(), **kwargs) or response
            return response

        return wrapped

    return decorator
