"""The English working translation of the Social Insurance Law matches the Chinese text's structure.

Both files are read with plain line parsing here, on purpose independent of the law importer, so
that a mistake in the translation file (a lost article, a 款 merged into the one before it, an
item out of step) is caught even if the importer would accept it.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHINESE = ROOT / "legislation" / "seed" / "social-insurance-law-2018.zh-hans.txt"
ENGLISH = ROOT / "legislation" / "seed" / "social-insurance-law-2018.en.txt"
GLOSSARY = ROOT / "translations" / "seed" / "glossary.tsv"

ZH_HEADING = re.compile(r"^第([一二三四五六七八九十百]+)(章|条)[ \u3000]+(.*)$")
EN_CHAPTER = re.compile(r"^Chapter ([IVXLC]+) (\S.*)$")
EN_ARTICLE = re.compile(r"^Article (\d+)$")
ZH_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")
EN_ITEM = re.compile(r"^\((\d+)\) ")

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


def chinese_number(numeral):
    """一 … 九十九 and 一百 … 一百九十九: enough for this law, without importing the app."""
    total = 0
    if "百" in numeral:
        hundreds, numeral = numeral.split("百")
        total += 100 * DIGITS.get(hundreds or "一", 1)
    if "十" in numeral:
        tens, numeral = numeral.split("十")
        total += 10 * (DIGITS[tens] if tens else 1)
    return total + (DIGITS[numeral] if numeral else 0)


@dataclass
class Text:
    title: str = ""
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (number, title)
    articles: dict[int, tuple[int, list[str]]] = field(default_factory=dict)  # chapter, paragraphs
    order: list[int] = field(default_factory=list)


def parse_chinese(path):
    text, current = Text(), None
    for line in (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines()):
        if not line:
            continue
        if not text.title:
            text.title = line
            continue
        match = ZH_HEADING.match(line)
        if match and match[2] == "章":
            text.chapters.append((match[1], match[3]))
            current = None
        elif match:
            current = chinese_number(match[1])
            text.order.append(current)
            text.articles[current] = (len(text.chapters), [match[3]])
        elif current is not None:
            text.articles[current][1].append(line)
    return text


def parse_english(path):
    """Title line; `Chapter <Roman> <Title>`; `Article N` alone on a line; then its paragraphs,
    each one line, separated by blank lines (as each 款 and 项 is in the Chinese file)."""
    text, current = Text(), None
    lines = path.read_text(encoding="utf-8").splitlines()
    text.title = lines[0]
    previous = ""
    for lineno, line in enumerate(lines[1:], start=2):
        assert line == line.strip(), f"line {lineno}: stray whitespace"
        follows_text, previous = bool(previous), line
        if not line:
            continue
        if match := EN_CHAPTER.match(line):
            text.chapters.append((match[1], match[2]))
            current = None
        elif match := EN_ARTICLE.match(line):
            current = int(match[1])
            text.order.append(current)
            text.articles[current] = (len(text.chapters), [])
        else:
            assert current is not None, f"line {lineno}: text outside any article"
            # Two paragraphs without a blank line between them would read as one.
            assert not follows_text or EN_ARTICLE.match(lines[lineno - 2]), (
                f"line {lineno}: no blank line before this paragraph"
            )
            text.articles[current][1].append(line)
    return text


@pytest.fixture(scope="module")
def chinese():
    return parse_chinese(CHINESE)


@pytest.fixture(scope="module")
def english():
    return parse_english(ENGLISH)


def test_every_article_in_order(chinese, english):
    assert english.title == "Social Insurance Law of the People's Republic of China"
    assert english.order == list(range(1, 99))
    assert english.order == chinese.order


def test_chapters_in_order_and_articles_in_the_same_chapters(chinese, english):
    assert [number for number, _ in english.chapters] == ROMAN
    assert len(english.chapters) == len(chinese.chapters) == 12
    for number, (chapter, _) in chinese.articles.items():
        assert english.articles[number][0] == chapter, f"Article {number}"


def test_every_article_has_as_many_paragraphs_as_the_chinese(chinese, english):
    mismatched = {
        number: (len(paragraphs), len(english.articles[number][1]))
        for number, (_, paragraphs) in chinese.articles.items()
        if len(paragraphs) != len(english.articles[number][1])
    }
    assert mismatched == {}, "article: (Chinese, English) paragraph counts"


def test_items_keep_their_numbers(chinese, english):
    for number, (_, paragraphs) in chinese.articles.items():
        for zh, en in zip(paragraphs, english.articles[number][1], strict=True):
            zh_item, en_item = ZH_ITEM.match(zh), EN_ITEM.match(en)
            assert bool(zh_item) == bool(en_item), f"Article {number}: {zh[:10]} / {en[:20]}"
            if zh_item:
                assert chinese_number(zh_item[1]) == int(en_item[1]), f"Article {number}"


@pytest.mark.parametrize(
    "term, english_term",
    [
        ("用人单位", "employer"),
        ("社会保险经办机构", "social insurance agenc"),
        ("社会保险费", "social insurance contribution"),
        ("社会保险待遇", "social insurance benefits"),
        ("工伤保险", "work-related injury insurance"),
        ("社会保险行政部门", "social insurance administrative department"),
        ("参保人员", "insured person"),
    ],
)
def test_glossary_terms_are_used(chinese, english, term, english_term):
    missing = [
        number
        for number, (_, paragraphs) in chinese.articles.items()
        if term in "".join(paragraphs)
        and english_term not in " ".join(english.articles[number][1]).lower()
    ]
    assert missing == [], f"articles with {term} but without {english_term!r}"


def term_pattern(english_term):
    """The agreed rendering, each word singular or plural (agency/agencies, fund/funds)."""
    words = []
    for word in english_term.lower().split():
        word = re.escape(word)
        if word.endswith("y"):
            words.append(word[:-1] + "(?:y|ies)")
        elif word.endswith("s"):
            words.append(word + "?")
        else:
            words.append(word + "(?:s|es)?")
    return re.compile(r"\b" + r"\s+".join(words) + r"\b")


def test_every_glossary_term_has_its_rendering(chinese, english):
    """Wherever the Chinese of an article uses a glossary term, its English uses the agreed
    rendering. A term inside a longer one follows the longer one (失业保险 in 失业保险金 is
    "unemployment benefit"); one-character entries (条, 款 …) and chapter names are labels."""
    with GLOSSARY.open(encoding="utf-8", newline="") as file:
        terms = [row for row in csv.DictReader(file, delimiter="\t") if len(row["zh"]) > 1]
    terms = [row for row in terms if row["zh"] not in ("总则", "附则")]
    missing = []
    for number, (_, paragraphs) in chinese.articles.items():
        english_text = " ".join(english.articles[number][1]).lower()
        # 社会保险法定职责 is 社会保险 + 法定职责 (statutory duties), not the Social Insurance Law.
        chinese_text = "".join(paragraphs).replace("社会保险法定职责", "□")
        for row in terms:
            text = chinese_text
            for longer in terms:
                if row["zh"] in longer["zh"] and row["zh"] != longer["zh"]:
                    text = text.replace(longer["zh"], "□")
            if row["zh"] in text and not term_pattern(row["en"]).search(english_text):
                missing.append((number, row["zh"], row["en"]))
    assert missing == []


def test_reviewed_wordings(english):
    chapters = dict(english.chapters)
    assert chapters["VII"] == "Collection and Payment of Social Insurance Contributions"
    assert chapters["IX"] == "Social Insurance Operations"
    assert "basic protection" in english.articles[3][1][0]
    article_5 = english.articles[5][1][0]
    assert "into their plans for national economic and social development" in article_5
