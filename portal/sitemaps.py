"""sitemap.xml with hreflang alternates for both languages (Django's i18n sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cards.models import CardType, Comparison
from legislation.models import Article, Law


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(I18nSitemap):
    def items(self):
        return ["home", "guide:index", "legislation:law-list"]

    def location(self, item):
        return reverse(item)


class ComparisonSitemap(I18nSitemap):
    def items(self):
        return Comparison.objects.published()

    def lastmod(self, obj):
        return obj.last_published_at


class CardTypeSitemap(I18nSitemap):
    def items(self):
        return CardType.objects.published()

    def lastmod(self, obj):
        return obj.last_published_at


class LawSitemap(I18nSitemap):
    def items(self):
        return Law.objects.published()

    def lastmod(self, obj):
        return obj.last_published_at


class ArticleSitemap(I18nSitemap):
    def items(self):
        return Article.objects.published().with_law()

    def lastmod(self, obj):
        return obj.last_published_at


sitemaps = {
    "home": HomeSitemap,
    "comparisons": ComparisonSitemap,
    "cards": CardTypeSitemap,
    "laws": LawSitemap,
    "articles": ArticleSitemap,
}
