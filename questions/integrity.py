"""What questions rely on cannot be deleted from under them (publishing.deletion): the
articles they cite or quote, and so the laws of those articles. The admin names the questions
instead of deleting."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from legislation.models import Article, Law
from publishing.deletion import guard_deletion

from .models import Question


def register_guards():
    guard_deletion(
        Article,
        reason=_("These questions cite or quote it:"),
        blockers=lambda articles: Question.objects.filter(
            Q(legal_basis__in=articles) | Q(blocks__article__in=articles)
        ).distinct(),
    )
    guard_deletion(
        Law,
        reason=_("These questions cite or quote its articles:"),
        blockers=lambda laws: Question.objects.filter(
            Q(legal_basis__law__in=laws) | Q(blocks__article__law__in=laws)
        ).distinct(),
    )
