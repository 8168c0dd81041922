"""The change feed's log: what became public, changed or stopped being public, and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeQuerySet(models.QuerySet):
    def visible(self, now):
        """Events that have happened: a comparison published for a later date appears then."""
        return self.filter(happened_at__lte=now)

    def after(self, happened_at, pk=None):
        """Events after a position of the feed, which is ordered by (time, id)."""
        if pk is None:
            return self.filter(happened_at__gt=happened_at)
        return self.filter(
            models.Q(happened_at__gt=happened_at) | models.Q(happened_at=happened_at, pk__gt=pk)
        )


class Change(models.Model):
    """One event of one public object, named by its public identifier (a slug, or
    "<law slug>/<article number>"), never by a database id."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        CHANGED = "changed", _("changed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    object_type = models.CharField(_("object type"), max_length=30)
    object_key = models.CharField(_("object identifier"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    happened_at = models.DateTimeField(_("time"))

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ("happened_at", "pk")
        get_latest_by = "happened_at"
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(fields=("happened_at", "id"), name="api_change_position"),
            models.Index(fields=("object_type", "object_key"), name="api_change_object"),
        ]

    def __str__(self):
        return f"{self.object_type} {self.object_key} {self.kind} {self.happened_at:%Y-%m-%d %H:%M}"
