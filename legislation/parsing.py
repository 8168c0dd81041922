"""Parse a statute published as plain text, in Chinese or in English.

Chinese (LawRefBook/Laws texts from flk.npc.gov.cn, markdown heading marks removed):

    中华人民共和国社会保险法                 ← title: the first non-empty line
    2010年10月28日 …通过                     ← 题注 (history) lines, up to the first heading
    第一章 总则                              ← chapter heading (第一编 parts are read too)
    第一节 集体合同                          ← optional section heading (restarts in each chapter)
    第一条 为了规范社会保险关系……            ← article: label, one space, first paragraph
    个人依法享受社会保险待遇……               ← every further line is one paragraph (款) or item (项)

English (the published English statute format):

    Social Insurance Law of the People's Republic of China
    (Adopted at … on 28 October 2010 …)     ← history lines: they name a year
    Chapter I General Provisions
    Section 1 Collective Contracts
    Article 1                                ← the label on its own line
    This Law is enacted …                    ← paragraphs, one a line

Blank lines only separate paragraphs. Problems are collected with their line numbers and raised
together as one ParseError, so an editor can fix a file in one pass. ASCII punctuation between
Chinese characters (a scraping artefact) is made full-width, and each change is reported.
Pure Python, no Django, so it can be tested without a database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .numbering import from_chinese, from_roman, is_chinese

# Strict on purpose: a heading is a Chinese numeral, 编/章/节/条 and a space (ASCII or
# full-width) at the very start of the line. Cross-references such as "依照本法第五十八条规定"
# or a paragraph starting "第二条规定的…" have no space after the label and stay paragraph text.
# A bare label with nothing after it also matches, so that it fails loudly as a heading
# without text instead of being glued to the previous article as a paragraph.
ZH_HEADING_RE = re.compile(r"^第([一二三四五六七八九十百千零〇两]+)(编|章|节|条)(?:[ \u3000]|$)")
ZH_KINDS = {"编": "part", "章": "chapter", "节": "section", "条": "article"}
# English: "Chapter I General Provisions", "Section 1 …", "Article 1" alone on its line (a
# paragraph may start "Article 63 of this Law …", so an article label never carries text).
EN_HEADING_RE = re.compile(
    r"^(?:(?P<kind>Part|Chapter|Section)\s+(?P<numeral>[IVXLCDM]+|\d+)\b(?:[\s.:]+(?P<rest>.*))?"
    r"|Article\s+(?P<article>\d+)\.?)$",
    re.IGNORECASE,
)
# 题注 lines name a date: "2010年10月28日 …通过", "(Adopted … on 28 October 2010)".
HISTORY_RE = re.compile(r"\d{4}")
# ASCII punctuation between two Chinese characters (or before the end of a Chinese line).
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
ASCII_PUNCTUATION_RE = re.compile(rf"(?<=[{CJK}])([,:;?!])(?=[{CJK}]|$)")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


class ParseError(ValueError):
    """The text is malformed. `problems` is [(line number or None, message)]."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(_where(lineno) + message for lineno, message in problems))


def _where(lineno):
    return f"line {lineno}: " if lineno else ""


@dataclass
class ParsedChapter:
    number: int
    title: str
    lineno: int = 0


@dataclass
class ParsedSection:
    chapter_number: int
    number: int  # numbering restarts at 1 in every chapter
    title: str
    lineno: int = 0


@dataclass
class ParsedArticle:
    number: int
    chapter_number: int | None  # None only in a law without chapters
    paragraphs: list[str]
    section_number: int | None = None
    lineno: int = 0

    @property
    def text(self) -> str:
        """The storage format of Article.text: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass
class Normalisation:
    """One ASCII punctuation mark made full-width: where, and the text around it."""

    lineno: int
    before: str
    after: str


@dataclass
class ParsedLaw:
    title: str
    history: list[str]
    chapters: list[ParsedChapter]
    articles: list[ParsedArticle]
    sections: list[ParsedSection] = field(default_factory=list)
    normalisations: list[Normalisation] = field(default_factory=list)


@dataclass
class _Heading:
    kind: str  # part, chapter, section, article
    number: int | None  # None when the numeral is malformed
    numeral: str
    rest: str


def normalise_punctuation(line: str, lineno: int) -> tuple[str, list[Normalisation]]:
    """范围: → 范围：, 统筹,其他 → 统筹，其他; each change reported with a little context."""
    changes = []

    def replace(match):
        start, end = max(match.start() - 4, 0), min(match.end() + 4, len(line))
        fixed = FULL_WIDTH[match.group(1)]
        changes.append(
            Normalisation(
                lineno,
                line[start:end],
                line[start : match.start()] + fixed + line[match.end() : end],
            )
        )
        return fixed

    return ASCII_PUNCTUATION_RE.sub(replace, line), changes


def _zh_heading(line: str) -> _Heading | None:
    match = ZH_HEADING_RE.match(line)
    if not match:
        return None
    numeral, kind = match.groups()
    try:
        number = from_chinese(numeral)
    except ValueError:
        number = None
    return _Heading(ZH_KINDS[kind], number, numeral, line[match.end() :].strip())


def _en_heading(line: str) -> _Heading | None:
    # NFKC: full-width digits and spaces (Ａｒｔｉｃｌｅ ５) read as ASCII ones.
    match = EN_HEADING_RE.match(unicodedata.normalize("NFKC", line))
    if not match:
        return None
    if match["article"]:
        numeral, kind = match["article"], "article"
    else:
        numeral, kind = match["numeral"], match["kind"].lower()
    if numeral.isdigit():
        number = int(numeral) if len(numeral) <= 4 and int(numeral) >= 1 else None
    else:
        try:
            number = from_roman(numeral)
        except ValueError:
            number = None
    return _Heading(kind, number, numeral, (match["rest"] or "").strip())


class _Parser:
    def __init__(self, language):
        self.chinese = is_chinese(language)
        self.heading = _zh_heading if self.chinese else _en_heading
        self.problems: list[tuple[int | None, str]] = []
        self.title: str | None = None
        self.history: list[str] = []
        self.chapters: list[ParsedChapter] = []
        self.sections: list[ParsedSection] = []
        self.articles: list[ParsedArticle] = []
        self.normalisations: list[Normalisation] = []
        self.current: ParsedArticle | None = None
        self.section: ParsedSection | None = None
        self.part_number = 0
        self.seen_heading = False

    def problem(self, lineno, message):
        self.problems.append((lineno, message))

    def expect_next(self, kind, number, previous, lineno):
        """Numbers must run 1, 2, 3 … in file order; say exactly what is wrong if they do not."""
        expected = previous + 1
        if number == expected:
            return
        if number <= previous:
            problem = "duplicate" if number == previous else "out of order"
            self.problem(lineno, f"{kind} {number} is {problem} (expected {expected})")
        else:
            self.problem(lineno, f"{kind} {number} skips {kind} {expected}")

    def parse(self, text):
        # lstrip a byte order mark; strip each line so trailing spaces or \r do not matter.
        for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if self.chinese:
                line, changes = normalise_punctuation(line, lineno)
                self.normalisations += changes
            heading = self.heading(line)
            if self.title is None:
                if heading:
                    self.problem(lineno, f"expected the law's title, found a heading: {line!r}")
                self.title = line
            elif heading is None:
                self.paragraph(line, lineno)
            else:
                self.start(heading, line, lineno)
        self.finish_article()
        if self.title is None:
            self.problem(None, "the text is empty")
        elif not self.articles and not self.problems:
            label = "第…条 and a space" if self.chinese else "Article N on its own line"
            self.problem(None, f"no articles found (an article line starts with {label})")
        self.check_chapter_not_empty("end of text")
        if self.problems:
            raise ParseError(self.problems)
        return ParsedLaw(
            self.title,
            self.history,
            self.chapters,
            self.articles,
            self.sections,
            self.normalisations,
        )

    def paragraph(self, line, lineno):
        if self.current is not None:
            self.current.paragraphs.append(line)
        elif self.seen_heading:
            self.problem(lineno, f"text outside any article: {line!r}")
        elif HISTORY_RE.search(line):
            # English texts print the notes in brackets: "(Adopted at … 2010)".
            bracketed = not self.chinese and line.startswith("(") and line.endswith(")")
            self.history.append(line[1:-1].strip() if bracketed else line)
        else:
            self.problem(lineno, f"text before the first heading: {line!r}")

    def start(self, heading, line, lineno):
        kind = heading.kind
        self.finish_article()
        if heading.number is None:
            self.problem(lineno, f"bad {kind} number {heading.numeral!r}")
            self.current = None
            return
        number = heading.number
        # An English article label stands alone; every other heading carries its text.
        needs_text = self.chinese or kind != "article"
        if needs_text and not heading.rest:
            self.problem(lineno, f"{kind} {number} has no text (a bare label)")
        self.seen_heading = True
        chapter_number = self.chapters[-1].number if self.chapters else None

        if kind == "part":
            # 编 group chapters; chapters and articles number on through the parts.
            self.expect_next("part", number, self.part_number, lineno)
            self.part_number = number
            self.current = None
        elif kind == "chapter":
            if self.articles and chapter_number is None:
                self.problem(lineno, "articles come before the first chapter")
            self.check_chapter_not_empty(lineno)
            self.expect_next("chapter", number, chapter_number or 0, lineno)
            self.chapters.append(ParsedChapter(number, heading.rest, lineno))
            self.current, self.section = None, None
        elif kind == "section":
            if chapter_number is None:
                self.problem(lineno, f"section {number} comes before any chapter")
                return
            previous = self.section.number if self.section else 0
            if (
                previous == 0
                and self.articles
                and self.articles[-1].chapter_number == (chapter_number)
            ):
                self.problem(
                    lineno,
                    f"section {number} follows articles of chapter {chapter_number} that are "
                    "in no section (mixed-up sections)",
                )
            self.check_section_not_empty(lineno)
            self.expect_next("section", number, previous, lineno)
            self.section = ParsedSection(chapter_number, number, heading.rest, lineno)
            self.sections.append(self.section)
            self.current = None
        else:
            previous = self.articles[-1].number if self.articles else 0
            self.expect_next("article", number, previous, lineno)
            paragraphs = [heading.rest] if heading.rest else []
            section_number = self.section.number if self.section else None
            self.current = ParsedArticle(number, chapter_number, paragraphs, section_number, lineno)
            self.articles.append(self.current)

    def finish_article(self):
        # An English label followed directly by the next heading (or the end) is empty.
        if self.current is not None and not self.current.paragraphs and not self.chinese:
            self.problem(self.current.lineno, f"article {self.current.number} has no text")
        self.current = None

    def check_chapter_not_empty(self, where):
        # An empty chapter almost always means an article heading was mangled (no space).
        self.check_section_not_empty(where)
        if self.chapters and not (
            self.articles and self.articles[-1].chapter_number == self.chapters[-1].number
        ):
            self.problem_at(where, f"chapter {self.chapters[-1].number} has no articles")

    def check_section_not_empty(self, where):
        section = self.section
        if section and not (
            self.articles
            and self.articles[-1].chapter_number == section.chapter_number
            and self.articles[-1].section_number == section.number
        ):
            self.problem_at(
                where,
                f"section {section.number} of chapter {section.chapter_number} has no articles",
            )
            self.section = None  # reported once

    def problem_at(self, where, message):
        if isinstance(where, int):
            self.problem(where, message)
        else:
            self.problem(None, f"{where}: {message}")


def parse_law_text(text: str, language: str = "zh-hans") -> ParsedLaw:
    """Split a law's text into title, history, chapters, sections and articles; raise
    ParseError (a ValueError) listing every problem with its line number."""
    return _Parser(language).parse(text)
