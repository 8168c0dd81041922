"""Links from other apps' pages to comparisons, so that those apps need not import cards:
legislation's article page lists the comparisons citing the article through this tag."""

from django import template

from cards.models import Comparison

register = template.Library()


@register.simple_tag(takes_context=True)
def comparisons_citing(context, article):
    """The comparisons that cite `article` as legal basis, as the visitor may see them."""
    return Comparison.objects.visible_to(context["request"].user).filter(legal_basis=article)
