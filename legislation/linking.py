"""Cross-references as links, resolved against the database when a page is rendered.

A ReferenceLinker is built once per page (by the view) with the articles of the law and how
many paragraphs (款) and items (项) each has; the statutes template tags ask it to render each
paragraph. A reference to an article, paragraph or item that does not exist, or to a law that
is not in the database, stays text: never a broken link, never a fragment the page lacks
(article-N is the article, article-N-k its k-th 款, article-N-k-i an item of it). Nor does a
link lead to an article that the reader may not see (unpublished, or of an unpublished law):
only the articles of `articles` (default: the published ones) are linked.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from translations.conversion import fold
from translations.registry import SOURCE_LANGUAGE, column

from .references import find_references


def _shown_text(texts):
    """The text a page in the active language shows: its own, else the source language's."""
    return texts.get(get_language()) or texts.get(SOURCE_LANGUAGE) or ""


def fragment(article, items, paragraph=None, item=None):
    """The anchor of Article `article`'s paragraph or item, in an article whose 款 have
    `items` (models.paragraph_items): article-N, article-N-k (its k-th 款), article-N-k-i
    (item i of it; with no paragraph named, 第十七条第四项, of the article's first list of
    items). None when that paragraph or item does not exist."""
    anchor = f"article-{article}"
    if paragraph and paragraph > len(items):
        return None
    if item:
        if paragraph is None:
            paragraph = next((k for k, count in enumerate(items, 1) if count), None)
        if paragraph is None or item > items[paragraph - 1]:
            return None
        return f"{anchor}-{paragraph}-{item}"
    return f"{anchor}-{paragraph}" if paragraph else anchor


class ReferenceLinker:
    def __init__(self, law, numbers, *, in_page=False, query="", other_query="", articles=None):
        """numbers: {article number: [items of each 款]} (see models.paragraph_items)."""
        self.law = law
        self.numbers = dict(numbers)
        self.in_page = in_page  # the law page: same-law links are anchors on the page
        # Kept on links to other articles: "?date=2015-06-01&view=parallel" to this law's,
        # "?view=parallel" to another law's (the date is this law's version).
        self.query = query
        self.other_query = other_query
        self.articles = articles  # the articles links may lead to (None: the published ones)
        self._cited = {}  # {law id: its articles' structure}, for the laws cited so far

    @classmethod
    def for_law_page(cls, law, articles, query="", linkable=None, other_query=""):
        """`articles`: those shown on the page; `linkable`: those of other laws to link to."""
        from .models import paragraph_items

        numbers = {a.number: paragraph_items(a.text) for a in articles}
        return cls(
            law, numbers, in_page=True, query=query, other_query=other_query, articles=linkable
        )

    @classmethod
    def for_article_page(cls, article, query="", articles=None, other_query=""):
        articles = cls.linkable(articles)
        rows = cls._texts(articles.filter(law=article.law_id), "number")
        return cls(article.law, dict(rows), query=query, other_query=other_query, articles=articles)

    @staticmethod
    def _texts(articles, *fields):
        """(*fields, [items of each 款]) of `articles`, as the active language shows them."""
        from .models import paragraph_items

        languages = list(dict.fromkeys([get_language(), SOURCE_LANGUAGE]))
        columns = [column("text", code) for code in languages]
        for row in articles.values_list(*fields, *columns):
            texts = dict(zip(languages, row[len(fields) :], strict=True))
            yield (*row[: len(fields)], paragraph_items(_shown_text(texts)))

    @staticmethod
    def linkable(articles):
        from .models import Article

        return Article.objects.published() if articles is None else articles

    @cached_property
    def other_laws(self):
        """{title: (slug, law id)} of the other laws that have linkable articles, in one
        query asked only by a page that cites a 《law》."""
        laws = {}
        rows = (
            self.linkable(self.articles)
            .exclude(law=self.law)
            .values_list("law__slug", f"law__{column('title', SOURCE_LANGUAGE)}", "law_id")
            .distinct()
        )
        for slug, title, law_id in rows:
            laws[title] = laws[title.removeprefix("中华人民共和国")] = (slug, law_id)
        return laws

    def articles_of(self, law_id):
        """{number: [items of each 款]} of another law's linkable articles: one query per
        law cited on the page, not one per reference."""
        if law_id not in self._cited:
            rows = self._texts(self.linkable(self.articles).filter(law=law_id), "number")
            self._cited[law_id] = dict(rows)
        return self._cited[law_id]

    @staticmethod
    def anchor(reference, items):
        """The fragment the reference leads to in an article whose 款 have `items`, or None
        when that paragraph or item does not exist."""
        return fragment(reference.article, items, reference.paragraph, reference.item)

    def href(self, reference, article_number):
        if reference.law_title:
            slug, law_id = self.other_laws.get(reference.law_title, (None, None))
            numbers = self.articles_of(law_id) if law_id else {}
        else:
            numbers = self.numbers
        if reference.article not in numbers:
            return None
        anchor = self.anchor(reference, numbers[reference.article])
        if anchor is None:
            return None
        if not reference.law_title:
            if self.in_page:
                return f"#{anchor}"
            slug = self.law.slug
            if reference.article == article_number:
                return f"#{anchor}"
        url = reverse("legislation:article", kwargs={"slug": slug, "number": reference.article})
        return f"{url}{self.query if slug == self.law.slug else self.other_query}#{anchor}"

    def render(self, text, article_number, paragraph_number):
        """The paragraph as safe HTML, its resolvable references as links. References are
        looked for in the text folded to Simplified (same length, same positions), so the
        Traditional 第四十條第一項 and a 《title》 in it are read as the source's."""
        parts, position = [], 0
        scanned = text if text.isascii() else fold(text)
        found = find_references(scanned, article=article_number, paragraph=paragraph_number)
        for reference in found:
            href = self.href(reference, article_number)
            if href is None or reference.start < position:
                continue
            parts.append(conditional_escape(text[position : reference.start]))
            parts.append(
                format_html(
                    '<a class="xref" href="{}">{}</a>', href, text[reference.start : reference.end]
                )
            )
            position = reference.end
        parts.append(conditional_escape(text[position:]))
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
