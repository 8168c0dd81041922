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

The print format of the national law database (flk.npc.gov.cn) reads too: its 题注 in
parentheses, "（1994年7月5日…通过　根据2009年8月27日…修正）", becomes one history line per date;
its 目录 (table of contents, a list of headings after a line 目录) is skipped; full-width spaces
inside headings ("第一章　总　　则") are dropped. So do LawRefBook's markdown marks ("# ", "## ",
"<!-- INFO END -->"). The in-force date is read from the text: "本法自1995年1月1日起施行",
"本法自公布之日起施行" (the adoption date, the first 题注 date), "This Law shall come into force
on 1 July 2011".

Refused besides malformed structure: control characters (NUL …) and, in a Chinese text, a
line with Latin letters and no Chinese character (scraping garbage); a title line that is a
题注 line (the title is missing); an article longer than ARTICLE_MAX_LENGTH characters.

Blank lines only separate paragraphs. Problems are collected with their line numbers and raised
together as one ParseError, so an editor can fix a file in one pass. ASCII punctuation between
Chinese characters (a scraping artefact) is made full-width, and each change is reported.
Pure Python, no Django, so it can be tested without a database.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from .numbering import from_chinese, from_roman, is_chinese

# The most characters an article's text may have (paragraphs and the blank lines between
# them), in any language; Article.text and ArticleWording.text have the same limit. The
# seed laws' longest article has under 2,000; a real statute's article stays far below
# 20,000. A longer one is a pasted mistake (and, before search/0006, it made PostgreSQL's
# search_cjk_grams run past the statement timeout).
ARTICLE_MAX_LENGTH = 20_000

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
# Control characters (NUL, escape, DEL, C1 …) and line/paragraph separators: never text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
CJK_RE = re.compile(rf"[{CJK}]")
LATIN_RE = re.compile(r"[A-Za-z]")
# Whitespace between two Chinese characters of a heading: "总　　则" → "总则".
CJK_SPACE_RE = re.compile(rf"(?<=[{CJK}])[\s\u3000]+(?=[{CJK}])")
# Markdown (LawRefBook): heading marks and comment lines.
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+")
MARKDOWN_COMMENT_RE = re.compile(r"^<!--.*-->$")
TOC_RE = re.compile(r"^目[\s\u3000]*录$")
ZH_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
ZH_DATE_RE = re.compile(ZH_DATE)
# A title line is never a 题注: "2010年10月28日 …通过", "（1994年…）", "(Adopted …)".
NOT_A_TITLE_RE = re.compile(rf"^[(（]|^{ZH_DATE}")
# 题注 in parentheses on one line, several dates separated by spaces before 根据.
HISTORY_SPLIT_RE = re.compile(r"[\s\u3000]+(?=根据)")
# The date in digits or Chinese numerals (二〇一二年七月一日), 起 optional (自1986年10月1日施行).
ZH_NUMERAL = "[0-9〇零一二三四五六七八九十]"
ZH_IN_FORCE_RE = re.compile(
    rf"本(?:法|条例|规定|决定)自(?:({ZH_NUMERAL}{{4}})年({ZH_NUMERAL}{{1,3}})月"
    rf"({ZH_NUMERAL}{{1,3}})日|(公布之日))起?施行"
)
YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
MONTHS = "January February March April May June July August September October November December"
MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS.split(), start=1)}
EN_IN_FORCE_RE = re.compile(
    r"\b(?:comes?|came|go(?:es)?|went|enters?|entered) into (?:force|effect)"
    r"|\b(?:takes?|took) effect",
    re.IGNORECASE,
)
EN_DATE_RE = re.compile(
    rf"(?:(\d{{1,2}}) ({MONTHS.replace(' ', '|')}),? (\d{{4}})"
    rf"|({MONTHS.replace(' ', '|')}) (\d{{1,2}}),? (\d{{4}}))"
    r"|((?:date|day) of (?:its )?promulgation)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: a message template in English ({name} placeholders) and its
    parameters, so that a user interface can show it translated. Unpacks as (line, message)."""

    lineno: int | None
    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        """In English; a list parameter is joined with commas."""
        return self.template.format(**{n: _joined(v) for n, v in self.params.items()})

    def __iter__(self):
        return iter((self.lineno, self.message))

    def __str__(self):
        return (f"line {self.lineno}: " if self.lineno else "") + self.message


def _joined(value):
    return ", ".join(map(str, value)) if isinstance(value, list) else value


class ParseError(ValueError):
    """The text is malformed. `problems` is [Problem], in line order."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


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
    title_lineno: int = 1
    # From "本法自…起施行" / "This Law shall come into force on …"; None: the text names none.
    in_force_on: datetime.date | None = None
    in_force_lineno: int | None = None

    @property
    def history_dates(self) -> list[datetime.date]:
        """The dates of the 题注 lines (adopted, amended …), in order."""
        return [
            datetime.date(*map(int, m.groups()))
            for line in self.history
            for m in [ZH_DATE_RE.search(line)]
            if m
        ] or [date for line in self.history if (date := _english_date(line))]


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


def _english_date(text: str) -> datetime.date | None:
    match = EN_DATE_RE.search(text)
    if not match or match[7]:
        return None
    day, month, year = (
        (match[1], match[2], match[3]) if match[1] else (match[5], match[4], match[6])
    )
    try:
        return datetime.date(int(year), MONTH_NUMBERS[month.lower()], int(day))
    except ValueError:
        return None


def _zh_number(numeral: str) -> int:
    """12 or 十二 → 12."""
    return int(numeral) if numeral.isascii() else from_chinese(numeral)


def in_force_date(paragraph: str, chinese: bool, adopted: datetime.date | None):
    """The date a paragraph says the law comes into force on, or None. "On promulgation"
    means the adoption date (laws are promulgated the day they are adopted)."""
    if chinese:
        match = ZH_IN_FORCE_RE.search(paragraph)
        if not match:
            return None
        if match[4]:
            return adopted
        try:
            year, month, day = match.groups()[:3]
            return datetime.date(
                int(year.translate(YEAR_DIGITS)), _zh_number(month), _zh_number(day)
            )
        except ValueError:
            return None
    if not EN_IN_FORCE_RE.search(paragraph):
        return None
    match = EN_DATE_RE.search(paragraph)
    if match and match[7]:
        return adopted
    return _english_date(paragraph)


def _zh_heading(line: str) -> _Heading | None:
    match = ZH_HEADING_RE.match(line)
    if not match:
        return None
    numeral, kind = match.groups()
    try:
        number = from_chinese(numeral)
    except ValueError:
        number = None
    kind, rest = ZH_KINDS[kind], line[match.end() :].strip()
    if kind != "article":  # the print format spaces out short headings: 总　　则
        rest = CJK_SPACE_RE.sub("", rest)
    return _Heading(kind, number, numeral, rest)


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
        self.problems: list[Problem] = []
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
        self.title_lineno = 1
        self.toc: list[tuple[str, int | None]] | None = None  # headings listed under 目录
        self.in_toc = False

    def problem(self, lineno, template, **params):
        self.problems.append(Problem(lineno, template, params))

    def expect_next(self, kind, number, previous, lineno):
        """Numbers must run 1, 2, 3 … in file order; say exactly what is wrong if they do not."""
        expected = previous + 1
        if number == expected:
            return
        if number <= previous:
            problem = "duplicate" if number == previous else "out of order"
            template = f"{{kind}} {{number}} is {problem} (expected {{expected}})"
            self.problem(lineno, template, kind=kind, number=number, expected=expected)
        else:
            template = "{kind} {number} skips {kind} {expected}"
            self.problem(lineno, template, kind=kind, number=number, expected=expected)

    def parse(self, text):
        # lstrip a byte order mark; strip each line so trailing spaces or \r do not matter.
        # Split on \n only: other line breaks (\v, \x1c, U+2028 …) are refused as control
        # characters instead of silently making lines.
        for lineno, raw in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
            line = raw.strip()
            if not line:
                continue
            if control := CONTROL_RE.search(line):
                self.problem(
                    lineno,
                    "control character {code} in the text",
                    code=f"U+{ord(control.group()):04X}",
                )
                line = CONTROL_RE.sub("", line)
            line = MARKDOWN_HEADING_RE.sub("", line)
            if MARKDOWN_COMMENT_RE.match(line):
                continue
            if self.chinese:
                line, changes = normalise_punctuation(line, lineno)
                self.normalisations += changes
            heading = self.heading(line)
            if self.title is None:
                if heading:
                    self.problem(lineno, "expected the title, found a heading: {line}", line=line)
                elif NOT_A_TITLE_RE.match(line):
                    self.problem(lineno, "expected the title, found a 题注 line: {line}", line=line)
                self.title, self.title_lineno = line, lineno
            elif self.in_toc or (self.chinese and not self.seen_heading and TOC_RE.match(line)):
                self.table_of_contents(heading, line, lineno)
            elif heading is None:
                self.check_language(line, lineno)
                self.paragraph(line, lineno)
            else:
                self.start(heading, line, lineno)
        self.finish_article()
        if self.title is None:
            self.problem(None, "the text is empty")
        elif not self.articles and not self.problems:
            self.problem(
                None,
                "no articles found (an article line starts with 第…条 and a space)"
                if self.chinese
                else "no articles found (an article is labelled Article N on its own line)",
            )
        self.check_chapter_not_empty(None)  # at the end of the text
        if self.problems:
            raise ParseError(self.problems)
        law = ParsedLaw(
            self.title,
            self.history,
            self.chapters,
            self.articles,
            self.sections,
            self.normalisations,
            title_lineno=self.title_lineno,
        )
        self.read_in_force_date(law)
        return law

    def table_of_contents(self, heading, line, lineno):
        """目录: the headings that follow, up to the first one seen again, are skipped."""
        if self.toc is None:  # the line 目录 itself
            self.toc, self.in_toc = [], True
            return
        key = (heading.kind, heading.number) if heading else None
        if heading is None:
            self.problem(lineno, "not a heading in the table of contents (目录): {line}", line=line)
        elif self.toc and key == self.toc[0]:
            self.in_toc = False  # the text starts
            self.start(heading, line, lineno)
        else:
            self.toc.append(key)

    def check_language(self, line, lineno):
        """A line of Latin letters without a Chinese character cannot be a paragraph of a
        Chinese law (a scraping or encoding accident); nor a line of Chinese in English."""
        if self.chinese:
            wrong = LATIN_RE.search(line) and not CJK_RE.search(line)
        else:
            wrong = CJK_RE.search(line) and not LATIN_RE.search(line)
        if wrong:
            template = "not Chinese text: {line}" if self.chinese else "not English text: {line}"
            self.problem(lineno, template, line=line[:80])

    def read_in_force_date(self, law):
        # The clause is in one of the last articles (附则); a later one wins.
        adopted = next(iter(law.history_dates), None)
        for article in reversed(law.articles[-3:]):
            for paragraph in article.paragraphs:
                date = in_force_date(paragraph, self.chinese, adopted)
                if date is not None:
                    law.in_force_on, law.in_force_lineno = date, article.lineno
                    return

    def paragraph(self, line, lineno):
        if self.current is not None:
            self.current.paragraphs.append(line)
        elif self.seen_heading:
            self.problem(lineno, "text outside any article: {line}", line=line)
        elif HISTORY_RE.search(line) or self.history and self.chinese and line[0] in "(（根":
            # Notes in brackets (English texts, the national database's print format) lose
            # them; "（…通过　根据…修正　根据…修正）" is one line per date.
            line = line.removeprefix("(").removeprefix("（").removesuffix(")").removesuffix("）")
            if self.chinese:
                self.history += [part.strip() for part in HISTORY_SPLIT_RE.split(line.strip())]
            else:
                self.history.append(line.strip())
        else:
            self.problem(lineno, "text before the first heading: {line}", line=line)

    def start(self, heading, line, lineno):
        kind = heading.kind
        self.finish_article()
        if heading.number is None:
            self.problem(lineno, "bad {kind} number {numeral}", kind=kind, numeral=heading.numeral)
            self.current = None
            return
        number = heading.number
        # An English article label stands alone; every other heading carries its text.
        needs_text = self.chinese or kind != "article"
        if needs_text and not heading.rest:
            template = "{kind} {number} has no text (a bare label)"
            self.problem(lineno, template, kind=kind, number=number)
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
                self.problem(lineno, "section {number} comes before any chapter", number=number)
                return
            previous = self.section.number if self.section else 0
            if (
                previous == 0
                and self.articles
                and self.articles[-1].chapter_number == (chapter_number)
            ):
                self.problem(
                    lineno,
                    "section {number} follows articles of chapter {chapter} that are in no "
                    "section (mixed-up sections)",
                    number=number,
                    chapter=chapter_number,
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
            number = self.current.number
            self.problem(self.current.lineno, "article {number} has no text", number=number)
        if self.current is not None and len(self.current.text) > ARTICLE_MAX_LENGTH:
            self.problem(
                self.current.lineno,
                "{kind} {number} is {length} characters long, more than the limit of {limit}",
                kind="article",
                number=self.current.number,
                length=f"{len(self.current.text):,}",
                limit=f"{ARTICLE_MAX_LENGTH:,}",
            )
        self.current = None

    def check_chapter_not_empty(self, lineno):
        # An empty chapter almost always means an article heading was mangled (no space).
        self.check_section_not_empty(lineno)
        if self.chapters and not (
            self.articles and self.articles[-1].chapter_number == self.chapters[-1].number
        ):
            number = self.chapters[-1].number
            self.problem(lineno, "chapter {number} has no articles", number=number)

    def check_section_not_empty(self, lineno):
        section = self.section
        if section and not (
            self.articles
            and self.articles[-1].chapter_number == section.chapter_number
            and self.articles[-1].section_number == section.number
        ):
            self.problem(
                lineno,
                "section {number} of chapter {chapter} has no articles",
                number=section.number,
                chapter=section.chapter_number,
            )
            self.section = None  # reported once


def parse_law_text(text: str, language: str = "zh-hans") -> ParsedLaw:
    """Split a law's text into title, history, chapters, sections and articles; raise
    ParseError (a ValueError) listing every problem with its line number. CRLF and CR-only
    line endings read as LF, whether the text came from a file opened in text mode (the
    command) or from decoded bytes (the admin's upload)."""
    return _Parser(language).parse(text.replace("\r\n", "\n").replace("\r", "\n"))
