"""Terminology checks: a source text that uses a glossary term should have the agreed
rendering in its translation.

A language made by conversion (translations.conversion) takes each term in its own script,
converted character by character as statutes are (养老保险 → 養老保險), unless the glossary
gives it a rendering of its own: converted_term()."""

import re

from . import conversion
from .models import GlossaryTerm

# Single characters (条, 款, 章…) occur inside unrelated words (条件 = conditions): too
# ambiguous to check in running text; they stay in the glossary for reference.
MIN_TERM_LENGTH = 2


def converted_term(source, language):
    """The agreed rendering of the term `source` in `language`, a language made by
    conversion: the term in that script, character by character (the statute profile)."""
    return conversion.in_script(source, language)


def terms_by_language():
    """{language: [terms, longest source first]} (one query). A converted language has
    every term: those stored, and the others converted (unsaved GlossaryTerm)."""
    result = {}
    terms = list(GlossaryTerm.objects.order_by("language", "source"))
    for term in terms:
        if len(term.source) >= MIN_TERM_LENGTH:
            result.setdefault(term.language, []).append(term)
    sources = sorted({term.source for term in terms if len(term.source) >= MIN_TERM_LENGTH})
    for language in conversion.converted_languages():
        stored = {term.source for term in result.get(language, [])}
        result.setdefault(language, []).extend(
            GlossaryTerm(source=source, language=language, target=converted_term(source, language))
            for source in sources
            if source not in stored
        )
    for terms in result.values():
        terms.sort(key=lambda term: -len(term.source))
    return result


WORD = re.compile(r"\w+(?:['’]\w+)?")


# A term's last character and the next one can make a longer word: 社会保险法 in
# 社会保险法律 is 社会保险 + 法律 (laws), not the Social Insurance Law. Chinese has no spaces
# to frame a term, so the two-character words that end a term early are listed here (not
# 法规: 社会保险法规定 is the law that provides).
LONGER_WORDS = {"法律", "法院", "法人", "法定", "法制", "法治"}


def _stem(word):
    """English plurals and possessives count as the singular: agencies → agency,
    worker's → worker, employers' → employer."""
    word = re.sub(r"'s$", "", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _normal(text):
    """Space-separated word stems, framed by spaces so that a term matches whole words only."""
    words = (_stem(word) for word in WORD.findall(text.casefold().replace("’", "'")))
    return f" {' '.join(words)} "


def mismatches(source, translation, terms):
    """The terms used in `source` whose agreed rendering is absent from `translation`.

    Longer terms are matched first and hide the shorter ones they contain (职工基本医疗保险
    is checked as a whole, not also as 基本医疗保险)."""
    if not source or not translation:
        return []
    remaining = source
    translated = _normal(translation)
    found = []
    for term in terms:
        if _used(term.source, remaining):
            remaining = remaining.replace(term.source, "\0")
            # Chinese has no spaces between words: a term in Chinese characters is found as
            # it is written, anywhere in the translation.
            if CJK.search(term.target):
                if term.target not in translation:
                    found.append(term)
            elif _normal(term.target) not in translated:
                found.append(term)
    return found


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _used(term, text):
    """`term` occurs in `text` as itself, not as the start of a longer word (LONGER_WORDS)."""
    for match in re.finditer(re.escape(term), text):
        following = text[match.end() : match.end() + 1]
        if term[-1] + following not in LONGER_WORDS:
            return True
    return False
