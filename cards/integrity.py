"""What comparisons rely on cannot be deleted from under them: the statute articles they
cite (and so the laws of those articles) and the card types they compare. Registered here,
by the app that owns the comparisons; see publishing.deletion."""

from django.utils.translation import gettext_lazy as _

from legislation.models import Article, Law
from publishing.deletion import guard_deletion

from .models import CardType, Comparison


def register_guards():
    guard_deletion(
        Article,
        reason=_("It is cited as the legal basis of these comparisons:"),
        blockers=lambda articles: Comparison.objects.filter(legal_basis__in=articles).distinct(),
    )
    guard_deletion(
        Law,
        reason=_("Its articles are cited as the legal basis of these comparisons:"),
        blockers=lambda laws: Comparison.objects.filter(legal_basis__law__in=laws).distinct(),
    )
    guard_deletion(
        CardType,
        reason=_("These comparisons compare it:"),
        blockers=lambda cards: Comparison.objects.filter(card_types__in=cards).distinct(),
    )
