"""Joining names and clauses into one line, per language: ", " and "; " in English, 「、」 and
「；」 in Chinese, and sentences run together with a space in English, with none after a
full-width mark in Chinese.

Each mark is a translatable string (context "punctuation"), so the catalogue decides per
language. This is the ground floor of the project's punctuation: publishing imports no other
app, and translations.typography (which the content apps use) takes these from here, so each
mark is looked up in one place.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext

# Full-width marks end a Chinese clause or sentence with their own space: nothing is added.
_FULL_WIDTH_ENDS = "。；：，、！？）」』"


def colon():
    """After a label: "Legal basis: …" / 「法律依据：…」."""
    return pgettext("punctuation: after a label", ": ")


def opening_bracket():
    return pgettext("punctuation: opening bracket", " (")


def closing_bracket():
    return pgettext("punctuation: closing bracket", ")")


def bracketed(text):
    """`text` in the language's brackets, with the space English puts before them."""
    return f"{opening_bracket()}{text}{closing_bracket()}"


def list_separator():
    """Between the items of a list run into a line: ", " / 「、」."""
    return pgettext("punctuation: between items of a list", ", ")


def clause_separator():
    """Between the clauses of one sentence: "; " / 「；」."""
    return pgettext("punctuation: between clauses of a sentence", "; ")


def join_list(items):
    """「标题（简体中文）、标题（繁体中文）」 / "Title (Simplified Chinese), Title (English)"."""
    return list_separator().join(str(item) for item in items)


def label_and_list(label, items):
    """A label ending in a colon, then the list it introduces, as HTML (the label and each
    item escaped unless already safe, such as an admin link): "Linked from: A, B" /
    「链接来自：甲、乙」, no space after the full-width colon."""
    return format_html(
        "{}{}{}",
        label,
        gap_after(label),
        format_html_join(list_separator(), "{}", ((item,) for item in items)),
    )


def join_clauses(clauses):
    return clause_separator().join(str(clause) for clause in clauses)


def gap_after(text):
    """What separates `text` from a sentence run on after it: a space, or nothing after a
    full-width mark."""
    return "" if not text or str(text).endswith(tuple(_FULL_WIDTH_ENDS)) else " "


def sentences(*parts):
    """Sentences run together: a space after one ending in an English mark, none after a
    full-width one (「未保存：……。您输入的内容……」)."""
    text = ""
    for part in parts:
        part = str(part or "").strip()
        if part:
            text += (gap_after(text) if text else "") + part
    return text
