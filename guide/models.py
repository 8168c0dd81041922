"""The task guide: "Which card do I need?" Editors write the tasks; no code per question."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cards.models import CardType, ComparisonPoint
from legislation.models import Article
from publishing.models import Publishable, PublishableQuerySet
from publishing.redirects import KeepsOldSlugs


class TaskQuerySet(PublishableQuerySet):
    def published(self, now=None):
        """The one rule for what visitors see of the guide: a published task (inside its
        publication window, publishing's rule) from its date on, whose card is public too (a
        task without its card's page would link to a 404). The page, the API and the
        registry's channels all ask this; visible_to(user) comes from publishing."""
        return (
            super()
            .published(now)
            .filter(
                published_on__lte=timezone.localdate(),
                card__in=CardType.objects.published(now),
            )
        )

    def with_links(self):
        """The card, the comparison point and the article of every task, in the same query."""
        return self.select_related("card", "point__comparison", "article__law")


class Task(KeepsOldSlugs, Publishable):
    """A task of the guide. Publishable: a new task is a draft, an editor's change to a
    published one is a draft until published (publishing), with history and revert."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    question = models.CharField(
        _("task"), max_length=100, help_text=_("What the visitor wants to do, such as 看病买药.")
    )
    card = models.ForeignKey(
        CardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("card to bring")
    )
    reason = models.CharField(_("reason"), max_length=300, help_text=_("One line: why this card."))
    point = models.ForeignKey(
        ComparisonPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comparison point"),
        help_text=_("The point of a comparison that says so."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statute article"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return f"{reverse('guide:index')}#{self.anchor}"

    def is_public(self, now=None):
        """What published() says, for a task in memory (load its card with it)."""
        now = now or timezone.now()
        return (
            super().is_public(now)
            and self.published_on <= timezone.localdate(now)
            and self.card.is_public(now)
        )

    def withheld_by(self):
        """The card, while it is not public (the task is not public either)."""
        return None if self.card.is_public() else self.card

    @property
    def anchor(self):
        return f"task-{self.slug}"

    @property
    def point_url(self):
        """The point's row in its comparison, while that comparison is public; else None."""
        comparison = self.point.comparison if self.point_id else None
        if comparison is None or not comparison.is_public():
            return None
        return f"{comparison.get_absolute_url()}#{self.point.anchor}"

    @property
    def public_article(self):
        """The statute article, while it is public (with_links() loads it with its law)."""
        article = self.article if self.article_id else None
        return article if article is not None and article.is_public() else None
