"""Template access to translations.typography: {% colon %}, {% dash %}, {{ x|bracketed }}."""

from django import template

from translations import i18n, typography

register = template.Library()


@register.simple_tag
def colon():
    return typography.colon()


@register.simple_tag
def dash():
    return typography.dash()


@register.filter
def joined(items):
    """{{ items|joined }}: the items with the language's list separator (「、」, ", ")."""
    return typography.list_separator().join(str(item) for item in items)


@register.simple_tag
def full_stop():
    """Between two sentences: ". " / 「。」."""
    return typography.full_stop()


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


@register.filter
def language_tag(code):
    """{{ LANGUAGE_CODE|language_tag }}: zh-hant → zh-Hant, for lang and hreflang attributes."""
    return i18n.language_tag(code)
