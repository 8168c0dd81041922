"""Cross-references as links, resolved against the database when a page is rendered.

A ReferenceLinker is built once per page (by the view) with the article numbers of the law; the
statutes template tags ask it to render each paragraph. A reference to an article that does not
exist, or to a law that is not in the database, stays text: never a broken link. Nor does a
link lead to an article that the reader may not see (unpublished, or of an unpublished law):
only the articles of `articles` (default: the published ones) are linked.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from translations.registry import SOURCE_LANGUAGE, column

from .references import find_references


class ReferenceLinker:
    def __init__(self, law, numbers, *, in_page=False, query="", articles=None):
        self.law = law
        self.numbers = set(numbers)
        self.in_page = in_page  # the law page: same-law links are anchors on the page
        self.query = query  # e.g. "?date=2015-06-01", kept on links to other articles
        self.articles = articles  # the articles links may lead to (None: the published ones)

    @classmethod
    def for_law_page(cls, law, articles, query="", linkable=None):
        """`articles`: those shown on the page; `linkable`: those of other laws to link to."""
        return cls(law, (a.number for a in articles), in_page=True, query=query, articles=linkable)

    @classmethod
    def for_article_page(cls, article, query="", articles=None):
        articles = cls.linkable(articles)
        numbers = articles.filter(law=article.law_id).values_list("number", flat=True)
        return cls(article.law, numbers, query=query, articles=articles)

    @staticmethod
    def linkable(articles):
        from .models import Article

        return Article.objects.published() if articles is None else articles

    @cached_property
    def other_laws(self):
        """{title: (slug, {article numbers})} of the other laws, in one query asked only by a
        page that cites a 《law》, whatever the number of references."""
        laws = {}
        rows = (
            self.linkable(self.articles)
            .exclude(law=self.law)
            .values_list("law__slug", f"law__{column('title', SOURCE_LANGUAGE)}", "number")
        )
        for slug, title, number in rows:
            if title not in laws:
                laws[title] = laws[title.removeprefix("中华人民共和国")] = (slug, set())
            laws[title][1].add(number)
        return laws

    def href(self, reference, article_number):
        anchor = f"article-{reference.article}"
        if reference.paragraph:
            anchor += f"-{reference.paragraph}"
        if reference.law_title:
            slug, numbers = self.other_laws.get(reference.law_title, (None, ()))
            if reference.article not in numbers:
                return None
        else:
            if reference.article not in self.numbers:
                return None
            if self.in_page:
                return f"#{anchor}"
            slug = self.law.slug
            if reference.article == article_number:
                return f"#{anchor}"
        url = reverse("legislation:article", kwargs={"slug": slug, "number": reference.article})
        return f"{url}{self.query if slug == self.law.slug else ''}#{anchor}"

    def render(self, text, article_number, paragraph_number):
        """The paragraph as safe HTML, its resolvable references as links."""
        parts, position = [], 0
        for reference in find_references(text, article=article_number, paragraph=paragraph_number):
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
