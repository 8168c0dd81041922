"""Honest fallbacks: content shown in the source language on a page in another language is
marked with the source language's `lang` and a short notice in the visitor's language; an
outdated translation gets a quieter note with the date its source changed; a machine
conversion nobody has reviewed yet says so (a statute's once, in statute_notice)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from translations.conversion import is_converted
from translations.i18n import SOURCE_LANGUAGE, is_fallback
from translations.registry import is_statute_field, language_name, source_text
from translations.tracking import is_machine_converted, outdated_since

register = template.Library()


@register.simple_tag
def lang_attr(obj, field):
    """` lang="zh-hans"` when `field` falls back to the source, else nothing. Use inside a
    tag: <p{% lang_attr point "heading" %}>{{ point.heading }}</p>."""
    if is_fallback(obj, field):
        return format_html(' lang="{}"', SOURCE_LANGUAGE)
    return ""


@register.filter
def falls_back(obj, field):
    return is_fallback(obj, field)


@register.simple_tag
def translation_note(obj, field, inline=False):
    """After a translated field: a notice where it falls back to the source, a quieter note
    where its translation is outdated, nothing otherwise (and always on source pages).
    `inline=True` gives a short <span> for titles and list items, else a paragraph."""
    language = get_language()
    source = language_name(SOURCE_LANGUAGE)
    if is_fallback(obj, field, language):
        if inline:
            return format_html('<span class="tag tag--fallback">{}</span>', _("Not yet translated"))
        return format_html(
            '<p class="notice notice--fallback">{}</p>',
            _("Not yet translated: shown in the %(language)s original.") % {"language": source},
        )
    # A statute's conversion is said once per page, by statute_notice.
    statute = is_statute_field(type(obj), field) and is_converted(language)
    if not statute and is_machine_converted(obj, field, language):
        if inline:
            return format_html(
                '<small class="note note--machine">{}</small>', _("Machine-converted")
            )
        return format_html(
            '<p class="note note--machine">{}</p>',
            _("Converted by machine from the %(language)s original; not reviewed yet.")
            % {"language": source},
        )
    changed = outdated_since(obj, field, language)
    if changed is None:
        return ""
    day = localtime(changed).date()
    when = format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day))
    message = _(
        "The %(language)s original changed on %(date)s; this translation may not reflect it yet."
    )
    # Escape the message and the language name, then put the (already safe) date in.
    sentence = mark_safe(escape(message) % {"language": escape(source), "date": when})
    element = "small" if inline else "p"
    return format_html('<{0} class="note note--outdated">{1}</{0}>', element, sentence)


@register.simple_tag
def statute_notice():
    """On a statute page in another language than the original: what the text is, and that
    the original is authoritative."""
    language = get_language()
    if language == SOURCE_LANGUAGE:
        return ""
    if is_converted(language):
        message = _(
            "Converted by machine from the %(language)s text, character by character. "
            "The %(language)s text is authoritative."
        ) % {"language": language_name(SOURCE_LANGUAGE)}
    else:
        message = _("Unofficial translation. The Chinese text is authoritative.")
    return format_html('<p class="notice">{}</p>', message)


@register.simple_tag
def original_text(obj, field):
    """The source-language text of `field`, whatever the page's language."""
    return source_text(obj, field)
