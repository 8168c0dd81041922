"""Template access to translations.typography: {% colon %}, {% dash %}, {{ x|bracketed }}."""

from django import template

from publishing.templatetags import publishing_tags
from translations import i18n, typography

register = template.Library()

# {{ items|joined }} (「、」, ", "), {{ text|bracketed }} and {{ label|listed:items }}: the
# ground floor's filters, which the publishing admin's templates load from there.
register.filter("joined", publishing_tags.joined)
register.filter("bracketed", publishing_tags.bracketed)
register.filter("listed", publishing_tags.listed)


@register.simple_tag
def colon():
    return typography.colon()


@register.simple_tag
def dash():
    return typography.dash()


@register.simple_tag
def full_stop():
    """Between two sentences: ". " / 「。」."""
    return typography.full_stop()


@register.simple_tag
def title_separator():
    return typography.title_separator()


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
