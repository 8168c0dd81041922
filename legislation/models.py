"""Laws, their chapters and articles. Labels such as 第二条 / "Article 2" are derived from
numbers (legislation.numbering), never typed by editors."""

import copy
import functools
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable, PublishableQuerySet, public_q
from publishing.redirects import KeepsOldSlugs
from publishing.text import limited, validate_web_url
from translations import registry
from translations.conversion import in_script
from translations.typography import bracketed

from .numbering import (
    MAX_CHINESE,
    MAX_ROMAN,
    article_label,
    chapter_label,
    cited_paragraph,
    is_chinese,
    paragraph_label,
    section_label,
)
from .parsing import ARTICLE_MAX_LENGTH

# URLs accept at most four digits (see legislation.urls); keep stored numbers in that range.
MAX_NUMBER = 9999
number_validators = [MinValueValidator(1), MaxValueValidator(MAX_NUMBER)]


class ParagraphField(models.PositiveSmallIntegerField):
    """The number of a paragraph (款) of an article, cited or quoted: 1 for the first, as
    far as a label can be written (第九千九百九十九款); the form's input says so too."""

    default_validators = [MinValueValidator(1), MaxValueValidator(MAX_CHINESE)]

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": 1, "max_value": MAX_CHINESE, **kwargs})


def article_url(law_slug, number):
    """The article page's address. A law page links each of its (up to hundreds of)
    articles, and reverse() is the costliest part of each link: remember the answer per
    language, script prefix and URLconf, everything else reverse() depends on."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _article_url(urlconf, get_script_prefix(), get_language(), law_slug, number)


@functools.lru_cache(maxsize=4096)
def _article_url(urlconf, _prefix, _language, law_slug, number):
    return reverse(
        "legislation:article", kwargs={"slug": law_slug, "number": number}, urlconf=urlconf
    )


class LawQuerySet(PublishableQuerySet):
    # published() and visible_to(user) come from publishing. Chapters, sections and legal
    # versions are parts of the law: they follow its state and are versioned with it.

    def in_force(self):
        return self.filter(repealed_on__isnull=True)

    def with_article_count(self, public=True):
        """`article_count` on each law: the articles visitors see (all of them with
        public=False), counted by a subquery for the rows fetched only: a Count() join would
        group every article of every law before a page of laws is cut (30 ms more per list
        page with 50,000 articles on SQLite)."""
        return self.annotate(article_count=_count(_articles_of_law(public)))

    def with_translation_counts(self, public=True):
        """What Law.translation_counts reads: for each target language, how many of the
        law's articles (those visitors see, all with public=False) have their text in it.
        The laws page says which laws have a translation from this, not from a claim
        written once. A subquery per language, as with_article_count()."""
        annotations = {}
        for language in registry.target_languages():
            text = registry.column("text", language)
            articles = _articles_of_law(public).exclude(**{f"{text}__isnull": True})
            annotations[f"translated_{text}"] = _count(articles.exclude(**{text: ""}))
        return self.annotate(**annotations)

    def with_contents(self, articles=None):
        """Chapters, sections, articles (those of `articles`, default: the published ones) and
        versions (with the wordings they changed) for the law page, in a fixed number of extra
        queries whatever the size."""
        return self.prefetch_related(*contents_lookups(articles))


def contents_lookups(articles=None):
    """The prefetches of with_contents(), also for one law already fetched
    (Law.load_contents())."""
    articles = Article.objects.published() if articles is None else articles
    return [
        "chapters",
        models.Prefetch("sections", queryset=Section.objects.select_related("chapter")),
        models.Prefetch("articles", queryset=articles.order_by("number")),
        models.Prefetch(
            "versions",
            queryset=LawVersion.objects.prefetch_related(
                models.Prefetch(
                    "wordings", queryset=ArticleWording.objects.order_by("article__number")
                )
            ),
        ),
    ]


def _articles_of_law(public):
    articles = Article.objects.filter(law=models.OuterRef("pk"))
    return articles.filter(public_q()) if public else articles


def _count(articles):
    count = articles.order_by().values("law").annotate(count=models.Count("pk")).values("count")
    return Coalesce(models.Subquery(count), 0)


class Law(KeepsOldSlugs, Publishable):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=100)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, **limited())
    history = models.TextField(
        _("adoption and amendment notes"),
        blank=True,
        **limited(),
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

    def load_contents(self, articles=None):
        """Prefetch what with_contents(articles) would have, for this law already fetched (the
        law page does so only when its stored fragment does not hold the body)."""
        models.prefetch_related_objects([self], *contents_lookups(articles))
        return self

    def published_along(self):
        """A new law's articles go public with it (an imported law is one unit)."""
        articles = list(self.articles.filter(is_published=False, last_published_at__isnull=True))
        for article in articles:
            article.law = self  # str() cites the law
        return articles

    @property
    def translation_counts(self):
        """[(language name, articles with their text in it)] for each target language, from
        LawQuerySet.with_translation_counts()."""
        return [
            (
                registry.written_language_name(code),
                getattr(self, f"translated_{registry.column('text', code)}"),
            )
            for code in registry.target_languages()
        ]

    @property
    def history_lines(self):
        return [line for line in self.history.splitlines() if line.strip()]

    def table_of_contents(self, articles=None, *, empty_chapters=True):
        """[(chapter or None, [(section or None, [articles])])] in order, from the
        with_contents() prefetch. Articles outside any chapter (laws without chapters) come
        under None, and so do the articles of a chapter without sections. `articles` replaces
        the stored ones (the law as in force on a date). A section appears only with articles;
        with empty_chapters=False, so does a chapter (for visitors: a heading over articles
        they cannot see, none published yet, is left out)."""
        articles = self.articles.all() if articles is None else articles
        sections = {section.pk: section for section in self.sections.all()}
        by_chapter = {}
        for article in articles:
            groups = by_chapter.setdefault(article.chapter_id, {})
            groups.setdefault(article.section_id, []).append(article)
        contents = []
        if None in by_chapter:
            contents.append((None, list(by_chapter.pop(None).items())))
        for chapter in self.chapters.all():
            groups = by_chapter.get(chapter.pk, {})
            if groups or empty_chapters:
                groups = [(sections.get(pk), group) for pk, group in groups.items()]
                contents.append((chapter, groups))
        return contents

    def amendments(self):
        """[(version, [articles it changed] or None)] for each amendment, from the
        with_contents() prefetch: what each amendment changed, for the law page. None when no
        earlier version is recorded (an amendment shipped with its dates only): what it
        changed is then unknown, not "nothing"."""
        by_pk = {article.pk: article for article in self.articles.all()}
        versions = list(self.versions.all())
        return [
            (
                version,
                [by_pk[w.article_id] for w in version.wordings.all() if w.article_id in by_pk]
                if index
                else None,
            )
            for index, version in enumerate(versions)
            if version.kind == LawVersion.AMENDED
        ]

    def version_on(self, date):
        """The version in force on `date` (from the with_contents() prefetch), or None when
        the law has no recorded versions or was not yet in force."""
        in_force = [v for v in self.versions.all() if v.effective_on <= date]
        return in_force[-1] if in_force else None

    def not_yet_in_force_on(self, date):
        """Whether the law was not yet in force on `date`: before its recorded adoption
        version, else (no versions recorded, as for a newly imported law) before its own
        in-force date."""
        versions = list(self.versions.all())
        if versions and versions[0].kind == LawVersion.ADOPTED:
            return date < versions[0].effective_on
        return date < (self.effective_on or self.adopted_on)

    def articles_on(self, date):
        """The articles as in force on `date`: each article carries the wording of that day in
        .text (a copy of the stored article; the current text is never overwritten)."""
        version = self.version_on(date)
        if version is None:
            return list(self.articles.all())
        on_date, latest = {}, {}
        for v in self.versions.all():
            for wording in v.wordings.all():
                latest[wording.article_id] = wording
                if v.effective_on <= version.effective_on:
                    on_date[wording.article_id] = wording
        result = []
        for article in self.articles.all():
            wording = on_date.get(article.pk)
            if wording is None and article.pk in latest:
                continue  # enacted by a later amendment
            if wording is None or wording is latest[article.pk]:
                result.append(article)  # today's wording, in every language
            else:
                result.append(article.as_worded(wording))
        return result

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
        return in_script(chapter_label(self.number, get_language()), get_language())

    @property
    def anchor(self):
        return f"chapter-{self.number}"


class Section(models.Model):
    """A 节 within a chapter; numbering restarts in each chapter."""

    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="sections", verbose_name=_("law")
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="sections", verbose_name=_("chapter")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=number_validators)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ("chapter__number", "number")
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=("chapter", "number"),
                name="section_unique_number",
                violation_error_message=_("This chapter already has a section with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self):
        return in_script(section_label(self.number, get_language()), get_language())

    @property
    def anchor(self):
        return f"chapter-{self.chapter.number}-section-{self.number}"

    def clean(self):
        super().clean()
        if self.chapter_id and self.law_id and self.chapter.law_id != self.law_id:
            raise ValidationError({"chapter": _("This chapter belongs to another law.")})


class ArticleQuerySet(PublishableQuerySet):
    def published(self, now=None):
        """Published articles of published laws, each inside its publication window."""
        now = now or timezone.now()
        return self.filter(public_q(now=now), public_q("law__", now))

    def with_law(self):
        return self.select_related("law", "chapter", "section__chapter")

    def with_wordings(self):
        """The article's wordings per version, oldest first, in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "wordings",
                queryset=ArticleWording.objects.select_related("version").order_by(
                    "version__effective_on"
                ),
            )
        )


class Article(Publishable):
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
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=number_validators)
    text = models.TextField(
        _("text"),
        max_length=ARTICLE_MAX_LENGTH,  # a form refuses more; no statute comes near it
        validators=[MaxLengthValidator(ARTICLE_MAX_LENGTH)],  # full_clean() too
        help_text=_(
            "The text in force today, without the article label. Separate paragraphs (款) "
            "with a blank line."
        ),
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
        return article_url(self.law.slug, self.number)

    @property
    def label(self):
        return in_script(article_label(self.number, get_language()), get_language())

    def paragraph_label(self, paragraph):
        """第七十四条第四款 / Article 74(4); the article's label when `paragraph` is None."""
        paragraph = cited_paragraph(paragraph)  # out of range: the article's own label
        return in_script(paragraph_label(self.number, paragraph, get_language()), get_language())

    @property
    def anchor(self):
        return f"article-{self.number}"

    def is_public(self, now=None):
        """Published, and so is its law (load the law with with_law() to spare a query)."""
        now = now or timezone.now()
        return super().is_public(now) and self.law.is_public(now)

    def withheld_by(self, now=None):
        """The law, while it is not public (its published articles are not public either)."""
        return None if self.law.is_public(now) else self.law

    @property
    def paragraphs(self):
        return split_paragraphs(self.text)

    def numbered_paragraphs(self):
        """[(款 number or None, anchor, text)]: item lines （一）（二）… belong to the
        paragraph above them and get no 款 number (see number_paragraphs)."""
        return number_paragraphs(self.paragraphs, self.number)

    def on(self, date):
        """This article as in force on `date` (from the with_wordings() prefetch): itself
        when today's wording applies, a copy with the older wording, or None when the law
        did not yet contain it."""
        wordings = list(self.wordings.all())
        in_force = [w for w in wordings if w.version.effective_on <= date]
        if not wordings or (in_force and in_force[-1] is wordings[-1]):
            return self
        if not in_force:
            return None
        return self.as_worded(in_force[-1])

    def changes(self):
        """[(amendment, wording before, wording after)] from the with_wordings() prefetch;
        the latest wording is the article itself (today's text, in every language)."""
        wordings = list(self.wordings.all())
        steps = []
        for i in range(1, len(wordings)):
            after = self if i == len(wordings) - 1 else wordings[i]
            steps.append((wordings[i].version, wordings[i - 1], after))
        return steps

    def as_worded(self, wording):
        """A copy of this article carrying `wording`'s text in every language (for the law as
        on a date). copy.copy() is Django's own copy of an instance: the related objects it
        has loaded (its law, chapter, section) come along, so the copy needs no query."""
        worded = copy.copy(self)
        for code in registry.languages():
            name = registry.column("text", code)
            setattr(worded, name, getattr(wording, name))
        worded.wording = wording
        return worded

    @property
    def heading(self):
        """社会保险法第二条 / Social Insurance Law, Article 2."""
        if is_chinese(get_language()):
            return f"{self.law.short_title}{self.label}"
        return f"{self.law.short_title}, {self.label}"

    @property
    def citation(self):
        """《中华人民共和国社会保险法》第二条 / Article 2 of the Social Insurance Law of the …"""
        return self.cited_with(self.law.cited_title())

    def citation_of(self, paragraph):
        """The citation of one paragraph (款) of this article: 《…》第七十四条第四款 /
        Article 74(4) of the …; the article's citation when `paragraph` is None."""
        return self.cited_with(self.law.cited_title(), paragraph)

    def cited_with(self, title, paragraph=None):
        """The citation around `title`, the law's title as cited (of paragraph `paragraph`
        when given); safe HTML if `title` is (statutes.citation marks a fallback title with
        its language)."""
        text = "{}{}" if is_chinese(get_language()) else "{1} of the {0}"
        label = self.paragraph_label(paragraph)
        if isinstance(title, SafeData):
            return format_html(text, title, label)
        return text.format(title, label)

    def get_previous(self, articles=None):
        """The article before this one among `articles` (default: the published ones)."""
        return self._neighbour(articles, "-number", number__lt=self.number)

    def get_next(self, articles=None):
        return self._neighbour(articles, "number", number__gt=self.number)

    def _neighbour(self, articles, order, **lookup):
        articles = Article.objects.published() if articles is None else articles
        found = articles.filter(law=self.law_id, **lookup).order_by(order).first()
        if found is not None:
            found.law = self.law  # its address names the law: no query for it
        return found

    def clean(self):
        super().clean()
        if self.chapter_id and self.law_id and self.chapter.law_id != self.law_id:
            raise ValidationError({"chapter": _("This chapter belongs to another law.")})
        if self.section_id and self.chapter_id and self.section.chapter_id != self.chapter_id:
            raise ValidationError({"section": _("This section belongs to another chapter.")})


class LawVersion(models.Model):
    """What the law said from a date on: its adoption, then each amendment. A legal fact,
    unrelated to editorial drafts (an edit not yet published)."""

    ADOPTED = "adopted"
    AMENDED = "amended"
    KINDS = [(ADOPTED, _("adopted")), (AMENDED, _("amended"))]

    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="versions", verbose_name=_("law")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=AMENDED)
    enacted_on = models.DateField(
        _("adopted or amended on"), help_text=_("The date of the adopting or amending decision.")
    )
    effective_on = models.DateField(_("in force from"))

    class Meta:
        ordering = ("law", "effective_on", "enacted_on")
        get_latest_by = "effective_on"
        verbose_name = _("law version")
        verbose_name_plural = _("law versions")
        constraints = [
            models.UniqueConstraint(
                fields=("law", "enacted_on"),
                name="law_version_unique_date",
                violation_error_message=_("This law already has a version of this date."),
            ),
        ]

    def __str__(self):
        return f"{self.law}{bracketed(f'{self.get_kind_display()} {self.enacted_on:%Y-%m-%d}')}"


class ArticleWording(models.Model):
    """An article's wording from a version of its law on, until a later version rewords it.
    Only versions that change the article have a row; Article.text is today's wording."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="wordings", verbose_name=_("article")
    )
    version = models.ForeignKey(
        LawVersion, on_delete=models.CASCADE, related_name="wordings", verbose_name=_("version")
    )
    text = models.TextField(
        _("text"),
        max_length=ARTICLE_MAX_LENGTH,
        validators=[MaxLengthValidator(ARTICLE_MAX_LENGTH)],
    )

    class Meta:
        ordering = ("article", "version__effective_on")
        verbose_name = _("article wording")
        verbose_name_plural = _("article wordings")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "version"),
                name="article_wording_unique_version",
                violation_error_message=_("This article already has a wording in this version."),
            ),
        ]

    def __str__(self):
        return f"{self.article}{bracketed(f'{self.version.enacted_on:%Y-%m-%d}')}"

    @property
    def paragraphs(self):
        return split_paragraphs(self.text)


# An item (项) line: （一） in Chinese, (1) in English; it belongs to the paragraph (款) above.
ITEM_RE = re.compile(r"^[（(](?:[一二三四五六七八九十]+|\d{1,2})[)）]")


def number_paragraphs(paragraphs, article_number):
    """[(款 number or None, anchor, text)]: every paragraph (款) is numbered and anchored
    article-N-k; an item (项) line gets no 款 number and the anchor article-N-k-i (its number
    within its paragraph). The same in every language, so #article-30-2 is the second 款 of
    Article 30 in Chinese, English and the parallel view alike."""
    numbered, number, item = [], 0, 0
    for text in paragraphs:
        if ITEM_RE.match(text) and number:
            item += 1
            numbered.append((None, f"article-{article_number}-{number}-{item}", text))
        else:
            number, item = number + 1, 0
            numbered.append((number, f"article-{article_number}-{number}", text))
    return numbered


def paragraph_items(text):
    """How many items (项) each paragraph (款) of an article's text has: [0, 5, 0] for three
    paragraphs, the second with five items. Its length is the number of paragraphs."""
    counts = []
    for number, _anchor, _text in number_paragraphs(split_paragraphs(text), 0):
        if number is None:
            counts[-1] += 1
        else:
            counts.append(0)
    return counts


def split_paragraphs(text):
    """Paragraphs (款) are separated by blank lines; editors' Windows line ends are tolerated."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))
    return [block.strip() for block in blocks if block.strip()]


class CitationReview(models.Model):
    """The wording of a cited article that an object citing it (a comparison, a guide task:
    any kind whose `refers_to` reaches articles, legislation.review) was last checked against.

    A row is written only when it matters: just before a cited article's text changes (the
    wording the object was written against is kept), and when an editor marks the object
    reviewed. `amended_on` is set while the current wording differs from the reviewed one;
    it is what the review list and the public notice look for."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveIntegerField(_("object id"))
    citing = GenericForeignKey("content_type", "object_id")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("article")
    )
    # {language code: the article's text in that language as reviewed}: languages as data.
    reviewed_text = models.JSONField(_("reviewed wording"), default=dict)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    amended_on = models.DateField(_("amended on"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("-amended_on", "content_type", "object_id", "article")
        verbose_name = _("legal basis change")
        verbose_name_plural = _("legal basis changed")
        constraints = [
            models.UniqueConstraint(
                fields=("content_type", "object_id", "article"), name="citation_review_unique"
            ),
        ]

    def __str__(self):
        return str(self.article)
