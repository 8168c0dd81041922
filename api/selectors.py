"""What the API and the embeds may show: the one place that decides it.

Each public kind of object has a queryset of what visitors can see now and a `*_public_since`
function saying from when an object is (or will be) public, None for never; the change feed
uses the latter. Card types and comparisons are publishable (publishing.models.Publishable:
drafts, scheduled publication and withdrawal); the wording of a statute on a date is decided
here too (articles() and in_force(), over legislation's versions).
"""

import datetime

from django.utils import timezone

from cards.models import CardType, Comparison
from legislation.models import Article, Law

# For objects that have no publication state: public for as long as they exist.
ALWAYS = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def card_types():
    return CardType.objects.published()


def comparisons():
    return Comparison.objects.published()


def publishable_public_since(obj):
    """Mirrors PublishableQuerySet.published(): public from its scheduled time (or from when it
    was published), None when it is not published or its withdrawal time has passed."""
    if not obj.is_published:
        return None
    if obj.unpublish_at is not None and obj.unpublish_at <= timezone.now():
        return None
    return obj.publish_at or obj.last_published_at or ALWAYS


card_type_public_since = comparison_public_since = publishable_public_since


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
