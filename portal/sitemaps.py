"""sitemap.xml with hreflang alternates for every language (Django's i18n sitemaps).

`/sitemap.xml` is an index of one sitemap per kind of content (`/sitemap-articles.xml`…),
each split into pages (`?p=2`) of at most LIMIT addresses: the protocol allows 50,000 per
file, and a large data set (100 laws of 500 articles) has more than that. A page is read
from the database a page at a time (LIMIT/OFFSET), not by loading every object first as
Django's i18n sitemaps do, so each file costs the same whatever the amount of content.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Page, Paginator
from django.db.models import Max
from django.urls import reverse

from publishing import registry
from publishing.origin import CanonicalSite
from translations.i18n import language_tag


class LanguagePairPaginator(Paginator):
    """Pages of (object, language) pairs, the items Django's i18n sitemaps iterate over,
    from pages of objects: `per_page` objects give `per_page` × languages addresses. Only
    the page's slice of objects is read (LIMIT/OFFSET)."""

    def __init__(self, object_list, per_page, languages):
        super().__init__(object_list, per_page)
        self.languages = languages

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        objects = self.object_list[bottom : bottom + self.per_page]
        pairs = [(item, code) for item in objects for code in self.languages]
        return Page(pairs, number, self)


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # objects a file: 3,000 addresses in three languages, about 1.5 MB of XML

    def get_urls(self, page=1, site=None, protocol=None):
        # The canonical origin, not the request's Host (publishing.origin).
        origin = CanonicalSite()
        urls = super().get_urls(page, site=origin, protocol=origin.protocol)
        for url in urls:  # hreflang as BCP 47 spells it: zh-Hans, zh-Hant (x-default stays)
            for alternate in url.get("alternates", ()):
                if alternate["lang_code"] != "x-default":
                    alternate["lang_code"] = language_tag(alternate["lang_code"])
        return urls

    @property
    def paginator(self):
        return LanguagePairPaginator(self.items(), self.limit, self._languages())


class HomeSitemap(I18nSitemap):
    def items(self):
        return ["home", "guide:index", "questions:index", "legislation:law-list"]

    def location(self, item):
        return reverse(item)


class KindSitemap(I18nSitemap):
    """The public objects of one kind (publishing.registry), by the kind's one rule."""

    kind = None

    def items(self):
        return self.kind.public_queryset()

    def lastmod(self, obj):
        return obj.last_published_at

    def get_latest_lastmod(self):
        """For the index: one aggregate query instead of reading every object."""
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


def build_sitemaps():
    """{section: Sitemap class}: the home pages, then one section per kind with a `sitemap`
    (publishing.registry). Called by the URLconf, which loads after every app's ready()."""
    sections = {"home": HomeSitemap}
    for kind in registry.kinds():
        if kind.sitemap:
            name = f"{kind.model.__name__}Sitemap"
            sections[kind.sitemap] = type(name, (KindSitemap,), {"kind": kind})
    return sections
