"""Honest fallbacks: content shown in the source language on a page in another language is
marked with the source language's `lang` and a short notice in the visitor's language; an
outdated translation gets a quieter note with the date its source changed; a machine
conversion nobody has reviewed yet says so (a statute's once, in statute_notice; in a list
wrapped in {% machine_notes %}, once for the list, each such item carrying a mark)."""

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


# The mark of a machine-converted item in a {% machine_notes %} list, explained once above it.
MACHINE_MARK = "※"
# Context variable: the counter of the enclosing {% machine_notes %} block.
_MARKS = "_machine_marks"


class _Marks:
    count = 0


@register.simple_tag(takes_context=True)
def translation_note(context, obj, field, inline=False):
    """After a translated field: a notice where it falls back to the source, a quieter note
    where its translation is outdated, nothing otherwise (and always on source pages).
    `inline=True` gives a short <span> for titles and list items, else a paragraph; an
    inline machine conversion inside {% machine_notes %} is a mark (see there)."""
    language = get_language()
    source = language_name(SOURCE_LANGUAGE)
    if is_fallback(obj, field, language):
        if inline:
            return format_html('<span class="tag tag--fallback">{}</span>', _("Not yet translated"))
        return format_html(
            '<p class="notice notice--fallback">{}</p>',
            _("Not yet translated: shown in the %(language)s original.") % {"language": source},
        )
    # A statute's conversion is said once per page or section, by statute_notice; in a list
    # of {% machine_notes %} (laws beside other items) it is marked as the others are.
    marks = context.get(_MARKS)
    statute = is_statute_field(type(obj), field) and is_converted(language) and marks is None
    if not statute and is_machine_converted(obj, field, language):
        if inline and marks is not None:
            marks.count += 1
            # Seen as the mark the list's note explains; heard as the word, item by item.
            return format_html(
                '<small class="note note--machine-mark"><span aria-hidden="true">{}</span>'
                '<span class="visually-hidden">{}</span></small>',
                MACHINE_MARK,
                _("Machine-converted"),
            )
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


@register.tag
def machine_notes(parser, token):
    """{% machine_notes %}<ul>…</ul>{% endmachine_notes %}: a list whose items may be machine
    conversions says so once, in a note above it, instead of a label after every item (a
    home page in a converted language would repeat it a dozen times); each such item keeps a
    mark, read out as "machine-converted" by screen readers. No note when nothing is."""
    nodelist = parser.parse(("endmachine_notes",))
    parser.delete_first_token()
    return MachineNotesNode(nodelist)


class MachineNotesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        marks = _Marks()
        with context.push({_MARKS: marks}):
            content = self.nodelist.render(context)
        if not marks.count:
            return content
        message = _(
            "Texts marked %(mark)s were converted by machine from the %(language)s original "
            "and are not reviewed yet."
        ) % {"mark": MACHINE_MARK, "language": language_name(SOURCE_LANGUAGE)}
        return format_html('<p class="note note--machine">{}</p>{}', message, content)


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
    return format_html('<p class="notice notice--statute">{}</p>', message)


@register.simple_tag
def original_text(obj, field):
    """The source-language text of `field`, whatever the page's language."""
    return source_text(obj, field)
