"""Reading what a visitor typed into the search box. Pure functions, no database.

Chinese is not split into words (no segmenter is needed, or installed): a run of Han
characters is matched as a substring, so 社保 and 卡 find 社保卡 inside a sentence. English is
case-insensitive and a plural finds its singular ("pensions" → "pension"). Terms separated by
spaces must all match.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from legislation.numbering import parse_article_number
from translations.conversion import fold, script_variants

# Longer queries are refused with a friendly page (400), not truncated behind the visitor's back.
MAX_LENGTH = 100
MAX_TERMS = 8

# 第二条, 第 2 条, Article 2, art. 2, Art 2 (after NFKC, so ２ and 　 are ASCII), each optionally
# with a law's name: 劳动合同法第十条, 《社会保险法》第二条, "Labour Contract Law Article 10",
# "Article 10 of the Labour Contract Law".
# A paragraph (款) and an item (项) may follow: 第十条第二款, 第十四条第二款第三项, 第十四条第三项,
# "Article 30(2)", "Article 14(2)(3)", "Article 10, paragraph 2, item 3"; or come first:
# "paragraph 2 of Article 14", "item (3) of paragraph 2 of Article 14 of the … Law".
ZH_NUMERAL = "[0-9零〇一二两三四五六七八九十百千]+"
EN_PARAGRAPH = r"(?:\s*\((?P<en_para>[0-9]+)\)|\s*,?\s*para(?:graph|\.)?\s*(?P<en_para2>[0-9]+))?"
EN_ITEM = r"(?:\s*\((?P<en_item>[0-9]+)\)|\s*,?\s*item\s*\(?(?P<en_item2>[0-9]+)\)?)?"
EN_BEFORE = (
    r"(?:item\s*\(?(?P<pre_item>[0-9]+)\)?\s+of\s+"
    r"(?:para(?:graph|\.)?\s*(?P<pre_para>[0-9]+)\s+of\s+)?"
    r"|para(?:graph|\.)?\s*(?P<pre_para2>[0-9]+)\s+of\s+)"
)
ARTICLE_REFERENCE = re.compile(
    rf"^(?:{EN_BEFORE}art(?:icle|\.)?\s*(?P<en_pre>[0-9]+)(?:\s+of\s+(?P<law_pre>.+))?"
    rf"|(?P<law>.*?)\s*(?:第\s*(?P<zh>{ZH_NUMERAL})\s*条"
    rf"(?:\s*第\s*(?P<zh_para>{ZH_NUMERAL})\s*款)?"
    rf"(?:\s*第\s*(?P<zh_item>{ZH_NUMERAL})\s*项)?"
    rf"|\bart(?:icle|\.)?\s*(?P<en>[0-9]+){EN_PARAGRAPH}{EN_ITEM})"
    r"|art(?:icle|\.)?\s*(?P<en_first>[0-9]+)\s+of\s+(?P<law_after>.+))$",
    re.IGNORECASE,
)
# Stripped from the ends of words: "pensions?" is searched as pensions.
PUNCTUATION = ".,;:!?\"'()[]{}《》「」“”‘’，。；：！？、"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class QueryError(ValueError):
    """A query we will not run; `message` is shown to the visitor (lazy, translated). `status`
    is 400 for a request no search box sends (too long), 200 for what a visitor may type.
    `shorten`: a shorter query would work (so the page suggests one)."""

    def __init__(self, message, status=200, shorten=False):
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.shorten = shorten


@dataclass(frozen=True)
class Term:
    text: str  # as typed, normalised
    variants: tuple = ()  # what is matched: the text, its singular, its synonyms

    def with_synonyms(self, expansions):
        extra = tuple(e for e in expansions if e not in self.variants)
        return Term(self.text, self.variants + extra)


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple = field(default_factory=tuple)
    article_number: int | None = None
    law_name: str = ""  # the law a reference names (劳动合同法第十条), "" for a bare one
    paragraph_number: int | None = None  # the 款 a reference names (第十条第二款), if any
    item_number: int | None = None  # the 项 it names (第十四条第二款第三项), if any

    @property
    def words(self):
        """What to look up in the synonym table: every variant, and the whole query."""
        return [v for term in self.terms for v in term.variants] + [self.text]

    @property
    def needles(self):
        """Every string to highlight, longest first (so 社会保险 wins over 社保)."""
        return sorted({v for term in self.terms for v in term.variants}, key=len, reverse=True)

    def with_synonyms(self, synonyms):
        """`synonyms` maps a normalised term to the expansions editors gave it."""
        terms = tuple(
            term.with_synonyms([e for v in term.variants for e in synonyms.get(v, ())])
            for term in self.terms
        )
        whole = synonyms.get(self.text)
        if whole and len(terms) > 1:  # a multi-word abbreviation: search it as one phrase too
            terms = (Term(self.text, (self.text, *whole)),)
        return Query(
            self.text,
            terms,
            self.article_number,
            self.law_name,
            self.paragraph_number,
            self.item_number,
        )


def normalise(text):
    """NFKC (full-width → ASCII), lower case, no control or unpaired characters, one space."""
    text = unicodedata.normalize("NFKC", text)
    # Cc: controls (NUL…), Cs: lone surrogates, Co: private use; U+FFFD stands for bytes that
    # were not UTF-8 (Django decodes them so).
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cs", "Co") or c == "\ufffd" else c for c in text
    )
    return " ".join(text.lower().split())


def is_chinese_text(text):
    return bool(HAN.search(text))


def singular(word):
    """A crude English singular, enough to let a plural find its singular: matching is by
    substring, so the singular also finds the plural and compounds."""
    if is_chinese_text(word) or len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def parse(raw):
    """A Query, or QueryError for what cannot be searched. An empty Query (no terms) means
    the visitor has not asked anything yet."""
    if len(raw) > MAX_LENGTH:
        raise QueryError(
            _("That is too long to search for: use at most %(max)d characters.")
            % {"max": MAX_LENGTH},
            status=400,
            shorten=True,
        )
    text = normalise(raw)
    if raw.strip() and not text:
        raise QueryError(_("There is nothing we can search for in that."))
    words = [w for w in (word.strip(PUNCTUATION) for word in text.split()) if w]
    if text and not words:
        raise QueryError(_("There is nothing we can search for in that."))
    # References are read in Simplified: 第二條 is 第二条, 勞動合同法第十條 劳动合同法第十条.
    reference = fold(text)
    number, law = law_article_reference(reference)
    paragraph, item = paragraph_reference(reference)
    if len(words) > MAX_TERMS:
        if number is None:
            raise QueryError(
                _("That is too many words: use at most %(max)d.") % {"max": MAX_TERMS},
                shorten=True,
            )
        # "item (3) of paragraph 2 of Article 14 of the … Law" is one reference, not a list
        # of words: it is looked up whole; only its first words are searched if it names
        # nothing that exists.
        words = words[:MAX_TERMS]
    # Either script finds both: 養老 also searches 养老, and 养老 also 養老 (zh-hant columns).
    terms = tuple(Term(w, tuple(dict.fromkeys((*script_variants(w), singular(w))))) for w in words)
    return Query(" ".join(words), terms, number, law, paragraph, item)


def article_reference(text):
    """The article number in 第二条, 第2条, "Article 2", "art. 2", else None. A bare number
    or 二 is not a reference: it may be part of what is searched for."""
    number, law = law_article_reference(text)
    return None if law else number


def law_article_reference(text):
    """(article number, law name or "") of 劳动合同法第十条, "Article 10 of the Labour
    Contract Law", 第二条 …; (None, "") when the text is not an article reference."""
    match = ARTICLE_REFERENCE.match(text)
    if not match:
        return None, ""
    # "Labor Contract Law, Article 10": the comma is not part of the name.
    law = (match["law"] or match["law_after"] or match["law_pre"] or "").strip()
    law = law.rstrip(",，、:：").strip()
    if match["zh"]:
        return parse_article_number(f"第{match['zh']}条"), law
    return parse_article_number(match["en"] or match["en_first"] or match["en_pre"]), law


def paragraph_reference(text):
    """(paragraph, item): the 款 and 项 numbers a reference names (第十四条第二款第三项,
    "item (3) of paragraph 2 of Article 14", "Article 30(2)"), each None when not named."""
    match = ARTICLE_REFERENCE.match(text)
    if not match:
        return None, None

    def number(*groups):
        found = next((match[g] for g in groups if match[g]), None)
        if found is None:
            return None
        return int(found) if found.isdigit() else parse_article_number(f"第{found}条")

    return (
        number("zh_para", "en_para", "en_para2", "pre_para", "pre_para2"),
        number("zh_item", "en_item", "en_item2", "pre_item"),
    )
