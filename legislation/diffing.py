"""Word-level differences between two wordings of an article, marked up accessibly.

Chinese has no spaces, so each Han character is a word; Latin words, numbers and punctuation
are tokens of their own. Deletions and insertions are <del>/<ins> elements that also say in
words what they are (visually hidden), so the change is not shown by colour alone.
"""

import difflib
import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from translations import typography

from .models import split_paragraphs

TOKEN_RE = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9'’-]+|\s+|.", re.DOTALL)


def _tokens(text):
    return TOKEN_RE.findall(text)


def _marked(tag, label, text):
    # Read aloud as "(inserted: …)" / 「（插入：…）」: the language's own brackets and colon,
    # marked with the page's language, as the statute text around them may be in another.
    return format_html(
        '<{tag}><span class="visually-hidden" lang="{lang}">{opening}{label}{colon}</span>{text}'
        '<span class="visually-hidden" lang="{lang}">{closing}</span></{tag}>',
        tag=tag,
        lang=get_language(),
        opening=typography.opening_bracket().lstrip(),
        label=label,
        colon=typography.colon(),
        text=text,
        closing=typography.closing_bracket(),
    )


def _diff_paragraph(old, new):
    a, b = _tokens(old), _tokens(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_marked("del", _("deleted"), "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(_marked("ins", _("inserted"), "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts


def word_diff(old, new):
    """[html of each paragraph] of `new`, with what changed from `old` marked."""
    a, b = split_paragraphs(old), split_paragraphs(new)
    paragraphs = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraphs += [format_html("{}", p) for p in b[j1:j2]]
        elif op == "replace" and i2 - i1 == j2 - j1:
            paragraphs += [_diff_paragraph(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
        else:
            paragraphs += [_marked("del", _("deleted"), p) for p in a[i1:i2]]
            paragraphs += [_marked("ins", _("inserted"), p) for p in b[j1:j2]]
    return paragraphs


def has_changed(old, new):
    return split_paragraphs(old) != split_paragraphs(new)
