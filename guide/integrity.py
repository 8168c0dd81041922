"""What the guide's tasks link to cannot be deleted from under them (publishing.deletion): a
task's comparison point (also through its comparison), its statute article (also through its
law) and its card type. The admin names the tasks instead of deleting, and a draft or revert
that would delete such a row cannot be published. A task's link to a point or an article is
optional: an editor may delete and cut it (publishing.repair); its card is not."""

from django.utils.translation import gettext_lazy as _

from cards.models import CardType, Comparison, ComparisonPoint
from legislation.models import Article, Law
from publishing.deletion import guard_deletion

from .models import Task


def register_guards():
    guards = [
        (ComparisonPoint, "point__in", _("These guide tasks link to it:"), "point"),
        (Comparison, "point__comparison__in", _("These guide tasks link to its points:"), "point"),
        (Article, "article__in", _("These guide tasks cite it:"), "article"),
        (Law, "article__law__in", _("These guide tasks cite its articles:"), "article"),
        # A task must name its card: that reference cannot be cut.
        (CardType, "card__in", _("These guide tasks name it as the card to bring:"), None),
    ]
    for model, lookup, reason, cut in guards:
        guard_deletion(
            model,
            reason=reason,
            blockers=lambda queryset, lookup=lookup: Task.objects.filter(
                **{lookup: queryset}
            ).distinct(),
            cut=cut,
        )
