"""The change feed's log: what became public, changed or stopped being public, and when."""

import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# c<microseconds since 1970>_<event id>; 18 digits fit a 64-bit integer column.
CURSOR = re.compile(r"c(-?\d{1,18})_(\d{1,18})")


class ChangeQuerySet(models.QuerySet):
    def visible(self, now):
        """Events that have happened: a comparison published for a later date appears then."""
        return self.filter(happened_at__lte=now)

    def after(self, position):
        """Events after a position of the feed (see Change.position()), which is ordered by
        (time, id)."""
        happened_at, pk = position
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

    @property
    def cursor(self):
        """Where a consumer continues next time: after this event, even if others happened
        at the same microsecond."""
        micros = (self.happened_at - EPOCH) // datetime.timedelta(microseconds=1)
        return f"c{micros}_{self.pk}"

    @staticmethod
    def position(since):
        """(time, id or None) from a cursor or an ISO 8601 time (without a zone: the site's
        time zone); ValueError for anything else."""
        if match := CURSOR.fullmatch(since):
            micros, pk = map(int, match.groups())
            try:
                return EPOCH + datetime.timedelta(microseconds=micros), pk
            except OverflowError:  # a cursor the schema allows, beyond any time: an edge
                edge = datetime.datetime.min if micros < 0 else datetime.datetime.max
                return edge.replace(tzinfo=datetime.UTC), pk
        moment = parse_datetime(since.replace(" ", "+"))  # a "+" sent unescaped in a URL
        if moment is None:
            raise ValueError(since)
        moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        try:
            return moment.astimezone(datetime.UTC), None
        except OverflowError:  # within a day of year 1 or 9999: before or after everything
            edge = datetime.datetime.min if moment.year == 1 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC), None
