"""What the API and the embeds may show: the one place that decides it.

Each public kind of object has a queryset of what visitors can see now and a `*_public_since`
function saying from when an object is (or will be) public, None for never; the change feed
uses the latter. When card types get drafts (CardType.objects.published()), these functions
are what changes, and nothing else in the app; the wording of a statute on a date is decided
here too (articles() and in_force(), over legislation's versions).
"""

import datetime

from django.utils import timezone

from cards.models import CardType, Comparison
from legislation.models import Article, Law

# For objects that have no publication state: public for as long as they exist.
ALWAYS = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def card_types():
    # Card types have no draft state yet: switch to CardType.objects.published() when it lands.
    return CardType.objects.all()


def card_type_public_since(card_type):
    return ALWAYS


def comparisons():
    return Comparison.objects.published()


def comparison_public_since(comparison):
    """Mirrors ComparisonQuerySet.published(): from the start of the publication date."""
    if not comparison.is_published:
        return None
    day = Comparison._meta.get_field("published_on").to_python(comparison.published_on)
    start = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(start)


def laws():
    # Every law is public today.
    return Law.objects.all()


def law_public_since(law):
    return ALWAYS


def articles(on_date=None):
    """Articles of the laws in force on `on_date` (today when None), ready for in_force():
    nothing before a law took effect, nothing from its repeal on."""
    queryset = Article.objects.with_law()
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


def article_public_since(article):
    return ALWAYS
