"""What the API and the embeds may show: the one place that decides it.

Each public kind of object has a queryset of what visitors can see now and a `*_public_since`
function giving the window (from, until) in which an object is public, None for never; the
change feed uses the latter. The wording of a statute on a date is decided here too
(articles() and in_force(), over legislation's versions).
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch

from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Article, Chapter, Law, Section

# The start of a window that is open from the beginning.
ALWAYS = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def card_types():
    return CardType.objects.published()


def comparisons():
    return Comparison.objects.published()


def public_window(obj):
    """(from, until) of a Publishable: when it is public (until None: for good), or None when
    it is not published at all. Mirrors PublishableQuerySet.published()."""
    if not obj.is_published:
        return None
    return (obj.publish_at or ALWAYS, obj.unpublish_at)


card_type_public_since = comparison_public_since = public_window


def tasks():
    """Published tasks of the guide whose card is public too, with what they link to."""
    return Task.objects.published().filter(card__in=card_types()).with_links()


def laws():
    return Law.objects.published()


def laws_with_chapters():
    """Published laws with the chapters and sections a visitor can read: those holding a
    public article (the law page leaves the others out too), in a fixed number of queries."""
    public = Article.objects.published()
    sections = Section.objects.filter(Exists(public.filter(section=OuterRef("pk"))))
    chapters = Chapter.objects.filter(Exists(public.filter(chapter=OuterRef("pk"))))
    chapters = chapters.order_by("number").prefetch_related(
        Prefetch("sections", sections.order_by("number"))
    )
    return laws().prefetch_related(Prefetch("chapters", chapters))


law_public_since = public_window


def articles(on_date=None):
    """Published articles of the published laws in force on `on_date` (today when None), ready
    for in_force(): nothing before a law took effect, nothing from its repeal on."""
    queryset = Article.objects.published().with_law()
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


def article_public_since(article, law_window=False):
    """An article is public while it and its law both are: the overlap of the two windows.
    `law_window` replaces its law's (what it was before a change of the law)."""
    own = public_window(article)
    law = public_window(article.law) if law_window is False else law_window
    if own is None or law is None:
        return None
    ends = [until for until in (own[1], law[1]) if until is not None]
    since, until = max(own[0], law[0]), min(ends, default=None)
    return None if until is not None and until <= since else (since, until)
