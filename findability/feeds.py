"""An Atom feed per language of what changed: comparisons (published or updated) and laws
(adopted or amended). /zh-hans/feed.atom, /en/feed.atom.

Editors write plain text (publishing.text), so titles and summaries are `type="text"`: a
feed reader shows `<script>` in a summary as those characters, never as markup. Addresses
start with the canonical origin (publishing.origin), whatever Host the request had. The page
cache stores the feed like a page (publishing.pagecache)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cards.models import Comparison
from legislation.models import Law
from publishing.origin import absolute_url

MAX_ITEMS = 30


def _at_midnight(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


class PlainTextAtom1Feed(Atom1Feed):
    """Django's Atom feed declares every summary `type="html"`; ours are plain text."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ChangesFeed(Feed):
    feed_type = PlainTextAtom1Feed

    def title(self):
        return _("Social security inquiry: what changed")

    def subtitle(self):
        return _("New and updated comparisons and laws.")

    def link(self):
        return absolute_url(reverse("home"))

    def feed_url(self):
        return absolute_url(reverse("findability:feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        comparisons = Comparison.objects.published().order_by("-updated_at")[:MAX_ITEMS]
        laws = Law.objects.published().order_by("-amended_on", "-adopted_on")[:MAX_ITEMS]
        items = [*comparisons, *laws]
        return sorted(items, key=self.item_updateddate, reverse=True)[:MAX_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "introduction", None) or getattr(item, "summary", "") or item.title

    def item_pubdate(self, item):
        if isinstance(item, Law):
            return _at_midnight(item.adopted_on)
        return _at_midnight(item.published_on)

    def item_updateddate(self, item):
        if isinstance(item, Law):
            return _at_midnight(item.amended_on or item.adopted_on)
        return item.updated_at
