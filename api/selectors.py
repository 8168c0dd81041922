"""What the API and the embeds show, read from the one rule of each kind.

Each public kind (publishing.registry) has one queryset method for what visitors see now,
the same the pages, search, sitemaps and feed ask; public_window() gives the time (from,
until) in which an object is public, for the change feed. The wording of a statute on a date
is decided here too (articles() and in_force(), over legislation's versions).
"""

from django.db.models import Exists, OuterRef, Prefetch

from legislation.models import Article, Chapter, Section
from publishing import registry
from publishing.models import overlap


def public(name):
    """What visitors see of the kind `name`: its one public rule (publishing.registry)."""
    return registry.get(name).public_queryset()


def card_types():
    return public("card-type")


def comparisons():
    return public("comparison")


def laws():
    return public("law")


def card_types_with_comparisons():
    """Public card types, each with its public comparisons (`public_comparisons`)."""
    return card_types().prefetch_related(
        Prefetch(
            "comparisons",
            queryset=comparisons().order_by("slug"),
            to_attr="public_comparisons",
        )
    )


def comparisons_with_card_types():
    return comparisons().with_card_types()


def comparisons_with_content():
    return comparisons().with_content()


def tasks():
    """Published tasks of the guide (whose card is public: Task.objects.published()), with
    what they link to."""
    return public("task").with_links()


def questions():
    return public("question")


def questions_with_topics():
    return questions().with_topics()


def questions_with_content():
    return questions().with_content()


def public_window(kind, obj, within=False):
    """(from, until) in which `obj` of `kind` is public, None for never: its own window
    (Publishable.public_window()), bounded by that of the object it lives within (an
    article's law). `within` replaces that one (what it was before a change of the law)."""
    own = obj.public_window()
    if kind.within is None:
        return own
    outer = getattr(obj, kind.within).public_window() if within is False else within
    return overlap(own, outer)


def laws_with_chapters():
    """Published laws with the chapters and sections a visitor can read: those holding a
    public article (the law page leaves the others out too), in a fixed number of queries."""
    shown = Article.objects.published()
    sections = Section.objects.filter(Exists(shown.filter(section=OuterRef("pk"))))
    chapters = Chapter.objects.filter(Exists(shown.filter(chapter=OuterRef("pk"))))
    chapters = chapters.order_by("number").prefetch_related(
        Prefetch("sections", sections.order_by("number"))
    )
    return laws().prefetch_related(Prefetch("chapters", chapters))


def articles(on_date=None):
    """Published articles of the published laws in force on `on_date` (today when None), ready
    for in_force(): nothing before a law took effect, nothing from its repeal on."""
    queryset = public("article")
    if on_date is None:
        return queryset
    return (
        queryset.with_wordings()
        .filter(law__effective_on__lte=on_date)
        .exclude(law__repealed_on__lte=on_date)
    )


def in_force(articles, on_date=None):
    """The articles (from articles(on_date)) with their wording in force on `on_date`,
    leaving out those the law did not contain yet (Article.on())."""
    if on_date is None:
        return articles
    return [worded for article in articles if (worded := article.on(on_date)) is not None]
