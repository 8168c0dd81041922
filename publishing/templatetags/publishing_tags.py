"""Small helpers for the publishing templates (the staff banner, the admin's pages). The
punctuation filters are publishing.punctuation's marks; translations' `typography` tag library
offers the same filters to the content apps' templates."""

from django import template
from django.utils.html import format_html

from publishing import punctuation

register = template.Library()


@register.filter
def verbose_name(obj):
    """The model's name of an object, in the active language ("law", "法律")."""
    return obj._meta.verbose_name


@register.filter
def bracketed(text):
    """`text` in the language's brackets: " (added)" / 「（新增）」 (escaped unless safe)."""
    return format_html("{}{}{}", punctuation.opening_bracket(), text, punctuation.closing_bracket())


@register.filter
def joined(items):
    """Names run into a line: "Alice, Bob" / 「甲、乙」."""
    return punctuation.join_list(items)


@register.filter
def listed(label, items):
    """{{ label|listed:items }}: a label ending in a colon, then the items it introduces:
    "Linked from: A, B" / 「链接来自：甲、乙」 (publishing.punctuation.label_and_list)."""
    return punctuation.label_and_list(label, items)
