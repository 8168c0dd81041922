"""An Atom feed per language of what changed: comparisons (published or updated) and laws
(adopted or amended). /zh-hans/feed.atom, /en/feed.atom.

Editors write plain text (publishing.text), so titles and summaries are `type="text"`: a
feed reader shows `<script>` in a summary as those characters, never as markup. Addresses
start with the canonical origin (publishing.origin), whatever Host the request had. The page
cache stores the feed like a page (publishing.pagecache)."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from publishing import registry
from publishing.origin import absolute_url
from translations.typography import as_description

MAX_ITEMS = 30


def _as_time(value):
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


def _first(obj, names):
    return next((value for name in names if (value := getattr(obj, name, None))), None)


# What XML 1.0 forbids (and Django's XML writer refuses with an error): stripped, should an
# old row or a write past every check (QuerySet.update) hold one; editors' text is stored
# without them (publishing.text).
XML_FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value):
    return XML_FORBIDDEN_RE.sub("", value) if isinstance(value, str) else value


class PlainTextAtom1Feed(Atom1Feed):
    """Django's Atom feed declares every summary `type="html"`; ours are plain text. Its text
    never holds what XML 1.0 forbids: a feed is written whatever an item's text holds."""

    def add_item(self, *args, **kwargs):
        args = [_xml_safe(value) for value in args]
        kwargs = {name: _xml_safe(value) for name, value in kwargs.items()}
        super().add_item(*args, **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ChangesFeed(Feed):
    """The newest of every kind with a `feed` (publishing.registry), by the kind's one rule."""

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
        items = [
            item
            for kind in registry.kinds()
            if kind.feed
            for item in kind.public_queryset().order_by(*kind.feed)[:MAX_ITEMS]
        ]
        return sorted(items, key=self.item_updateddate, reverse=True)[:MAX_ITEMS]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        # A summary that ends in the colon leading into a table would stop mid-sentence.
        return as_description(_first(item, registry.for_model(type(item)).description)) or str(item)

    def item_pubdate(self, item):
        return _as_time(getattr(item, registry.for_model(type(item)).dates[0]))

    def item_updateddate(self, item):
        return _as_time(_first(item, registry.for_model(type(item)).dates[1:]))
