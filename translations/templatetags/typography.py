"""Template access to translations.typography: {% colon %}, {% dash %}, {{ x|bracketed }}."""

from django import template

from translations import typography

register = template.Library()


@register.simple_tag
def colon():
    return typography.colon()


@register.simple_tag
def dash():
    return typography.dash()


@register.simple_tag
def title_separator():
    return typography.title_separator()


@register.filter
def bracketed(text):
    return typography.bracketed(text)


@register.filter
def as_description(text):
    return typography.as_description(text)


@register.filter
def labelled(label, value):
    """{{ label|labelled:value }}: the label, the language's colon, the value."""
    return typography.labelled(label, value)
