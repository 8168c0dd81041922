"""Marking content shown in the source language on pages of another language."""

from django import template
from django.utils.html import format_html

from translations.i18n import SOURCE_LANGUAGE, is_fallback

register = template.Library()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="zh-hans"` when `field` falls back to Chinese, else nothing. Use inside a tag:
    <p{% lang_attr point "heading" %}>{{ point.heading }}</p>."""
    if is_fallback(obj, field):
        return format_html(' lang="{}"', SOURCE_LANGUAGE)
    return ""


@register.filter
def falls_back(obj, field):
    return is_fallback(obj, field)
