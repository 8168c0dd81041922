"""Renaming a slug keeps every old address working, in every language.

A model that puts a unique `slug` in its public addresses inherits KeepsOldSlugs: when a save
changes the slug, the old one is recorded (publishing.models.OldSlug), and validation refuses
a slug that is another object's old slug (it would take over that object's old addresses).
Its detail views inherit OldSlugRedirectMixin: where the address's slug finds nothing, an old
slug answers with a 301 to the same page under the current slug (same language, same query
string). Pages that are found pay nothing for it; a miss costs one query (two the first time
in a process).

Views that are not detail views of the model (an API detail, an embed, a share image) are
wrapped in redirect_old_slugs() instead, in their URLconf.

Slugs changed without save() (QuerySet.update(), raw SQL) are not recorded.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import OldSlug

SLUG_IS_AN_OLD_ADDRESS = _(
    "“%(slug)s” was the slug of “%(holder)s” before it was renamed, and its old addresses "
    "lead there. Choose another slug."
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
        if (exclude and "slug" in exclude) or not self.slug:
            return
        old = OldSlug.objects.of_model(type(self)).filter(slug=self.slug).exclude(object_id=self.pk)
        holder = type(self)._base_manager.filter(pk__in=old.values("object_id")).first()
        if holder is not None:
            error = ValidationError(
                SLUG_IS_AN_OLD_ADDRESS,
                code="old_slug",
                params={"slug": self.slug, "holder": holder},
            )
            raise ValidationError({"slug": error})


def forget_old_slugs(sender, instance, **kwargs):
    OldSlug.objects.of_model(sender).filter(object_id=instance.pk).delete()


def connect_signals(models):
    for model in models:
        if issubclass(model, KeepsOldSlugs):
            post_delete.connect(
                forget_old_slugs, sender=model, dispatch_uid=f"old-slugs-{model._meta.label}"
            )


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


def old_slug_redirect(request, queryset, **kwargs):
    """A 301 to the page `request` asked for under the current slug of the object of
    `queryset` whose old slug its address carries (kwargs["slug"]); None if there is none."""
    old = kwargs.get("slug")
    current = OldSlug.objects.current_slug(queryset, old) if old else None
    if current is None:
        return None
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current})
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
