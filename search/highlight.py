"""Excerpts with the matched words in <mark>, built so escaping can never break: the text is
cut into pieces, every piece is escaped, and only our own <mark> tags are added around them."""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from translations.conversion import fold

CONTEXT = 50  # characters shown on each side of the first match


def pattern(needles):
    """Matches any needle in text folded to one script (translations.conversion.fold). A
    number is matched whole: the 2 of "Article 2" is not marked inside 2012 or 12."""
    if not needles:
        return None
    return _pattern(tuple(needles))


@functools.lru_cache(maxsize=256)
def _pattern(needles):
    # Once per process and query: a page of results asked for it about 90 times.
    folded = dict.fromkeys(fold(n) for n in sorted(needles, key=len, reverse=True))
    return re.compile("|".join(_whole_numbers(n) for n in folded), re.IGNORECASE)


def _whole_numbers(needle):
    """The needle as a regex that does not start or end inside a longer number."""
    regex = re.escape(needle)
    if needle[:1].isdigit():
        regex = r"(?<!\d)" + regex
    if needle[-1:].isdigit():
        regex += r"(?!\d)"
    return regex


AFTER_FULL_WIDTH = re.compile(r"(?<=[\u3000-\u303f\uff00-\uffef]) ")


def matches(text, needles):
    regex = pattern(needles)
    return bool(text and regex and regex.search(fold(text)))


def highlight(text, needles, *, context=CONTEXT):
    """The part of `text` around its first match, escaped, matches wrapped in <mark>; the
    start of the text (escaped) when nothing matches. `context=None`: the whole text."""
    # Paragraphs become one line; Chinese joins them with no space after its full-width marks.
    text = AFTER_FULL_WIDTH.sub("", " ".join((text or "").split()))
    regex = pattern(needles)
    # Matched in the folded text (same length), marked in the text shown: 养老 marks 養老.
    folded = fold(text)
    first = regex.search(folded) if regex else None
    if context is None:
        start, end = 0, len(text)
    else:
        start = max(0, first.start() - context) if first else 0
        end = min(len(text), (first.end() if first else 0) + context + (0 if first else context))
    excerpt = text[start:end]
    pieces = []
    position = 0
    for match in regex.finditer(folded[start:end]) if regex else ():
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(excerpt[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
