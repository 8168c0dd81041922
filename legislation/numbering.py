"""Numbering of statute divisions: Chinese numerals, Roman numerals and display labels.

Chinese statutes number 编、章、节、条 in Chinese numerals (Legislation Law, Art. 65), so the
labels are derived from plain integers here instead of being typed by editors. Pure functions,
no Django imports, so the parser and the tests can use them without settings.
"""

import re
import unicodedata
from functools import cache

MAX_CHINESE = 9999
MAX_ROMAN = 3999

DIGITS = "零一二三四五六七八九"
# Place values from the highest down; the ones place has no unit character.
UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))

ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _check_range(n: int, maximum: int) -> None:
    # bool is an int subclass; True must not silently become 第一条.
    if not isinstance(n, int) or isinstance(n, bool):
        raise ValueError(f"expected an integer, got {n!r}")
    if not 1 <= n <= maximum:
        raise ValueError(f"{n} is outside the range 1..{maximum}")


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 110 → 一百一十, 1010 → 一千零一十, 2024 → 二千零二十四."""
    _check_range(n, MAX_CHINESE)
    parts: list[str] = []
    gap = False  # a zero place between two non-zero places is read as one 零
    for value, unit in UNITS:
        digit = n // value % 10
        if digit == 0:
            gap = bool(parts)  # leading zeros are not read; trailing ones are dropped below
            continue
        if gap:
            parts.append("零")
            gap = False
        if value == 10 and digit == 1 and not parts:
            # 10–19 read 十, 十一 …; a non-leading 十 keeps its 一 (一百一十).
            parts.append("十")
        else:
            parts.append(DIGITS[digit] + unit)
    return "".join(parts)


@cache
def _chinese_values() -> dict[str, int]:
    # Parsing by lookup in the canonical forms accepts exactly what to_chinese writes, so
    # malformed numerals (十十, 一百一, 零一) fail instead of being guessed at. 10k entries.
    return {to_chinese(n): n for n in range(1, MAX_CHINESE + 1)}


def from_chinese(s: str) -> int:
    """Inverse of to_chinese: 九十八 → 98. Also accepts 〇 for 零 and 两 for 二 before 百/千."""
    if not isinstance(s, str):
        raise ValueError(f"expected a string, got {s!r}")
    normalised = s.replace("〇", "零").replace("两百", "二百").replace("两千", "二千")
    try:
        return _chinese_values()[normalised]
    except KeyError:
        raise ValueError(f"not a Chinese numeral between 1 and {MAX_CHINESE}: {s!r}") from None


def to_roman(n: int) -> str:
    """1 → I, 12 → XII, 3999 → MMMCMXCIX."""
    _check_range(n, MAX_ROMAN)
    parts = []
    for value, symbol in ROMAN:
        count, n = divmod(n, value)
        parts.append(symbol * count)
    return "".join(parts)


def is_chinese(lang: str | None) -> bool:
    """True for any Chinese Django language code (zh-hans, zh-hant, zh …)."""
    # get_language() returns None outside a request with translations deactivated.
    return (lang or "").lower().startswith("zh")


def article_label(n: int, lang: str | None) -> str:
    """第二条 / Article 2."""
    _check_range(n, MAX_CHINESE)  # same bounds in both languages
    return f"第{to_chinese(n)}条" if is_chinese(lang) else f"Article {n}"


def cited_paragraph(paragraph) -> int | None:
    """`paragraph` when it can name a paragraph (款) — an integer 1..MAX_CHINESE — else None
    (the whole article): a stored 0 or 10000 must not take a page down."""
    if isinstance(paragraph, int) and not isinstance(paragraph, bool):
        return paragraph if 1 <= paragraph <= MAX_CHINESE else None
    return None


def paragraph_label(n: int, paragraph: int | None, lang: str | None) -> str:
    """第七十四条第四款 / Article 74(4): one paragraph (款) of an article, as search reads a
    paragraph reference ("Article 14(2)(3)"); the article's label when `paragraph` is None."""
    if paragraph is None:
        return article_label(n, lang)
    _check_range(paragraph, MAX_CHINESE)
    if is_chinese(lang):
        return f"{article_label(n, lang)}第{to_chinese(paragraph)}款"
    return f"Article {n}({paragraph})"


def chapter_label(n: int, lang: str | None) -> str:
    """第一章 / Chapter I (English translations of Chinese laws number chapters in Roman)."""
    return f"第{to_chinese(n)}章" if is_chinese(lang) else f"Chapter {to_roman(n)}"


def article_range_label(first: int, last: int, lang: str | None) -> str:
    """第一条至第九条 / Articles 1–9 (one article: its label)."""
    if first == last:
        return article_label(first, lang)
    if is_chinese(lang):
        return f"{article_label(first, lang)}至{article_label(last, lang)}"
    _check_range(first, MAX_CHINESE)
    _check_range(last, MAX_CHINESE)
    return f"Articles {first}\u2013{last}"


def section_label(n: int, lang: str | None) -> str:
    """第一节 / Section 1."""
    _check_range(n, MAX_CHINESE)
    return f"第{to_chinese(n)}节" if is_chinese(lang) else f"Section {n}"


# "5", "第5条", "第五条", "五", "Article 5", "Art. 5"; Traditional 第十條 read as Simplified, 兩 as
# 两, which from_chinese reads only before 百 or 千 (两百): 第两条 is not how 2 is numbered.
TRADITIONAL = str.maketrans("條兩", "条两")
ARTICLE_NUMBER = re.compile(r"^(?:第|art(?:icle|\.)?\s*)?\s*(?P<number>\S+?)\s*条?$", re.IGNORECASE)


def parse_article_number(term):
    """The article number a search term or a typed URL stands for, or None."""
    # NFKC turns full-width digits and spaces (２, 　) into ASCII ones.
    text = unicodedata.normalize("NFKC", term or "").strip().translate(TRADITIONAL)
    match = ARTICLE_NUMBER.match(text)
    if not match:
        return None
    number = match["number"]
    if number.isascii() and number.isdigit():
        value = int(number) if len(number) <= 4 else 0  # int() refuses over 4300 digits
    else:
        try:
            value = from_chinese(number)
        except ValueError:
            return None
    return value if 1 <= value <= MAX_CHINESE else None


def from_roman(s: str) -> int:
    """Inverse of to_roman, canonical forms only: XII → 12; IIII or IC raise ValueError."""
    value = 0
    rest = (s or "").upper()
    for number, symbol in ROMAN:
        while rest.startswith(symbol):
            value += number
            rest = rest[len(symbol) :]
    if rest or not 1 <= value <= MAX_ROMAN or to_roman(value) != (s or "").upper():
        raise ValueError(f"not a Roman numeral between 1 and {MAX_ROMAN}: {s!r}")
    return value
