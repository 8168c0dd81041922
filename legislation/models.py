"""Laws, their chapters and articles. Labels such as 第二条 / "Article 2" are derived from
numbers (legislation.numbering), never typed by editors."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from publishing.redirects import KeepsOldSlugs
from publishing.text import validate_web_url

from .numbering import MAX_ROMAN, article_label, chapter_label, is_chinese

# URLs accept at most four digits (see legislation.urls); keep stored numbers in that range.
MAX_NUMBER = 9999
number_validators = [MinValueValidator(1), MaxValueValidator(MAX_NUMBER)]


class LawQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(repealed_on__isnull=True)

    def with_article_count(self):
        return self.annotate(article_count=models.Count("articles"))

    def with_contents(self):
        """Chapters and articles for the law page, in two extra queries whatever the size."""
        return self.prefetch_related(
            "chapters", models.Prefetch("articles", queryset=Article.objects.order_by("number"))
        )


class Law(KeepsOldSlugs, models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=100)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    history = models.TextField(
        _("adoption and amendment notes"),
        blank=True,
        help_text=_("The notes printed under the title (题注), one per line."),
    )
    adopted_on = models.DateField(_("adopted on"))
    effective_on = models.DateField(_("in force from"))
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    source_url = models.URLField(_("official source"), blank=True, validators=[validate_web_url])

    objects = LawQuerySet.as_manager()

    class Meta:
        ordering = ("slug",)
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("legislation:law", kwargs={"slug": self.slug})

    @property
    def history_lines(self):
        return [line for line in self.history.splitlines() if line.strip()]

    def table_of_contents(self):
        """[(chapter or None, [articles])] in order, from the with_contents() prefetch.
        Articles outside any chapter (laws without chapters) come under None."""
        by_chapter = {}
        for article in self.articles.all():
            by_chapter.setdefault(article.chapter_id, []).append(article)
        contents = [(None, by_chapter.pop(None))] if None in by_chapter else []
        contents += [(chapter, by_chapter.get(chapter.pk, [])) for chapter in self.chapters.all()]
        return contents

    def cited_title(self):
        """The title as cited in running text: 《中华人民共和国社会保险法》 or the plain English."""
        if is_chinese(get_language()):
            return f"《{self.title}》"
        return self.title


class Chapter(models.Model):
    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("law")
    )
    # English labels chapters in Roman numerals, which stop at 3999.
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ROMAN)]
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ("law", "number")
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=("law", "number"),
                name="chapter_unique_number",
                violation_error_message=_("This law already has a chapter with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self):
        return chapter_label(self.number, get_language())

    @property
    def anchor(self):
        return f"chapter-{self.number}"


class ArticleQuerySet(models.QuerySet):
    def with_law(self):
        return self.select_related("law", "chapter")


class Article(models.Model):
    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="articles", verbose_name=_("law")
    )
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("chapter"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=number_validators)
    text = models.TextField(
        _("text"),
        help_text=_("Without the article label. Separate paragraphs (款) with a blank line."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("law", "number")
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=("law", "number"),
                name="article_unique_number",
                violation_error_message=_("This law already has an article with this number."),
            ),
        ]

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return reverse("legislation:article", kwargs={"slug": self.law.slug, "number": self.number})

    @property
    def label(self):
        return article_label(self.number, get_language())

    @property
    def anchor(self):
        return f"article-{self.number}"

    @property
    def paragraphs(self):
        return split_paragraphs(self.text)

    @property
    def citation(self):
        """《中华人民共和国社会保险法》第二条 / Article 2 of the Social Insurance Law of the …"""
        if is_chinese(get_language()):
            return f"{self.law.cited_title()}{self.label}"
        return f"{self.label} of the {self.law.title}"

    def get_previous(self):
        return self.law.articles.filter(number__lt=self.number).order_by("-number").first()

    def get_next(self):
        return self.law.articles.filter(number__gt=self.number).order_by("number").first()

    def clean(self):
        super().clean()
        if self.chapter_id and self.law_id and self.chapter.law_id != self.law_id:
            raise ValidationError({"chapter": _("This chapter belongs to another law.")})


def split_paragraphs(text):
    """Paragraphs (款) are separated by blank lines; editors' Windows line ends are tolerated."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))
    return [block.strip() for block in blocks if block.strip()]
