"""Punctuation that joins pieces of text, per language, from one place.

Templates and Python never write ": ", " — " or "(…)" between a label and a value: they ask
here. Each mark is a translatable string (context "punctuation"), so the catalogue decides
per language: Chinese pages get full-width marks with no spaces (「：」「——」「（）」), English
ones ": ", " — " and " (…)".
"""

from django.utils.functional import lazy
from django.utils.translation import pgettext

from . import registry


def colon():
    """After a label: "Legal basis: …" / 「法律依据：…」."""
    return pgettext("punctuation: after a label", ": ")


def dash():
    """Before an attribution or an aside: "— Article 2" / 「——第二条」."""
    return pgettext("punctuation: before an attribution", "— ")


def title_separator():
    """Between the parts of a page title: "Search – Social security inquiry"."""
    return pgettext("punctuation: between the parts of a page title", " – ")


def opening_bracket():
    return pgettext("punctuation: opening bracket", " (")


def closing_bracket():
    return pgettext("punctuation: closing bracket", ")")


def list_separator():
    """Between the items of a list run into a line: ", " / 「、」."""
    return pgettext("punctuation: between items of a list", ", ")


def full_stop():
    """Between two sentences run together in one string: ". " / 「。」."""
    return pgettext("punctuation: end of a sentence", ". ")


def as_description(text):
    """`text` as a page description: an introduction that ends in a colon (it leads into a
    table) would end the description mid-sentence, so the colon goes."""
    return (text or "").rstrip().rstrip(":：").rstrip()


def labelled(label, value):
    """`label` then `value`, joined by the language's colon."""
    return f"{label}{colon()}{value}"


def bracketed(text):
    """`text` in the language's brackets, with the space English puts before them."""
    return f"{opening_bracket()}{text}{closing_bracket()}"


def _in_language(label, code):
    return f"{label}{bracketed(registry.language_name(code))}"


# Lazy: a field's verbose name is built once, when its model is registered, and must still
# name the language in the language of each request that shows it.
_lazy_in_language = lazy(_in_language, str)


def in_language(label, code):
    """A translated field's label: 「标题（英语）」, "Title (English)" (modeltranslation's
    MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME; its default is "title [zh-hans]"). The
    language is named as everywhere else in the admin, in the admin's language."""
    return _lazy_in_language(label, code)
