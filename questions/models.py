"""Questions and answers: "Can I check my own contribution record?", answered in a sentence or
two, then in ordered blocks (paragraphs, numbered points, steps, a small table, a quotation of
a statute article or one of its paragraphs), with the articles it rests on as its legal basis.

A quotation names its article (and paragraph, 款) and shows that article's text as stored:
never pasted text, so an amended article is quoted in its new wording everywhere.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cards.models import Comparison
from legislation.models import Article, ParagraphField
from legislation.numbering import cited_paragraph
from publishing.models import Publishable, PublishableQuerySet
from publishing.redirects import KeepsOldSlugs
from translations import registry


class Topic(KeepsOldSlugs, models.Model):
    """What questions are listed under (养老, 医疗, 工伤…): kept by editors."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("questions:topic", kwargs={"topic": self.slug})


class QuestionQuerySet(PublishableQuerySet):
    # published() and visible_to(user) come from publishing.

    def with_topics(self):
        return self.prefetch_related("topics")

    def with_content(self):
        """Everything the question page shows, in a fixed number of queries."""
        return self.with_topics().prefetch_related(
            models.Prefetch(
                "blocks", queryset=QuestionBlock.objects.select_related("article__law")
            ),
            models.Prefetch(
                "citations",
                queryset=QuestionLegalBasis.objects.select_related("article__law").order_by(
                    "article__law__slug", "article__number", "paragraph"
                ),
            ),
            "related_questions",
            "related_comparisons",
        )


class Question(KeepsOldSlugs, Publishable):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    question = models.CharField(
        _("question"), max_length=200, help_text=_("As a reader would ask it.")
    )
    short_answer = models.TextField(
        _("short answer"),
        max_length=600,
        help_text=_(
            "One or two sentences, shown first and used as the page's description. Say only "
            "what the cited articles say."
        ),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="questions", verbose_name=_("topics")
    )
    legal_basis = models.ManyToManyField(
        Article,
        through="QuestionLegalBasis",
        blank=True,
        related_name="questions",
        verbose_name=_("legal basis"),
        help_text=_("The statute articles this answer relies on."),
    )
    related_questions = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="+", verbose_name=_("related questions")
    )
    related_comparisons = models.ManyToManyField(
        Comparison, blank=True, related_name="+", verbose_name=_("related comparisons")
    )
    published_on = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("The date shown to visitors as the publication date."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ("-published_on", "slug")
        get_latest_by = "published_on"
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("questions:question", kwargs={"slug": self.slug})

    def cited(self, user=None):
        """The legal basis rows as `user` may read them (from the with_content() prefetch):
        staff see every article, visitors the public ones only, so no citation leads to a 404."""
        citations = list(self.citations.all())
        if getattr(user, "is_staff", False):
            return citations
        now = timezone.now()
        return [citation for citation in citations if citation.article.is_public(now)]

    def cited_articles(self, user=None):
        return [citation.article for citation in self.cited(user)]

    def shown_blocks(self, user=None):
        """The body, leaving out a quotation of an article a visitor cannot read, and one
        stored without its article (older data: a repair once cut it), which quotes nothing."""
        staff = getattr(user, "is_staff", False)
        now = timezone.now()
        return [
            block
            for block in self.blocks.all()
            if (block.article_id is None and block.type != QuestionBlock.Type.QUOTE)
            or (block.article_id is not None and (staff or block.article.is_public(now)))
        ]

    def public_related_questions(self, user=None):
        staff = getattr(user, "is_staff", False)
        return [q for q in self.related_questions.all() if staff or q.is_public()]

    def public_related_comparisons(self, user=None):
        staff = getattr(user, "is_staff", False)
        return [c for c in self.related_comparisons.all() if staff or c.is_public()]


def paragraph_of(article, paragraph):
    """[(anchor, text)] of paragraph (款) `paragraph` of `article` with its items (项), in the
    active language; the whole article when `paragraph` is None; [] when it has no such one."""
    rows = article.numbered_paragraphs()
    paragraph = cited_paragraph(paragraph)  # one out of range (stored by hand): the article
    if paragraph is None:
        return [(anchor, text) for _number, anchor, text in rows]
    own = f"article-{article.number}-{paragraph}"
    return [(a, text) for _n, a, text in rows if a == own or a.startswith(f"{own}-")]


def check_paragraph(article, paragraph, field="paragraph"):
    # A number out of range is the field's own error (ParagraphField's validators).
    paragraph = cited_paragraph(paragraph)
    if article is not None and paragraph and not paragraph_of(article, paragraph):
        raise ValidationError(
            {field: _("This article has no paragraph %(number)s.") % {"number": paragraph}}
        )


class QuestionLegalBasis(models.Model):
    """One statute article (or one of its paragraphs) a question cites, as a comparison's
    legal basis (cards.LegalBasis) does."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="citations", verbose_name=_("question")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="question_citations",
        verbose_name=_("article"),
    )
    paragraph = ParagraphField(
        _("paragraph (款)"),
        null=True,
        blank=True,
        help_text=_("Optional: cite only this paragraph (1 for the first)."),
    )

    class Meta:
        unique_together = (("question", "article"),)
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")

    def __str__(self):
        return str(self.article)

    def get_absolute_url(self):
        return self.article.get_absolute_url() + self.anchor

    def clean(self):
        super().clean()
        check_paragraph(self.article if self.article_id else None, self.paragraph)

    @property
    def cited_paragraph(self):
        """The paragraph cited, None for the whole article (also for a number out of range,
        stored before the field's validators or by hand: shown as the whole article)."""
        return cited_paragraph(self.paragraph)

    @property
    def anchor(self):
        paragraph = self.cited_paragraph
        return f"#article-{self.article.number}-{paragraph}" if paragraph else ""

    def quoted(self):
        return paragraph_of(self.article, self.paragraph)


class QuestionBlock(models.Model):
    """One block of an answer's body, in order. A quotation names an article (and paragraph)
    and has no text of its own; every other block has text and names no article."""

    class Type(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        POINTS = "points", _("Numbered points")
        STEPS = "steps", _("Steps")
        TABLE = "table", _("Small table")
        QUOTE = "quote", _("Quotation of an article")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    type = models.CharField(_("type"), max_length=20, choices=Type, default=Type.PARAGRAPH)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraph: blank lines separate paragraphs. Points and steps: one per line. "
            "Table: one row per line, cells separated by “|”, the first row the heading. "
            "Empty for a quotation."
        ),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted article"),
        help_text=_("A quotation only: its text is the article's, as stored."),
    )
    paragraph = ParagraphField(
        _("paragraph (款)"),
        null=True,
        blank=True,
        help_text=_("Optional: quote only this paragraph (1 for the first)."),
    )

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("answer block")
        verbose_name_plural = _("answer blocks")

    def __str__(self):
        if self.type == self.Type.QUOTE and self.article_id:
            return _("%(type)s: %(article)s") % {
                "type": self.get_type_display(),
                "article": self.article,
            }
        return f"{self.get_type_display()} {self.position}"

    # A "small table": what a phone shows without a second page of it (README, For editors).
    TABLE_MAX_COLUMNS = 8
    TABLE_MAX_ROWS = 50  # under the heading

    def clean(self):
        super().clean()
        texts = self.texts()
        if self.type == self.Type.QUOTE:
            errors = {}
            if not self.article_id:
                errors["article"] = _("Choose the article to quote.")
            for column in (column for column, text in texts.items() if text.strip()):
                errors[column] = _("A quotation shows the article's own text: leave this empty.")
            if errors:
                raise ValidationError(errors)
            check_paragraph(self.article, self.paragraph)
            return
        if self.article_id or self.paragraph:
            raise ValidationError({"article": _("Only a quotation names an article.")})
        source = registry.source_column("text")
        errors = {}
        if not texts.get(source, "").strip():
            errors[source] = self.EMPTY[self.type]
        for column, text in texts.items():
            if text.strip() and self.type == self.Type.TABLE:
                problems = table_problems(
                    split_lines(text), self.TABLE_MAX_COLUMNS, self.TABLE_MAX_ROWS
                )
                if problems:
                    errors[column] = problems
        if errors:
            raise ValidationError(errors)

    EMPTY = {
        Type.PARAGRAPH: _("Enter the text of this block."),
        Type.POINTS: _("Enter at least one point, one per line."),
        Type.STEPS: _("Enter at least one step, one per line."),
        Type.TABLE: _(
            "Enter a heading row and at least one row under the heading, cells separated by “|”."
        ),
    }

    def texts(self):
        """{column: text} of the block's text in every language (text_zh_hans, text_en…)."""
        return {
            registry.column("text", language): getattr(self, registry.column("text", language))
            or ""
            for language in registry.languages()
        }

    @property
    def lines(self):
        return split_lines(self.text)

    @property
    def paragraphs(self):
        return [part.strip() for part in (self.text or "").split("\n\n") if part.strip()]

    @property
    def table(self):
        """(heading cells, [row cells]) of a table block."""
        rows = table_rows(self.lines)
        return (rows[0], rows[1:]) if rows else ([], [])

    @property
    def cited_paragraph(self):
        """The paragraph cited, None for the whole article (also for a number out of range,
        stored before the field's validators or by hand: shown as the whole article)."""
        return cited_paragraph(self.paragraph)

    @property
    def anchor(self):
        paragraph = self.cited_paragraph
        return f"#article-{self.article.number}-{paragraph}" if paragraph else ""

    def quoted(self):
        return paragraph_of(self.article, self.paragraph) if self.article_id else []


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def table_rows(lines):
    return [[cell.strip() for cell in line.split("|")] for line in lines]


def table_problems(lines, max_columns, max_rows):
    """What makes `lines` no sensible small table: [message], empty when it is one. Rows are
    counted with the heading as row 1, as an editor counts the lines."""
    rows = table_rows(lines)
    heading = len(rows[0])
    if len(rows) < 2:
        return [_("A table needs at least one row under the heading, cells separated by “|”.")]
    problems = []
    if heading > max_columns:
        problems.append(
            _("A small table has at most %(max)s columns; this one has %(count)s.")
            % {"max": max_columns, "count": heading}
        )
    if len(rows) - 1 > max_rows:
        problems.append(
            _("A small table has at most %(max)s rows under the heading; this one has %(count)s.")
            % {"max": max_rows, "count": len(rows) - 1}
        )
    uneven = [(n, len(row)) for n, row in enumerate(rows, start=1) if len(row) != heading]
    for number, cells in uneven[:3]:
        problems.append(
            ngettext_lazy(
                "Row %(row)s has %(cells)s cell but the heading has %(heading)s: give every "
                "row as many cells as the heading (“|” between cells, even around an empty one).",
                "Row %(row)s has %(cells)s cells but the heading has %(heading)s: give every "
                "row as many cells as the heading (“|” between cells, even around an empty one).",
                "cells",
            )
            % {"row": number, "cells": cells, "heading": heading}
        )
    if len(uneven) > 3:
        problems.append(
            _("%(count)s more rows have another number of cells than the heading.")
            % {"count": len(uneven) - 3}
        )
    return problems
