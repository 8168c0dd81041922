"""Find cross-references in a statute paragraph: "本法第六十三条", "第二十三条至第二十五条",
"前款", "前两款", "本条第一款", "本条第二项", "本法第十七条第四项、第五项",
"《中华人民共和国劳动合同法》第十条", "Article 63 of this Law", "Article 63",
"paragraph 1 of this Article", "item (1) or (2) of Article 40".

Only references anchored to a law are taken: a 第X条 right after 本法 or a 《title》, and the
further 第X条 chained to it by 、和 及 或者 至 …; a bare 第X条 is ambiguous and stays text.
Pure Python, no Django: the template tag resolves what is found against the database and
leaves anything unknown as text.
"""

import re
from dataclasses import dataclass

from .numbering import from_chinese

NUMERAL = "[一二三四五六七八九十百千零〇两]+"
# One cited unit: 第X条, optionally 第Y款 and/or 第Z项 of it.
UNIT = rf"第(?P<article>{NUMERAL})条(?:第(?P<paragraph>{NUMERAL})款)?(?:第(?P<item>{NUMERAL})项)?"
UNIT_RE = re.compile(UNIT)
ITEM_UNIT_RE = re.compile(rf"第(?P<item>{NUMERAL})项")  # 第四项、第五项: items of one article
CONNECTOR_RE = re.compile(r"(?:、|和|及|以及|或者|或|至|到)")
ANCHOR_RE = re.compile(rf"(?P<anchor>本法|《(?P<title>[^》]{{1,60}})》)(?={UNIT})")
SAME_ARTICLE_RE = re.compile(
    rf"本条第(?P<paragraph>{NUMERAL})款(?:第(?P<item>{NUMERAL})项)?"
    rf"|本条第(?P<own_item>{NUMERAL})项"
    rf"|前(?P<back>两|二|三)?款(?:第(?P<back_item>{NUMERAL})项)?"
)
BACK = {None: 1, "两": 2, "二": 2, "三": 3}
# "item (2) of Article 42 of this Law" links to the item, as 第四十二条第二项 does.
EN_ITEM = r"[Ii]tem \((?P<{}>\d+)\) of "
# "item (1) or (2) of Article 40": the further items of the same article, as 第一项、第二项.
EN_MORE_ITEMS = r"(?P<more_items>(?:(?:,? or |,? and |, )\(\d+\))*)"
EN_RE = re.compile(
    rf"\b(?:[Ii]tems? \((?P<item>\d+)\){EN_MORE_ITEMS} of )?"
    r"(?:[Pp]aragraph (?P<paragraph>\d+) of )?"
    r"Articles? (?P<numbers>\d+"
    r"(?:(?:, | and | or | to | through |-|–)\d+)*)(?: of this Law\b|(?! of |\d))"
    rf"|\b{EN_ITEM.format('own_item')}(?:paragraph (?P<own_item_paragraph>\d+) of )?"
    r"this Article\b"
    r"|\b[Pp]aragraph (?P<own>\d+) of this Article\b"
    rf"|\b(?:{EN_ITEM.format('back_item')})?[Tt]he preceding paragraph\b"
)


@dataclass(frozen=True)
class Reference:
    start: int  # span in the paragraph text
    end: int
    article: int
    paragraph: int | None = None
    law_title: str | None = None  # None: the same law
    item: int | None = None  # 第Z项 (of `paragraph`, else of the article's list of items)


def _number(numeral):
    try:
        return from_chinese(numeral)
    except ValueError:
        return None


def find_references(text, *, article, paragraph=None):
    """References in one paragraph (`paragraph` is its 款 number within `article`, None for
    an item line), in text order. Both languages' forms are looked for: an English paragraph
    may quote a Chinese name, a Chinese one may cite "Article 5"."""
    if not text:
        return []
    found = _find_chinese(text, article, paragraph) + _find_english(text, article, paragraph)
    kept, end = [], 0
    for reference in sorted(found, key=lambda ref: (ref.start, -ref.end)):
        if reference.start >= end:  # overlapping matches: the first, longest one
            kept.append(reference)
            end = reference.end
    return kept


def _find_chinese(text, article, paragraph):
    found = []
    for anchor in ANCHOR_RE.finditer(text):
        title = anchor["title"]
        position = anchor.end()
        while match := UNIT_RE.match(text, position):
            number = _number(match["article"])
            paragraph_number = _number(match["paragraph"]) if match["paragraph"] else None
            item = _number(match["item"]) if match["item"] else None
            if number:
                found.append(
                    Reference(match.start(), match.end(), number, paragraph_number, title, item)
                )
            position = match.end()
            # 第十七条第四项、第五项: further items of the same article.
            while item and (connector := CONNECTOR_RE.match(text, position)):
                more = ITEM_UNIT_RE.match(text, connector.end())
                if not more or not number:
                    break
                found.append(
                    Reference(
                        more.start(),
                        more.end(),
                        number,
                        paragraph_number,
                        title,
                        _number(more["item"]),
                    )
                )
                position = more.end()
            connector = CONNECTOR_RE.match(text, position)
            if not connector or not UNIT_RE.match(text, connector.end()):
                break
            position = connector.end()
    for match in SAME_ARTICLE_RE.finditer(text):
        item = None
        if match["paragraph"]:
            target = _number(match["paragraph"])
            item = _number(match["item"]) if match["item"] else None
        elif match["own_item"]:
            target, item = None, _number(match["own_item"])
            if item:
                found.append(Reference(match.start(), match.end(), article, None, None, item))
            continue
        else:
            back = BACK[match["back"]]
            target = paragraph - back if paragraph and paragraph > back else None
            item = _number(match["back_item"]) if match["back_item"] else None  # 前款第二项
        if target:
            found.append(Reference(match.start(), match.end(), article, target, None, item))
    return found


def _find_english(text, article, paragraph):
    found = []
    for match in EN_RE.finditer(text):
        if match["own_item"]:  # item (2) [of paragraph 1] of this Article
            own = match["own_item_paragraph"]
            found.append(
                Reference(
                    match.start(),
                    match.end(),
                    article,
                    int(own) if own else None,
                    item=int(match["own_item"]),
                )
            )
            continue
        if match["own"]:  # paragraph 1 of this Article
            found.append(Reference(match.start(), match.end(), article, int(match["own"])))
            continue
        if match["numbers"] is None:  # [item (2) of] the preceding paragraph
            if paragraph and paragraph > 1:
                item = int(match["back_item"]) if match["back_item"] else None
                found.append(
                    Reference(match.start(), match.end(), article, paragraph - 1, item=item)
                )
            continue
        cited, item = match["paragraph"], match["item"]
        numbers = list(re.finditer(r"\d+", match["numbers"]))
        offset = match.start("numbers")
        if item and match["more_items"]:
            found += _more_items(match, int(numbers[0].group()), int(cited) if cited else None)
            continue
        if cited or item or len(numbers) == 1:
            # "Article 63 of this Law" links whole; so does "paragraph 2 of Article 4 of …"
            # and "item (2) of Article 42 of this Law" (to the item).
            found.append(
                Reference(
                    match.start(),
                    match.end(),
                    int(numbers[0].group()),
                    int(cited) if cited else None,
                    item=int(item) if item else None,
                )
            )
            continue
        for number in numbers:  # "Articles 23 to 25 of this Law": each number links
            found.append(
                Reference(offset + number.start(), offset + number.end(), int(number.group()))
            )
    return found


def _more_items(match, number, paragraph):
    """References of several items of one article, "item (1) or (2) of Article 40 of this
    Law": "item (1)" to item 1, "(2) of Article 40 of this Law" to item 2 (the last item
    carries the article, as 第二项 follows 第四十条第一项)."""
    items = [(match.start(), match.end("item") + 1, int(match["item"]))]
    offset = match.start("more_items")
    for more in re.finditer(r"\((\d+)\)", match["more_items"]):
        items.append((offset + more.start(), offset + more.end(), int(more.group(1))))
    last_start, _end, last = items[-1]
    items[-1] = (last_start, match.end(), last)
    return [Reference(start, end, number, paragraph, item=item) for start, end, item in items]
