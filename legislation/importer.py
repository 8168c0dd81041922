"""Import a law's full text as published: one service for the import_law command, the admin's
upload form and the seed loader.

The text is parsed strictly (legislation.parsing); any problem refuses the whole file with its
line numbers and nothing is written. A good file is applied in one transaction, in its own
language's columns only, and only where something differs, so importing the same file again
changes no row. With a version date the text is also recorded as the law's wording from that
version on (ArticleWording rows only where the wording changed); a version older than the
latest leaves today's text alone. A translation with a version date is of the Chinese version
in force then (translated_wording()).

Drafts and publication. A NEW law is created unpublished, a draft that an editor reviews and
publishes (its articles go public with it), unless `publish` is given (`import_law --publish`).
Re-importing the text of a live law applies to the live rows at once, and each law and article
it changed gets a history version of kind "imported" (who, when: the history's compare and
revert work on it). Why not a draft: the import is already an explicit, previewed and
confirmed editorial act on an official text; it spans the law and any number of articles,
each with a draft of its own, which would have to be published one by one for the law to be
consistent again (an amendment's new wording live in some articles and not in others); and a
law's drafts cannot hold the articles' rows. New articles of a live law are published with it.
The preview lists the law and articles that have a draft made before the import: publishing
such a draft as it is would undo the import's change to it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from publishing import services
from publishing.content import rows_changed
from publishing.models import RevisionKind
from publishing.text import NONCHARACTER_RE, strip_noncharacters
from translations.i18n import SOURCE_LANGUAGE
from translations.registry import column, languages
from translations.tracking import sync as sync_translation_status

from .models import Article, ArticleWording, Chapter, Law, LawVersion, Section
from .parsing import ParseError, Problem, parse_law_text
from .review import wording_changing

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
ACTION_LABELS = {CREATED: _("created"), UPDATED: _("updated"), DELETED: _("deleted")}


class LawImportError(Exception):
    """The file was refused; `problems` is [Problem] (each unpacks as (line, message))."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def refuse(template, lineno=None, **params):
    raise LawImportError([Problem(lineno, template, params)])


@dataclass
class FieldChange:
    """One field's old and new value, labelled for the preview."""

    name: str  # title_zh_hans
    label: str  # the field's verbose name (translated when shown): 标题 [zh-hans]
    old: object
    new: object

    def excerpts(self, width=120):
        """(old, new) shortened to `width` characters around where they first differ, so that
        a change at the end of a long text shows in the preview."""
        return around_difference(self.old, self.new, width)

    @property
    def old_excerpt(self):
        return self.excerpts()[0]

    @property
    def new_excerpt(self):
        return self.excerpts()[1]


def around_difference(old, new, width=120):
    """Both values as single-line text, each cut to `width` characters (… marking a cut) in
    a window that starts a little before their first differing character."""
    old, new = (("" if v is None else str(v)).replace("\n", " ") for v in (old, new))
    first = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    start = max(0, first - width // 4)

    def window(text):
        if len(text) <= width and start == 0:
            return text
        cut = text[start : start + width]
        return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")

    return window(old), window(new)


@dataclass
class Change:
    action: str  # created, updated, deleted
    model: type  # the model class
    label: str  # what changed, e.g. "article 64"
    fields: list = field(default_factory=list)
    owner: object = None  # the law or article whose history the changed row belongs to
    values: list = field(default_factory=list)  # [FieldChange] of an update

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def model_name(self):
        return self.model._meta.verbose_name

    @property
    def field_labels(self):
        """The changed fields as the admin labels them (「正文（English）」), not their names."""
        return [capfirst(self.model._meta.get_field(name).verbose_name) for name in self.fields]


@dataclass
class ImportResult:
    law: Law
    language: str
    dry_run: bool
    changes: list = field(default_factory=list)
    normalisations: list = field(default_factory=list)
    version: LawVersion | None = None
    kept: list = field(default_factory=list)  # changes not made (keep_edited): [Change]
    drafted: list = field(default_factory=list)  # changed objects with an older draft
    published: bool = False  # the law was (or, in a dry run, would be) published by it
    warnings: list = field(default_factory=list)  # [Problem]: accepted, but check these
    # The version whose wording the file repeats, article for article, when it came with a new
    # version date: no (empty) amendment was recorded for that date.
    same_as: LawVersion | None = None
    same_as_latest: bool = False  # ... and that version is the law's current one

    @property
    def rows_changed(self):
        return len(self.changes)

    def count(self, action):
        return sum(change.action == action for change in self.changes)

    def record(self, action, obj, fields=(), values=()):
        self.changes.append(
            Change(action, type(obj), describe(obj), list(fields), owner(obj), list(values))
        )

    def warn(self, template, lineno=None, **params):
        self.warnings.append(Problem(lineno, template, params))

    def owners(self):
        """The laws and articles whose rows changed (each once, the law first)."""
        found = {}
        for change in self.changes:
            if change.owner is not None:
                found.setdefault((type(change.owner), change.owner.pk), change.owner)
        return sorted(found.values(), key=lambda obj: isinstance(obj, Article))


def drafted(objs):
    """Names of the laws and articles among `objs` that have a draft (two queries)."""
    laws = [obj for obj in objs if isinstance(obj, Law) and services.draft_of(obj) is not None]
    articles = Article.objects.filter(pk__in=[obj.pk for obj in objs if isinstance(obj, Article)])
    return [str(obj) for obj in [*laws, *services.having_drafts(articles.select_related("law"))]]


def owner(obj):
    """The publishable object whose drafts and history hold `obj`: its law or its article."""
    if isinstance(obj, Law | Article):
        return obj
    if isinstance(obj, ArticleWording):
        return obj.article
    return obj.law  # a chapter, a section, a legal version


def describe(obj):
    """What a change touched, labelled in the active language: 第六十四条 / Article 64."""
    if isinstance(obj, Article | Chapter):
        return obj.label
    if isinstance(obj, Section):
        return f"{obj.chapter.label} {obj.label}"
    if isinstance(obj, ArticleWording):
        return f"{obj.article.label} ({obj.version.enacted_on:%Y-%m-%d})"
    if isinstance(obj, LawVersion):
        return f"{obj.enacted_on:%Y-%m-%d}"
    return obj.slug if isinstance(obj, Law) else str(obj)


def import_law(
    text,
    *,
    slug,
    language,
    version_date=None,
    effective_on=None,
    dry_run=False,
    keep_edited=False,
    publish=False,
    rename=False,
    user=None,
    history=RevisionKind.Kind.IMPORTED,
):
    """Parse `text` (a law as published, in `language`) and apply it to the law `slug`.
    Returns an ImportResult; raises LawImportError when the file is refused.

    The file's title line must be the law's title in that language (an empty translated
    title is filled in): a text of another law, or one missing its title line, is refused
    unless `rename` says the law is being renamed. effective_on: when the law (or, with
    version_date, that version) came into force; it wins over the date the text names
    (本法自…起施行), which wins over the adoption date.

    keep_edited (the seed loader's default) fills in what is missing or empty but keeps every
    non-empty value that differs from the file, listing it in result.kept. publish: publish
    the law (and its articles) if it is not yet. history: the kind of history version recorded
    for each law and article changed, by `user` (None: none recorded)."""
    if language not in dict(settings.LANGUAGES):
        refuse("unknown language {language}", language=language)
    try:  # as the admin form does: a slug the URLs cannot reverse breaks every page listing it
        validate_slug(slug)
    except ValidationError:
        refuse(
            "{slug} is not a valid slug (letters, digits, hyphens and underscores only)",
            slug=slug,
        )
    size, limit = len(text.encode("utf-8")), settings.LAW_IMPORT_MAX_BYTES
    if size > limit:
        refuse("the text is {size} bytes, more than the limit of {limit}", size=size, limit=limit)
    # Its writes are bulk: the models' own normalisation (publishing.text) does not run. The
    # parser refuses control characters; noncharacters are dropped as a model's save drops them,
    # and said where (a warning per line).
    stripped = noncharacters_by_line(text)
    text = strip_noncharacters(text)
    try:
        parsed = parse_law_text(text, language)
    except ParseError as error:
        raise LawImportError(error.problems) from None
    with transaction.atomic():
        importer = _Importer(parsed, slug, language, dry_run, keep_edited, rename)
        importer.run(version_date, effective_on)
        warn_stripped(importer.result, parsed, stripped)
        # Bulk writes send no post_save: bring the translation status in line (a changed
        # Chinese text outdates its translations; an imported translation is up to date).
        sync_translation_status(importer.bulk_written)
        result = importer.result
        changed = result.owners()
        result.drafted = drafted(changed)
        if history is not None and not dry_run:
            for obj in changed:
                services.record(obj, user=user, kind=history)
        if publish and not result.law.is_published:
            result.published = True  # would be, in a dry run
            if not dry_run:
                services.publish(result.law, user=user)
        if dry_run:
            transaction.set_rollback(True)
        elif result.changes:
            # Bulk writes send no signal: bump the tags of what they wrote (the law, its
            # articles, what cites them, the lists of their kinds), not the whole site.
            law = result.law
            rows_changed(
                law,
                (Article, Article.objects.filter(law=law).values_list("pk", flat=True)),
                *importer.bulk_written,
            )
    return result


def noncharacters_by_line(text):
    """{line number: [noncharacter, …]} of `text`, its lines counted as the parser counts them
    (CRLF and CR read as LF)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return {
        lineno: found
        for lineno, line in enumerate(lines, start=1)
        if (found := NONCHARACTER_RE.findall(line))
    }


def warn_stripped(result, parsed, stripped):
    """A warning per line that had noncharacters: how many were removed, which, and the
    article whose text the line is (none for the title, the 题注 or a heading)."""
    headings = sorted(
        [(c.lineno, None) for c in parsed.chapters]
        + [(s.lineno, None) for s in parsed.sections]
        + [(a.lineno, a.number) for a in parsed.articles]
    )
    for lineno, found in stripped.items():
        article = next((n for at, n in reversed(headings) if at <= lineno), None)
        params = {
            "count": len(found),
            "codes": list(dict.fromkeys(f"U+{ord(c):04X}" for c in found)),
        }
        if article is None:
            result.warn("Unicode noncharacters removed: {count} ({codes})", lineno, **params)
        else:
            result.warn(
                "Unicode noncharacters removed from article {number}: {count} ({codes})",
                lineno,
                number=article,
                **params,
            )


class _Importer:
    def __init__(self, parsed, slug, language, dry_run, keep_edited=False, rename=False):
        self.parsed = parsed
        self.keep_edited = keep_edited
        self.rename = rename
        self.slug = slug
        self.language = language
        self.source = language == SOURCE_LANGUAGE  # only the source text sets the structure
        self.stale = []  # chapters and sections the file no longer has
        self.bulk_written = []  # rows written without model signals
        self.result = ImportResult(
            law=None, language=language, dry_run=dry_run, normalisations=parsed.normalisations
        )

    def field(self, name):
        """The column of `name` in the file's language (translations.registry.column)."""
        return build_localized_fieldname(name, self.language)

    def run(self, version_date, effective_on):
        self.version_date = version_date  # when today's text changed (None: today)
        law = Law.objects.filter(slug=self.slug).first()
        if law is None:
            if not self.source:
                refuse("no law {slug}: import its Chinese text first", slug=self.slug)
            law = self.create_law(version_date, None if version_date else effective_on)
        else:
            self.check_title(law)
            if effective_on is not None and version_date is None:
                self.set_fields(law, {"effective_on": effective_on}, save=True)
        self.law = self.result.law = law
        self.articles = {a.number: a for a in law.articles.all()}
        # The articles no version has a wording of: their text is the law's since its first
        # version (they were imported undated, or no amendment changed them). Their texts in
        # every language, before this import changes them.
        wordings = ArticleWording.objects.filter(article__law=law)
        worded = set(wordings.values_list("article_id", flat=True))
        texts = [column("text", code) for code in languages()]
        self.unworded = {
            a.pk: {name: getattr(a, name) for name in texts}
            for a in self.articles.values()
            if a.pk not in worded
        }
        if self.source:
            self.check_articles_kept()
        else:
            self.check_same_structure()

        version, latest = None, True
        if version_date is not None and not self.source:
            # A translation is of a version of the Chinese text: the one in force at that date.
            version = (
                law.versions.filter(enacted_on__lte=version_date).order_by("-enacted_on").first()
            )
            self.result.version = version
        if version_date is not None and version is None:
            if self.source:
                self.first_version(version_date)
            if self.same_as_in_force(version_date, effective_on or version_date):
                # An unchanged text under a new date is no amendment: record no empty version.
                version_date = None
                latest = self.result.same_as_latest
            else:
                version = self.version(version_date, effective_on or version_date)
        if version is not None:
            latest = not law.versions.filter(effective_on__gt=version.effective_on).exists()
        if latest:
            self.update_law()
            self.sync_structure() if self.source else self.sync_headings()
            self.sync_articles()
        if version is not None:
            self.sync_wordings(version)

    # -- checks ---------------------------------------------------------------------------

    def first_version(self, version_date):
        """A law imported undated has its text but no version. A dated import of a later
        text first records that text's version, adopted on the law's adoption date and in
        force from its in-force date: the first text stays the one in force from then on,
        instead of the law seeming not in force before the new date."""
        law = self.law
        if not self.unworded or law.versions.exists() or version_date <= law.adopted_on:
            return
        self.version(law.adopted_on, law.effective_on or law.adopted_on)

    def same_as_in_force(self, enacted_on, effective_on):
        """Whether the file's articles are word for word those of the version in force on
        `effective_on` (a law with no version yet has none to repeat: its first version
        records every article). Sets result.same_as to that version."""
        if not self.source or self.law.versions.filter(enacted_on=enacted_on).exists():
            return False
        before = self.law.versions.filter(effective_on__lte=effective_on).order_by(
            "effective_on", "enacted_on"
        )
        in_force = before.last()
        if in_force is None:
            return False
        text = self.field("text")
        wordings = {}  # article id: its wording in force then (later versions overwrite)
        for article_id, wording in (
            ArticleWording.objects.filter(article__law=self.law, version__in=before)
            .order_by("version__effective_on", "version__enacted_on")
            .values_list("article_id", text)
        ):
            wordings[article_id] = wording
        for parsed in self.parsed.articles:
            article = self.articles.get(parsed.number)
            unchanged = self.unworded.get(getattr(article, "pk", None), {}).get(text)
            if article is None or wordings.get(article.pk, unchanged) != parsed.text:
                return False
        self.result.same_as = in_force
        self.result.same_as_latest = not self.law.versions.filter(
            effective_on__gt=effective_on
        ).exists()
        return True

    def check_title(self, law):
        """A different title line means another law's text, or a file missing its title
        line: refused unless renaming. (The seed's keep_edited import keeps titles anyway.)"""
        current = getattr(law, self.field("title")) or ""
        if current and current != self.parsed.title and not (self.rename or self.keep_edited):
            refuse(
                "the title line {title} is not the law's title {current}: is this the text of "
                "another law, or is its title line missing? To rename the law, choose rename",
                self.parsed.title_lineno,
                title=self.parsed.title,
                current=current,
            )

    def check_articles_kept(self):
        # Deleting articles would break citations (legal bases, links): editors do it by hand.
        kept = {a.number for a in self.parsed.articles}
        missing = sorted(set(self.articles) - kept)
        if missing:
            refuse(
                "the law has articles the file lacks ({numbers}): delete them in the admin "
                "first if they were repealed",
                numbers=_numbers(missing),
            )

    def check_same_structure(self):
        """A translation must have the Chinese law's chapters, sections and articles; it may
        stop early (the rest is translated later), never leave a gap."""
        problems = []
        parsed = {
            "article": {(None, a.number): a.lineno for a in self.parsed.articles},
            "chapter": {(None, c.number): c.lineno for c in self.parsed.chapters},
            "section": {(s.chapter_number, s.number): s.lineno for s in self.parsed.sections},
        }
        stored = {
            "article": {(None, n) for n in self.articles},
            "chapter": {(None, n) for n in self.law.chapters.values_list("number", flat=True)},
            "section": set(self.law.sections.values_list("chapter__number", "number")),
        }
        for kind in ("article", "chapter", "section"):
            for (chapter, number), lineno in parsed[kind].items():
                if (chapter, number) not in stored[kind]:
                    problems.append(
                        _structure_problem(
                            "{kind} {number} is not in the Chinese law",
                            lineno,
                            kind,
                            chapter,
                            number,
                        )
                    )
            last = max(parsed[kind], default=None, key=lambda key: (key[0] or 0, key[1]))
            for chapter, number in sorted(stored[kind] - set(parsed[kind]), key=_order):
                if last is not None and _order((chapter, number)) < _order(last):
                    problems.append(
                        _structure_problem(
                            "{kind} {number} of the Chinese law is missing",
                            None,
                            kind,
                            chapter,
                            number,
                        )
                    )
        placement = {a.number: (a.chapter_number, a.section_number) for a in self.parsed.articles}
        chapters = {c.pk: c.number for c in self.law.chapters.all()}
        sections = {s.pk: s.number for s in self.law.sections.all()}
        for number, article in self.articles.items():
            where = (chapters.get(article.chapter_id), sections.get(article.section_id))
            if number in placement and placement[number] != where:
                problems.append(
                    Problem(
                        None,
                        "article {number} is in another chapter or section than in Chinese",
                        {"number": number},
                    )
                )
        if problems:
            raise LawImportError(problems)

    # -- writes ---------------------------------------------------------------------------

    def create_law(self, version_date, effective_on):
        dates = self.parsed.history_dates
        adopted = dates[0] if dates else version_date
        if adopted is None:
            refuse("a new law needs a dated 题注 line or a version date for its adoption")
        title = self.parsed.title
        if effective_on is None:
            effective_on = self.parsed.in_force_on
        if effective_on is None:
            self.result.warn(
                "the text names no in-force date (本法自…起施行): the adoption date {date} is "
                "used; give the in-force date if it differs",
                date=adopted.isoformat(),
            )
            effective_on = adopted
        if same := Law.objects.filter(**{self.field("title"): title}).first():
            self.result.warn(
                "another law has the title {title} ({slug}): is this the same law?",
                self.parsed.title_lineno,
                title=title,
                slug=same.slug,
            )
        law = Law.objects.create(
            slug=self.slug,
            **{
                self.field("title"): title,
                self.field("short_title"): title.removeprefix("中华人民共和国"),
                self.field("history"): "\n".join(self.parsed.history),
            },
            adopted_on=adopted,
            effective_on=effective_on,
            amended_on=dates[-1] if len(dates) > 1 else None,
        )
        # The preview of a new law shows what it is created with.
        shown = [self.field("title"), "adopted_on", "effective_on", "amended_on"]
        self.result.record(
            CREATED,
            law,
            values=[
                FieldChange(name, _field_label(law, name), None, getattr(law, name))
                for name in shown
                if getattr(law, name) is not None
            ],
        )
        return law

    def update_law(self):
        values = {self.field("title"): self.parsed.title}
        if self.parsed.history:  # a text without 题注 lines (translations often) says nothing
            values[self.field("history")] = "\n".join(self.parsed.history)
        dates = self.parsed.history_dates
        if self.source and len(dates) > 1:  # a 修正 line added: the law's latest amendment
            values["amended_on"] = dates[-1]
        self.set_fields(self.law, values, save=True)

    def version(self, enacted_on, effective_on):
        version = self.law.versions.filter(enacted_on=enacted_on).first()
        if version is None:
            # The first version is the adopted text, unless it is dated after the law's
            # adoption: then it is a later text (the law is older than what is recorded).
            first = not self.law.versions.filter(enacted_on__lt=enacted_on).exists()
            adopted = first and enacted_on <= (self.law.adopted_on or enacted_on)
            version = LawVersion.objects.create(
                law=self.law,
                enacted_on=enacted_on,
                effective_on=effective_on,
                kind=LawVersion.ADOPTED if adopted else LawVersion.AMENDED,
            )
            self.result.record(CREATED, version)
        else:
            self.set_fields(version, {"effective_on": effective_on}, save=True)
        self.result.version = version
        return version

    def set_fields(self, obj, values, *, save=False):
        """Set what differs and record it as an update. Returns the names of changed fields."""
        differs = [name for name, value in values.items() if _differs(getattr(obj, name), value)]
        if self.keep_edited:
            kept = [name for name in differs if getattr(obj, name) not in (None, "")]
            if kept:
                self.result.kept.append(Change(UPDATED, type(obj), describe(obj), kept))
            differs = [name for name in differs if name not in kept]
        if differs:
            changes = [
                FieldChange(name, _field_label(obj, name), getattr(obj, name), values[name])
                for name in differs
            ]
            for name in differs:
                setattr(obj, name, values[name])
            if save:
                obj.save(update_fields=differs)
            self.result.record(UPDATED, obj, differs, changes)
        return differs

    def sync_structure(self):
        """Chapters and sections as in the file (Chinese only: a translation has the same)."""
        law, title = self.law, self.field("title")
        chapters = {c.number: c for c in law.chapters.all()}
        wanted = {c.number for c in self.parsed.chapters}
        new = []
        for parsed in self.parsed.chapters:
            chapter = chapters.get(parsed.number)
            if chapter is None:
                chapter = chapters[parsed.number] = Chapter(
                    law=law, number=parsed.number, **{title: parsed.title}
                )
                new.append(chapter)
            else:
                self.set_fields(chapter, {title: parsed.title}, save=True)
        self.bulk_create(Chapter, new)
        self.chapters = chapters

        sections = {(s.chapter_id, s.number): s for s in law.sections.select_related("chapter")}
        new = []
        for parsed in self.parsed.sections:
            chapter = chapters[parsed.chapter_number]
            section = sections.get((chapter.pk, parsed.number))
            if section is None:
                section = sections[(chapter.pk, parsed.number)] = Section(
                    law=law, chapter=chapter, number=parsed.number, **{title: parsed.title}
                )
                new.append(section)
            else:
                self.set_fields(section, {title: parsed.title}, save=True)
        self.bulk_create(Section, new)
        self.sections = sections

        # What the file no longer has is deleted once sync_articles() has moved the articles.
        wanted_sections = {(s.chapter_number, s.number) for s in self.parsed.sections}
        self.stale = [
            *(s for s in sections.values() if (s.chapter.number, s.number) not in wanted_sections),
            *(c for number, c in chapters.items() if number not in wanted),
        ]

    def sync_headings(self):
        """A translation's chapter and section titles (its structure matches the Chinese)."""
        title = self.field("title")
        chapters = {c.number: c for c in self.law.chapters.all()}
        for parsed in self.parsed.chapters:
            self.set_fields(chapters[parsed.number], {title: parsed.title}, save=True)
        sections = {
            (s.chapter.number, s.number): s for s in self.law.sections.select_related("chapter")
        }
        for parsed in self.parsed.sections:
            key = (parsed.chapter_number, parsed.number)
            self.set_fields(sections[key], {title: parsed.title}, save=True)

    def sync_articles(self):
        text = self.field("text")
        new, changed, fields = [], [], set()
        for parsed in self.parsed.articles:
            values = {text: parsed.text}
            if self.source:
                chapter = self.chapters.get(parsed.chapter_number)
                section = (
                    self.sections.get((chapter.pk, parsed.section_number))
                    if chapter and parsed.section_number
                    else None
                )
                values["chapter_id"] = chapter.pk if chapter else None
                values["section_id"] = section.pk if section else None
            article = self.articles.get(parsed.number)
            if article is None:
                # A new article of a live law is live at once; a draft law's are drafts.
                article = Article(
                    law=self.law,
                    number=parsed.number,
                    is_published=self.law.is_published,
                    last_published_at=timezone.now() if self.law.is_published else None,
                    **values,
                )
                self.articles[parsed.number] = article
                new.append(article)
            elif differs := self.set_fields(article, values):
                changed.append(article)
                fields.update(differs)
        self.bulk_create(Article, new)
        if changed:
            # Before the write: content citing these articles keeps the wording it quoted.
            wording_changing(changed, on=self.version_date)
            Article.objects.bulk_update(changed, sorted(fields))
            self.bulk_written += changed
        for obj in self.stale:
            self.delete(obj)

    def sync_wordings(self, version):
        """Record each article's wording from `version` on, where it differs from the wording
        before it; the wording after it is not touched."""
        text = self.field("text")
        earlier = {}
        at_version = {}
        older = {}  # article id: [every wording before `version`], oldest first
        for wording in (
            ArticleWording.objects.filter(
                article__law=self.law, version__effective_on__lte=version.effective_on
            )
            .select_related("version", "article")
            .order_by("version__effective_on")
        ):
            if wording.version_id == version.pk:
                at_version[wording.article_id] = wording
            else:
                earlier[wording.article_id] = wording
                older.setdefault(wording.article_id, []).append(wording)
        new, changed = [], []
        first = self.law.versions.order_by("effective_on", "enacted_on").first()
        for parsed in self.parsed.articles:
            article = self.articles.get(parsed.number)
            if article is None:
                refuse(
                    "article {number} is not in today's law", parsed.lineno, number=parsed.number
                )
            previous, current = earlier.get(article.pk), at_version.get(article.pk)
            if not self.source:
                wording = self.translated_wording(current, older.get(article.pk, []), parsed)
                if wording is not None and self.set_fields(wording, {text: parsed.text}):
                    changed.append(wording)
                continue
            unworded = previous is None and current is None and article.pk in self.unworded
            if unworded and first != version:  # (the first version records every article)
                # Unchanged since the first version, which has no wording of it: none is
                # needed while it stays so; changed now, its old text becomes that wording.
                old = self.unworded[article.pk]
                if old[text] == parsed.text:
                    continue
                new.append(ArticleWording(article=article, version=first, **old))
            same_as_before = previous is not None and getattr(previous, text) == parsed.text
            if current is not None and same_as_before:
                self.delete(current)
            elif current is not None:
                if self.set_fields(current, {text: parsed.text}):
                    changed.append(current)
            elif not same_as_before:
                wording = ArticleWording(article=article, version=version, **{text: parsed.text})
                new.append(wording)
        self.bulk_create(ArticleWording, new)
        if changed:
            ArticleWording.objects.bulk_update(changed, [text])
            self.bulk_written += changed

    def translated_wording(self, current, older, parsed):
        """The wording whose translation `parsed` is: the one that begins at the version, else
        the one in force at it only while it has no translation yet (an older wording keeps
        its own); none when `parsed` is the translation of a wording before that (a file not
        yet updated for the amendment)."""
        text = self.field("text")
        wording = current or (older[-1] if older else None)
        if wording is None:
            return None
        if wording is not current and getattr(wording, text):
            return None
        before = [w for w in older if w is not wording]
        if any(getattr(w, text) == parsed.text for w in before):
            return None
        return wording

    def delete(self, obj):
        if self.keep_edited:
            self.result.kept.append(Change(DELETED, type(obj), describe(obj)))
        else:
            self.result.record(DELETED, obj)
            obj.delete()

    def bulk_create(self, model, objs):
        if objs:
            model.objects.bulk_create(objs)
            self.bulk_written += objs
            for obj in objs:
                self.result.record(CREATED, obj)


def _field_label(obj, name):
    """The field's label in the active language when shown: 标题 [zh-hans] / title [en]."""
    return obj._meta.get_field(name).verbose_name


def _differs(current, wanted):
    # Empty translation columns may be NULL in the database and "" in the file.
    if isinstance(wanted, str) or wanted is None:
        return (current or "") != (wanted or "")
    return current != wanted


def _order(key):
    chapter, number = key
    return (chapter or 0, number)


def _structure_problem(template, lineno, kind, chapter, number):
    if kind == "section":  # sections are numbered within their chapter
        template = template.replace("{kind} {number}", "section {number} of chapter {chapter}")
        return Problem(lineno, template, {"number": number, "chapter": chapter})
    return Problem(lineno, template, {"kind": kind, "number": number})


def _numbers(numbers):
    return ", ".join(map(str, numbers))
