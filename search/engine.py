"""Running a parsed query (search.query) against the published content.

Every language's column is searched, whatever the page's language, so an English visitor who
types 市民卡 finds it and a result matched only in the other language is shown in that
language (and marked with its `lang`). Matching is case-insensitive substring matching
(`icontains`): correct for Chinese, which has no spaces to split words at, and indexed with
pg_trgm on PostgreSQL (migration 0002).

The number of queries is fixed whatever the amount of content: one for the synonyms; per kind
of content, one for at most CANDIDATES matches in whatever order the database finds them,
when there are that many a second for its title matches (the laws' first, for articles), and
one to rank these candidates (at most MAX_PER_KIND kept); and, for the page shown, one per
kind to fetch its objects. So a word found in every row costs about what a rare one does.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from cards.models import ComparisonPoint, PointText
from legislation.linking import fragment
from legislation.models import (
    Article,
    Chapter,
    Law,
    Section,
    number_paragraphs,
    paragraph_items,
    split_paragraphs,
)
from publishing import dependencies, registry
from publishing.fragments import kept_each, kept_recorded
from publishing.pagination import paginate
from translations.i18n import SOURCE_LANGUAGE, is_fallback
from translations.registry import languages

from . import fts
from .highlight import highlight, matches
from .models import LawSearch, Synonym
from .query import HAN

PER_PAGE = 20
MAX_PER_KIND = 200
# How many matches of a kind are ranked at most (title matches, and matches of any kind):
# the first found, so that the time does not grow with the number of matches.
CANDIDATES = 2 * MAX_PER_KIND
PROBE = 5000  # rows read in key order before an indexed lookup (SQLite: Source.probe)

GROUPS = {
    "numbered": _("Articles with this number"),  # a bare 第十条: each law's Article 10
    "comparisons": _("Comparisons"),
    "questions": _("Questions"),
    "cards": _("Card types"),
    "laws": _("Laws and articles"),
}


@dataclass
class Hit:
    url: str
    title: str  # safe HTML from search.highlight, like the excerpt
    excerpt: str
    title_lang: str | None = None  # set where it differs from the page's language
    excerpt_lang: str | None = None
    context: str = ""  # what part of the page matched, e.g. a point's aspect


def columns(field):
    return [build_localized_fieldname(field, code) for code in languages()]


def any_column_contains(fields, variants, table=None):
    """Rows where any language's column of any of `fields` contains any variant. Given the
    model's `table`, on SQLite a variant is looked up in its FTS5 tables where one serves
    (search.fts: trigrams, or the CJK grams for one or two Han characters). On PostgreSQL
    variants of one or two Han characters are looked up in its indexed CJK grams (search/0004)
    instead: pg_trgm has no trigram in them; a longer
    all-Han variant also requires its bigrams there (a necessary condition, so the same rows),
    which gives the planner an index with per-gram statistics to estimate it by."""
    grams = uses_grams() and table is not None
    q = Q()
    short = [v for v in variants if grams and is_short_han(v)]
    for variant in variants:
        if variant in short:
            continue
        index = fts.index_for(connection, variant) if table is not None else None
        if index is not None:
            q |= index.contains(table, [c for f in fields for c in columns(f)], variant)
            continue
        contains = Q()
        for field in fields:
            for column in columns(field):
                contains |= Q(**{f"{column}__icontains": variant})
        if grams and all(HAN.match(c) for c in variant):
            pairs = sorted({variant[i : i + 2] for i in range(len(variant) - 1)})
            contains &= Q(_grams(table, "@>", pairs))
        q |= contains
    if short:
        q |= Q(_grams(table, "&&", short))
    return q


def _grams(table, operator, grams):
    # Unqualified: the column is named after its table (search/0004), whatever its alias.
    return RawSQL(f'"{table}_grams" {operator} %s', (grams,), output_field=BooleanField())


# No `SET LOCAL enable_seqscan = off` on PostgreSQL (branch h15 had it): with the statistics
# that indexes.analyze() gathers after every bulk load, the planner picks the indexes for
# every candidate query by itself (docs/benchmarks.md, 2026-12-05 21:47: within 1 ms either
# way at seed_synthetic's size), while forcing them made the plain, unindexed title queries
# read whole indexes instead of a few pages (社会's: 12 → 144 ms on comparisons, 102 → 360 ms
# on points).


def uses_grams():
    return connection.vendor == "postgresql"


def is_short_han(text):
    return 1 <= len(text) <= 2 and all(HAN.match(c) for c in text)


def lang_if_other(language, current):
    return language if language != current else None


class Source:
    """One kind of content (publishing.registry): which rows can be found, by which
    translated fields (the kind's search_fields, the first the result's title), and how a
    found row is shown."""

    def searched_columns(self):
        """{table: [columns]} this source looks substrings up in (search.fts)."""
        return {self.tables[0]: [c for field in self.fields for c in columns(field)]}

    def __init__(self, kind):
        self.kind = kind
        self.group = kind.search_group  # a key of GROUPS
        self.fields = kind.search_fields
        # A match here ranks before a match in the body only.
        self.title_fields = kind.search_title_fields or self.fields[:1]

    @property
    def model(self):
        return self.kind.model

    @property
    def tables(self):
        """The tables whose text this source searches (an index must serve each: tests/search)."""
        return [self.model._meta.db_table]

    def queryset(self):
        return self.kind.public_queryset()

    def hit(self, obj, needles, current):
        excerpt, lang = self.excerpt(obj, needles, current)
        title_field = self.fields[0]
        title = highlight(getattr(obj, title_field), needles, context=None)
        return Hit(obj.get_absolute_url(), title, excerpt, self.title_lang(obj, title_field), lang)

    def term_filter(self, variants, indexed=True):
        """`indexed`: through the search indexes (search/0004, search.fts) where they
        serve; else plain substring matching, for rows already narrowed down."""
        table = self.model._meta.db_table if indexed else None
        return any_column_contains(self.fields, variants, table)

    def title_match(self, query):
        """Rows whose title fields match a term (they rank first), or None."""
        if not self.title_fields:
            return None
        title = Q()
        for term in query.terms:
            title |= any_column_contains(self.title_fields, term.variants)
        return title

    def ranked(self, rows, query):
        """Title matches first, then the rest, each in the kind's own order."""
        title = self.title_match(query)
        if title is None:
            return rows
        rank = Case(When(title, then=Value(0)), default=Value(1), output_field=IntegerField())
        return rows.alias(title_rank=rank).order_by("title_rank", *rows.query.order_by)

    def matching(self, query, indexed=True):
        """The rows matching every term, in no order (the cheapest to find)."""
        rows = self.queryset()
        for term in query.terms:
            rows = rows.filter(self.term_filter(term.variants, indexed))
        return rows.order_by()

    def candidates(self, query):
        """Ids of at most CANDIDATES matches, taken in whatever order the database finds
        them first, and when there are that many, of at most CANDIDATES title matches too:
        a bounded set to rank, so that a word in every row costs no more than one in a few
        (ranking every match meant sorting all 50,000 articles for 社会)."""
        rows = self.matching(query)
        found = self.probe(query)
        if len(found) < CANDIDATES:
            found = set(rows.values_list("pk", flat=True)[:CANDIDATES])
        # Plain matching: the title narrows the rows down (an FTS lookup would list every
        # match first).
        title = self.title_rows(self.matching(query, indexed=False), query)
        if len(found) == CANDIDATES and title is not None:
            found.update(title.values_list("pk", flat=True)[:CANDIDATES])
        return found

    def probe(self, query):
        """On SQLite, the matches among the first PROBE rows, found without the FTS tables:
        a word in most rows is found there at once, where its FTS lookup would list every
        row first (150 ms for 社会保险 in 50,000 articles). Elsewhere, and for a rarer word,
        fewer than CANDIDATES: the indexed lookup follows."""
        if connection.vendor != "sqlite":
            return set()
        model = self.queryset().model
        rows = self.queryset().filter(pk__in=model.objects.order_by("pk").values("pk")[:PROBE])
        for term in query.terms:
            rows = rows.filter(any_column_contains(self.fields, term.variants))
        return set(rows.order_by().values_list("pk", flat=True)[:CANDIDATES])

    def title_rows(self, rows, query):
        """Those of `rows` whose title fields match (they rank first), or None."""
        title = self.title_match(query)
        return None if title is None else rows.filter(title)

    def find(self, query):
        """Ids of the rows matching every term, best first: the candidates ranked."""
        pks = self.candidates(query)
        if not pks:
            return []
        ranked = self.ranked(self.queryset().filter(pk__in=pks), query)
        return list(ranked.values_list("pk", flat=True)[:MAX_PER_KIND])

    def fetch(self, pks):
        # The public rule and what a hit shows, without the ranking's joins and annotations
        # (their compilation was most of a results page's time).
        return self.kind.public_queryset().order_by().in_bulk(pks)

    def visible_rows(self, pks, now=None):
        """Those of the rows `pks` that are public (at `now`), for public_ids()."""
        return self.kind.public_queryset(now).filter(pk__in=pks).order_by()

    def cache_tags(self):
        """The tags whose versions this source's matches depend on (publishing.dependencies):
        its kind's lists (every write of a row of the kind, of what its answers show, of
        what it lives within) and the synonyms and laws' weights (rows of no kind, whose
        writes also bump every list)."""
        return {
            dependencies.list_tag(self.kind),
            dependencies.model_tag(Synonym),
            dependencies.model_tag(LawSearch),
        }

    @property
    def excerpt_fields(self):
        """Fields an excerpt may come from: all but the first, which is the result's title."""
        return self.fields[1:]

    def excerpt(self, obj, needles, current, extra=()):
        """The first field that matches, in the page's language first, then the other one;
        else the start of the first field that has a text."""
        order = [current] + [code for code in languages() if code != current]
        candidates = [
            (getattr(obj, build_localized_fieldname(field, code)) or "", code)
            for code in order
            for field in self.excerpt_fields
        ]
        candidates += list(extra)
        for text, code in candidates:
            if matches(text, needles):
                return highlight(text, needles), lang_if_other(code, current)
        text, code = next(((t, c) for t, c in candidates if t), ("", current))
        return highlight(text, needles), lang_if_other(code, current)

    @staticmethod
    def title_lang(obj, field):
        return SOURCE_LANGUAGE if is_fallback(obj, field) else None


class PointSource(Source):
    """Points of published comparisons, found by their aspect, heading or any card's text,
    and linked to their row of the comparison table. A text for a card type that is not
    public counts too: the comparison page shows its column (without a link to its page)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.fields = self.title_fields = ("heading", "aspect")

    @property
    def excerpt_fields(self):
        return self.fields  # the title is the comparison's

    @property
    def model(self):
        return ComparisonPoint

    @property
    def tables(self):
        return [ComparisonPoint._meta.db_table, PointText._meta.db_table]

    def searched_columns(self):
        return {
            ComparisonPoint._meta.db_table: [c for f in self.fields for c in columns(f)],
            PointText._meta.db_table: columns("text"),
        }

    def queryset(self, now=None):
        public = self.kind.public_queryset(now)
        if connection.vendor == "sqlite":
            # Per point found, its comparison looked up: SQLite answers IN (public
            # comparisons) by listing all 10,000 first (社会's points: 10 → 0.5 ms). Not on
            # PostgreSQL, whose plans for EXISTS here were slower (9 → 18 ms).
            visible = Exists(public.filter(pk=OuterRef("comparison_id")))
        else:
            visible = Q(comparison__in=public)
        return ComparisonPoint.objects.filter(visible).order_by(
            "comparison__published_on", "comparison_id", "position", "pk"
        )

    def term_filter(self, variants, indexed=True):
        # One id list (a UNION of two indexed lookups) rather than "matches OR in (subquery)",
        # which PostgreSQL can only answer by scanning every point.
        table = PointText._meta.db_table if indexed else None
        texts = PointText.objects.filter(any_column_contains(("text",), variants, table))
        direct = ComparisonPoint.objects.filter(super().term_filter(variants, indexed))
        return Q(pk__in=direct.order_by().values("pk").union(texts.order_by().values("point_id")))

    def probe(self, query):
        return set()  # a match may be in any of the points' texts: no first rows to probe

    def fetch(self, pks):
        texts = PointText.objects.select_related("card_type")
        return (
            self.queryset()
            .order_by()
            .select_related("comparison")
            .prefetch_related(Prefetch("texts", queryset=texts))
            .in_bulk(pks)
        )

    def visible_rows(self, pks, now=None):
        return self.queryset(now).filter(pk__in=pks).order_by()

    def hit(self, obj, needles, current):
        extra = [
            (getattr(text, build_localized_fieldname("text", code)) or "", code)
            for code in [current] + [c for c in languages() if c != current]
            for text in obj.texts.all()
        ]
        excerpt, lang = self.excerpt(obj, needles, current, extra)
        comparison = obj.comparison
        return Hit(
            f"{comparison.get_absolute_url()}#{obj.anchor}",
            highlight(comparison.title, needles, context=None),
            excerpt,
            self.title_lang(comparison, "title"),
            lang,
            context=obj.aspect,
        )


class LawSource(Source):
    """Laws in the order of their editor-set weight (search.LawSearch), then adoption."""

    def queryset(self):
        weight = Coalesce("search__weight", Value(0))
        return super().queryset().alias(weight=weight).order_by("-weight", "adopted_on")


class ArticleSource(Source):
    """Articles, titled by their citation. Ranked: an article whose law's title or whose
    chapter's or section's heading matches (工伤 → 第四章 工伤保险) before one that matches in
    its text only, each in the laws' order (editors' weight, adoption) and by number."""

    HEADING_FIELDS = ("chapter__title", "section__title")

    def heading_match(self, query):
        heading = Q()
        for term in query.terms:
            heading |= any_column_contains(self.HEADING_FIELDS, term.variants)
        return heading

    def ranked(self, rows, query):
        heading = self.title_match(query) | self.heading_match(query)
        rank = Case(When(heading, then=Value(0)), default=Value(1), output_field=IntegerField())
        return rows.alias(title_rank=rank).order_by("title_rank", *rows.query.order_by)

    def title_rows(self, rows, query):
        # Of the laws, chapters and sections whose title matches (a few rows): by the
        # law_id, chapter_id and section_id indexes, not a join that tests every article's.
        fields = [field.removeprefix("law__") for field in self.title_fields]
        laws, chapters, sections = Law.objects.all(), Chapter.objects.all(), Section.objects.all()
        for term in query.terms:
            laws = laws.filter(any_column_contains(fields, term.variants))
            chapters = chapters.filter(any_column_contains(("title",), term.variants))
            sections = sections.filter(any_column_contains(("title",), term.variants))
        return rows.filter(
            Q(law__in=laws.values("pk"))
            | Q(chapter__in=chapters.values("pk"))
            | Q(section__in=sections.values("pk"))
        )

    @property
    def excerpt_fields(self):
        return self.fields  # the title is the citation

    def queryset(self):
        return by_law_weight(super().queryset().with_law())

    def hit(self, obj, needles, current):
        excerpt, lang = self.excerpt(obj, needles, current)
        return Hit(
            obj.get_absolute_url() + self.paragraph_anchor(obj, needles, lang or current),
            highlight(obj.citation, needles, context=None),
            excerpt,
            self.title_lang(obj.law, "title"),
            lang,
        )

    @staticmethod
    def paragraph_anchor(obj, needles, language):
        """#article-4-2 for a match in the second paragraph (款) of Article 4, #article-4-2-3
        in its third item (项), else "" (an article of one paragraph: its page is the match)."""
        text = getattr(obj, build_localized_fieldname("text", language)) or ""
        paragraphs = number_paragraphs(split_paragraphs(text), obj.number)
        if len(paragraphs) < 2:
            return ""
        for _number, anchor, paragraph in paragraphs:
            if matches(paragraph, needles):
                return f"#{anchor}"
        return ""


class NumberedSource(ArticleSource):
    """The articles a bare reference (第十条, "Article 10") names, one per law, listed before
    the matches: their link goes to the paragraph the reference names, if any."""

    def __init__(self, kind, paragraph=None, item=None):
        super().__init__(kind)
        self.group = "numbered"
        self.paragraph, self.item = paragraph, item

    def hit(self, obj, needles, current):
        hit = super().hit(obj, needles, current)
        hit.url = article_url(obj, self.paragraph, self.item)
        # The citation in the page's language; only a law title that falls back is marked
        # with its language ("Article 2 of the" stays English).
        title = escape(obj.law.cited_title())
        if hit.title_lang:
            title = format_html('<span lang="{}">{}</span>', hit.title_lang, title)
        hit.title, hit.title_lang = obj.cited_with(title), None
        return hit


def sources():
    """The Sources of every searchable kind of publishing.registry, in the order of GROUPS:
    the ones a kind declares (Kind.search_sources, e.g. a comparison's and its points'), else
    Source itself. Read when a search runs, after every app has registered."""
    found = []
    for kind in registry.kinds():
        if kind.search_fields:
            found += [import_string(path)(kind) for path in kind.search_sources] or [Source(kind)]
    order = list(GROUPS)
    return sorted(found, key=lambda source: order.index(source.group))


def searched_columns():
    """{table: [columns]} of every source (search.fts makes its tables from this)."""
    found = {}
    for source in sources():
        for table, cols in source.searched_columns().items():
            found.setdefault(table, [])
            found[table] += [c for c in cols if c not in found[table]]
    return found


def by_law_weight(articles):
    """Articles in the order of their laws' editor-set weight (search.LawSearch), then of
    their laws' adoption: not by slug."""
    weight = Coalesce("law__search__weight", Value(0))
    return articles.annotate(law_weight=weight).order_by(
        "-law_weight", "law__adopted_on", "law_id", "number"
    )


def articles_numbered(number):
    """Ids of the articles with this number, in every law (a reference such as 第五条 names
    no law), in the laws' order: at most MAX_PER_KIND + 1 (one more than are listed, so that
    the page can say the list is cut)."""
    articles = Article.objects.published().with_law().filter(number=number)
    return list(by_law_weight(articles).values_list("pk", flat=True)[: MAX_PER_KIND + 1])


# The time the visibility query is compiled with, in place of the request's: public_ids()
# finds it among the query's parameters (no other one is a time) and puts the request's there.
COMPILED_AT = datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=UTC)
_compiled = {}  # (database, language, source, ids) → (sql, params, [(index, what)]) or None


def public_ids(source, pks):
    """The ids among `pks` of `source`'s rows that are public now, for hits kept from an
    earlier request: source.visible_rows() (the kind's own public rule) run as SQL compiled
    once per process, source and number of ids, with the time and the ids as parameters.
    Building the queryset (the rule, through modeltranslation's manager) cost about 1 ms a
    kind, running it 0.1 ms. As publishing.lookup does for a detail page's object; keyed by
    language too, since modeltranslation may rewrite a field name."""
    key = (connection.alias, get_language(), type(source).__name__, source.kind.name, len(pks))
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile_public_ids(source, len(pks))
    if not compiled:  # the parameters could not be told apart: the ORM each time
        return set(source.visible_rows(pks).values_list("pk", flat=True))
    sql, params, slots = compiled
    params = list(params)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for index, what in slots:
        params[index] = now if what is None else pks[what]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk for (pk,) in cursor.fetchall()}


def _compile_public_ids(source, count):
    marks = [-(i + 1) for i in range(count)]  # ids no row has
    rows = source.visible_rows(marks, COMPILED_AT).values_list("pk", flat=True)
    sql, params = rows.query.sql_with_params()
    stamp = connection.ops.adapt_datetimefield_value(COMPILED_AT)
    slots = []
    for index, param in enumerate(params):
        if type(param) is type(stamp) and param == stamp:
            slots.append((index, None))
        elif type(param) is int and param in marks:
            slots.append((index, -param - 1))
    found = sorted(what for _index, what in slots if what is not None)
    if found != list(range(count)) or len(slots) == count:
        return None
    return sql, tuple(params), slots


def article_url(article, paragraph=None, item=None):
    """The article's address, at the paragraph (款) or item (项) asked for when the article
    has it (an item it lacks: its paragraph, if that exists), else the article itself."""
    url = article.get_absolute_url()
    items = paragraph_items(article.text)
    for asked in ((paragraph, item), (paragraph, None)):
        if any(asked) and (anchor := fragment(article.number, items, *asked)) is not None:
            return f"{url}#{anchor}"
    return url


def article_in_law(name, number):
    """The published article `number` of the law a visitor calls `name`, or None."""
    law = LawSearch.objects.resolve(name)
    if law is None:
        return None
    return Article.objects.published().with_law().filter(law=law, number=number).first()


def found_by(query):
    """(the query with its synonyms, [(source, ids of its matches, best first)]). The same in
    every language and for every page of the results: kept in the shared cache (two round
    trips), each source's matches under the tags of its kind's lists and the synonyms'
    (Source.cache_tags), so that a write finds afresh the matches of the kinds it may change
    and leaves the others kept; only the page's own objects are fetched again."""
    every = sources()
    expanded = []

    def expand():
        if not expanded:
            expanded.append(query.with_synonyms(Synonym.objects.expansions_for(query.words)))
        return expanded[0]

    def finder(source):
        return lambda: source.find(expand())

    asked = (query.text, query.terms, MAX_PER_KIND)
    entries = [(("synonyms", *asked), {dependencies.model_tag(Synonym)}, expand)]
    entries += [
        ((type(source).__name__, source.kind.name, *asked), source.cache_tags(), finder(source))
        for source in every
    ]
    with_synonyms, *found = kept_each("search", entries)
    return with_synonyms, list(zip(every, found, strict=True))


class Results:
    """The matches of one query, a page at a time (`?page=`; Http404 for a page that does
    not exist, as on every list: publishing.pagination)."""

    def __init__(self, query, request, numbered=()):
        """`numbered`: ids of the articles a bare reference names (articles_numbered()),
        listed first, counted and paged with the matches."""
        self.query, found = found_by(query)
        # A kind stops at MAX_PER_KIND matches: the count then says "200+", not a number
        # that looks exact.
        self.capped = any(len(pks) >= MAX_PER_KIND for _source, pks in found)
        self.numbered_capped = len(numbered) > MAX_PER_KIND
        numbered = list(numbered)[:MAX_PER_KIND]
        if numbered:
            articles = next(s for s, _pks in found if isinstance(s, ArticleSource))
            listed = set(numbered)  # not again among the matches
            found = [
                (
                    NumberedSource(articles.kind, query.paragraph_number, query.item_number),
                    numbered,
                ),
                *((s, [pk for pk in pks if pk not in listed]) for s, pks in found),
            ]
            self.capped = self.capped or self.numbered_capped
        refs = [(source, pk) for source, pks in found for pk in pks]
        self.page = paginate(request, refs, PER_PAGE)

    @property
    def max_listed(self):
        return MAX_PER_KIND

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def shown_count(self):
        """The count to show: exact, or when capped a round lower bound ("200+", never
        "209+", which would look exact with a "+" beside it)."""
        if not self.capped:
            return self.count
        return max(MAX_PER_KIND, self.count // MAX_PER_KIND * MAX_PER_KIND)

    @cached_property
    def groups(self):
        """[(key, label, [Hit])] for the page shown, in the order of GROUPS. The hits are kept
        under the tags of the objects they show (publishing.fragments.kept_recorded: an edit
        of one of them makes them afresh); kept ones count only for the objects that are
        still public (one query of ids per kind)."""
        current = get_language()
        needles = self.query.needles
        refs = list(self.page.object_list)
        identity = (
            current,
            needles,
            [
                (
                    type(s).__name__,
                    s.kind.name,
                    getattr(s, "paragraph", None),
                    getattr(s, "item", None),
                    pk,
                )
                for s, pk in refs
            ],
        )
        hits, fresh = kept_recorded(
            "search-hits", identity, lambda: self.hits(refs, needles, current)
        )
        if not fresh:
            hits = self.still_public(refs, hits)
        grouped = {key: [] for key in GROUPS}
        for (source, _pk), hit in zip(refs, hits, strict=True):
            if hit is not None:
                grouped[source.group].append(hit)
        return [(key, GROUPS[key], hits) for key, hits in grouped.items() if hits]

    @staticmethod
    def hits(refs, needles, current):
        """[Hit, or None for an object gone since it was found] for each (source, pk)."""
        by_source = {}
        for source, pk in refs:
            by_source.setdefault(source, []).append(pk)
        fetched = {source: source.fetch(pks) for source, pks in by_source.items()}
        hits = []
        for source, pk in refs:
            obj = fetched[source].get(pk)  # None: deleted between the two queries
            hits.append(None if obj is None else source.hit(obj, needles, current))
        return hits

    @staticmethod
    def still_public(refs, hits):
        by_source = {}
        for source, pk in refs:
            by_source.setdefault(source, []).append(pk)
        public = {source: public_ids(source, pks) for source, pks in by_source.items()}
        return [
            hit if pk in public[source] else None
            for (source, pk), hit in zip(refs, hits, strict=True)
        ]
