from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OldSlugQuerySet(models.QuerySet):
    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def record(self, obj, old_slug):
        """`obj` was renamed from `old_slug`: its old addresses lead to it from now on."""
        content_type = ContentType.objects.get_for_model(obj)
        # Renamed back to an earlier slug: that one is current again, no longer old.
        self.filter(content_type=content_type, object_id=obj.pk, slug=obj.slug).delete()
        self.update_or_create(
            content_type=content_type, slug=old_slug, defaults={"object_id": obj.pk}
        )

    def current_slug(self, queryset, old_slug):
        """The current slug of the object in `queryset` that once had `old_slug`, or None.
        One query (plus the content type's, once per process)."""
        old = self.of_model(queryset.model).filter(slug=old_slug).values("object_id")
        found = queryset.prefetch_related(None).filter(pk__in=old)
        return found.values_list("slug", flat=True).first()


class OldSlug(models.Model):
    """A slug that an object had before it was renamed. The object's old addresses redirect
    to its current ones, and no other object of the same model can take the slug (see
    publishing.redirects)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    slug = models.SlugField(_("old slug"), max_length=255)
    renamed_at = models.DateTimeField(_("renamed at"), auto_now=True)

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
