"""Card types and the comparisons between them.

A comparison lines up two or more card types (in an editor-chosen order) and says, point by
point, how they differ: each point has an aspect label, a one-line heading and one text per
compared card type. Its legal basis is a set of statute articles.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legislation.models import Article
from publishing.models import Publishable, PublishableQuerySet
from publishing.redirects import KeepsOldSlugs
from publishing.text import limited
from translations.typography import labelled


class CardType(KeepsOldSlugs, Publishable):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    summary = models.TextField(_("summary"), **limited())
    issuer = models.TextField(_("issuer"), blank=True, **limited())
    eligibility = models.TextField(_("who can get one"), blank=True, **limited())
    main_uses = models.TextField(_("main uses"), blank=True, **limited())
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("card type")
        verbose_name_plural = _("card types")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cards:card", kwargs={"slug": self.slug})


class ComparisonQuerySet(PublishableQuerySet):
    # published() and visible_to(user) come from publishing: the one way to ask for what
    # visitors may see.

    def with_card_types(self):
        return self.prefetch_related(
            models.Prefetch("compared", queryset=ComparedCard.objects.select_related("card_type"))
        )

    def with_content(self):
        """Everything the comparison page shows, in a fixed number of queries."""
        return self.prefetch_related(*content_lookups())


def content_lookups():
    """The prefetches of with_content(), also for one comparison already fetched
    (Comparison.load_content())."""
    return [
        models.Prefetch("compared", queryset=ComparedCard.objects.select_related("card_type")),
        models.Prefetch("points", queryset=ComparisonPoint.objects.prefetch_related("texts")),
        models.Prefetch(
            "legal_basis",
            queryset=Article.objects.with_law().order_by("law__slug", "number"),
        ),
    ]


class Comparison(KeepsOldSlugs, Publishable):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, **limited())
    note = models.TextField(
        _("note on where this holds"),
        blank=True,
        **limited(),
        help_text=_(
            "Shown under the comparison: where its points hold (for example that arrangements "
            "differ between cities) and what the legal basis does and does not cover."
        ),
    )
    card_types = models.ManyToManyField(
        CardType,
        through="ComparedCard",
        related_name="comparisons",
        verbose_name=_("card types compared"),
    )
    legal_basis = models.ManyToManyField(
        Article,
        through="LegalBasis",
        blank=True,
        related_name="comparisons",
        verbose_name=_("legal basis"),
        help_text=_("The statute articles this comparison relies on."),
    )
    published_on = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("The date shown to visitors as the publication date."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ("-published_on", "slug")
        get_latest_by = "published_on"
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cards:comparison", kwargs={"slug": self.slug})

    def load_content(self):
        """Prefetch what with_content() would have, for this comparison already fetched (the
        page does so only when its stored fragment does not hold the body)."""
        models.prefetch_related_objects([self], *content_lookups())
        return self

    def cited_articles(self, user=None):
        """The legal basis as `user` may read it (from the with_content() prefetch): staff see
        every article, visitors the public ones only, so no citation leads to a 404."""
        articles = list(self.legal_basis.all())
        if getattr(user, "is_staff", False):
            return articles
        now = timezone.now()
        return [article for article in articles if article.is_public(now)]

    def compared_card_types(self):
        """Card types in the editor's order (uses the prefetch from with_content())."""
        return [compared.card_type for compared in self.compared.all()]

    def rows(self):
        """One row per point: the point and its text for each compared card type, in column
        order (None where a text is missing). Built from prefetched data: no extra queries."""
        card_types = self.compared_card_types()
        rows = []
        for point in self.points.all():
            by_card = {text.card_type_id: text for text in point.texts.all()}
            rows.append((point, [(card, by_card.get(card.pk)) for card in card_types]))
        return rows


class ComparedCard(models.Model):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="compared", verbose_name=_("comparison")
    )
    card_type = models.ForeignKey(
        CardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("card type")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("compared card type")
        verbose_name_plural = _("compared card types")
        constraints = [
            models.UniqueConstraint(
                fields=("comparison", "card_type"),
                name="compared_card_unique",
                violation_error_message=_("This card type is already part of the comparison."),
            ),
        ]

    def __str__(self):
        return str(self.card_type)


class LegalBasis(models.Model):
    """One statute article a comparison cites. A model of its own (not Django's auto-created
    link) so that its rows have a name wherever they are listed (delete confirmations,
    history) and are followed in drafts like the compared card types. Its table is the one
    Django created for the many-to-many field, rows kept (migration 0004)."""

    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="citations", verbose_name=_("comparison")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="citations", verbose_name=_("article")
    )

    class Meta:
        db_table = "cards_comparison_legal_basis"
        unique_together = (("comparison", "article"),)  # as the auto-created table has it
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")

    def __str__(self):
        return str(self.article)


class ComparisonPoint(models.Model):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="points", verbose_name=_("comparison")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    aspect = models.CharField(
        _("aspect"), max_length=50, help_text=_("A short label, such as “Issuer”.")
    )
    heading = models.CharField(_("heading"), max_length=300)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("comparison point")
        verbose_name_plural = _("comparison points")

    def __str__(self):
        return labelled(self.aspect, self.heading)

    @property
    def anchor(self):
        return f"point-{self.pk}"


class PointText(models.Model):
    point = models.ForeignKey(
        ComparisonPoint, on_delete=models.CASCADE, related_name="texts", verbose_name=_("point")
    )
    card_type = models.ForeignKey(
        CardType, on_delete=models.CASCADE, related_name="+", verbose_name=_("card type")
    )
    text = models.TextField(_("text"), **limited())

    class Meta:
        verbose_name = _("point text")
        verbose_name_plural = _("point texts")
        constraints = [
            models.UniqueConstraint(
                fields=("point", "card_type"),
                name="point_text_unique",
                violation_error_message=_("This point already has a text for this card type."),
            ),
        ]

    def __str__(self):
        return f"{self.point} / {self.card_type}"
