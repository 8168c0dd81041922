"""Links from other apps' pages to questions, so that those apps need not import questions:
legislation's article page lists the questions citing the article through this tag."""

from django import template

from questions.models import Question

register = template.Library()


@register.simple_tag(takes_context=True)
def questions_citing(context, article):
    """The questions that cite `article` as legal basis, as the visitor may see them."""
    user = context["request"].user
    return Question.objects.visible_to(user).filter(legal_basis=article).order_by("slug")
