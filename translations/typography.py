"""Punctuation that joins pieces of text, per language, from one place.

Templates and Python never write ": ", " — " or "(…)" between a label and a value: they ask
here. Each mark is a translatable string (context "punctuation"), so the catalogue decides
per language: Chinese pages get full-width marks with no spaces (「：」「——」「（）」), English
ones ": ", " — " and " (…)".
"""

from django.utils.functional import lazy
from django.utils.translation import pgettext

# The marks that join lists and clauses live on the ground floor (publishing imports no other
# app and writes admin messages with them); re-exported here for the content apps.
from publishing.punctuation import (  # noqa: F401 - re-exported
    bracketed,
    clause_separator,
    closing_bracket,
    colon,
    gap_after,
    join_clauses,
    join_list,
    list_separator,
    opening_bracket,
    sentences,
)

from . import registry


def dash():
    """Before an attribution or an aside: "— Article 2" / 「——第二条」."""
    return pgettext("punctuation: before an attribution", "— ")


def title_separator():
    """Between the parts of a page title: "Search – Social security inquiry"."""
    return pgettext("punctuation: between the parts of a page title", " – ")


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
