"""Parse a statute published as plain text (legislation/fixtures/*.zh-hans.txt).

The format (LawRefBook/Laws texts from flk.npc.gov.cn, markdown heading marks removed):

    中华人民共和国社会保险法                 ← title: the first non-empty line
    2010年10月28日 …通过                     ← 题注 (history) lines, up to the first heading
    第一章 总则                              ← chapter heading
    第一节 集体合同                          ← optional section heading (restarts in each chapter)
    第一条 为了规范社会保险关系……            ← article: label, one space, first paragraph
    个人依法享受社会保险待遇……               ← every further line is one paragraph (款) or item (项)

Blank lines only separate paragraphs. Pure Python, no Django, so it can be tested without a
database and reused by the seed loader.
"""

import re
from dataclasses import dataclass, field

from .numbering import from_chinese

# Strict on purpose: a heading is a Chinese numeral, 章/节/条 and a space (ASCII or full-width)
# at the very start of the line. Cross-references such as "依照本法第五十八条规定" or a
# paragraph starting "第二条规定的…" have no space after the label and so stay paragraph text.
# A bare label with nothing after it also matches, so that it fails loudly as a heading
# without text instead of being glued to the previous article as a paragraph.
HEADING_RE = re.compile(r"^第([一二三四五六七八九十百千零〇两]+)(章|节|条)(?:[ \u3000]|$)")

# What each heading kind is called in error messages.
KIND_NAMES = {"章": "chapter", "节": "section", "条": "article"}


@dataclass
class ParsedChapter:
    number: int
    title: str


@dataclass
class ParsedSection:
    chapter_number: int
    number: int  # numbering restarts at 1 in every chapter
    title: str


@dataclass
class ParsedArticle:
    number: int
    chapter_number: int | None  # None only in a law without chapters
    paragraphs: list[str]
    section_number: int | None = None

    @property
    def text(self) -> str:
        """The storage format of Article.text: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass
class ParsedLaw:
    title: str
    history: list[str]
    chapters: list[ParsedChapter]
    articles: list[ParsedArticle]
    sections: list[ParsedSection] = field(default_factory=list)


def _expect_next(kind: str, number: int, previous: int, where: str) -> None:
    """Numbers must run 1, 2, 3 … in file order; say exactly what is wrong if they do not."""
    expected = previous + 1
    if number == expected:
        return
    if number <= previous:
        problem = "duplicate" if number == previous else "out of order"
        raise ValueError(f"{where}: {kind} {number} is {problem} (expected {expected})")
    raise ValueError(f"{where}: {kind} {number} skips {kind} {expected}")


def parse_law_text(text: str) -> ParsedLaw:
    """Split a law's text into title, history, chapters and articles; raise ValueError if the
    numbering has gaps or duplicates or if text stands outside an article."""
    title: str | None = None
    history: list[str] = []
    chapters: list[ParsedChapter] = []
    sections: list[ParsedSection] = []
    articles: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    section_number: int | None = None
    seen_heading = False

    # lstrip a byte order mark; strip each line so stray trailing spaces or \r do not matter.
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        where = f"line {lineno}"
        if not line:
            continue
        match = HEADING_RE.match(line)

        if title is None:
            if match:
                raise ValueError(f"{where}: expected the law's title, found a heading: {line!r}")
            title = line
            continue

        if not match:
            if current is not None:
                current.paragraphs.append(line)
            elif not seen_heading:
                history.append(line)
            else:
                raise ValueError(f"{where}: text outside any article: {line!r}")
            continue

        numeral, kind = match.groups()
        try:
            number = from_chinese(numeral)
        except ValueError as exc:
            raise ValueError(f"{where}: bad {KIND_NAMES[kind]} number {numeral!r}") from exc
        rest = line[match.end() :].strip()
        if not rest:
            raise ValueError(f"{where}: {KIND_NAMES[kind]} {number} has no text")
        seen_heading = True
        chapter_number = chapters[-1].number if chapters else None

        if kind == "章":
            if articles and chapter_number is None:
                raise ValueError(f"{where}: articles come before the first chapter")
            _check_chapter_not_empty(chapters, articles, where)
            _expect_next("chapter", number, chapter_number or 0, where)
            chapters.append(ParsedChapter(number, rest))
            current, section_number = None, None
        elif kind == "节":
            if chapter_number is None:
                raise ValueError(f"{where}: section {number} comes before any chapter")
            _expect_next("section", number, section_number or 0, where)
            sections.append(ParsedSection(chapter_number, number, rest))
            current, section_number = None, number
        else:
            _expect_next("article", number, articles[-1].number if articles else 0, where)
            current = ParsedArticle(number, chapter_number, [rest], section_number)
            articles.append(current)

    if title is None:
        raise ValueError("the text is empty")
    if not articles:
        raise ValueError("no articles found (an article line starts with 第…条 and a space)")
    _check_chapter_not_empty(chapters, articles, "end of text")
    return ParsedLaw(title, history, chapters, articles, sections)


def _check_chapter_not_empty(
    chapters: list[ParsedChapter], articles: list[ParsedArticle], where: str
) -> None:
    # An empty chapter almost always means an article heading was mangled (e.g. no space).
    if chapters and not (articles and articles[-1].chapter_number == chapters[-1].number):
        raise ValueError(f"{where}: chapter {chapters[-1].number} has no articles")
