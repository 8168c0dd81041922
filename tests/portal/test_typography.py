"""Chinese pages use Chinese punctuation: no ASCII :;,()<> between Chinese characters and no
space after a full-width mark, in what a visitor sees or hears (text, screen-reader-only text)
and in the title and meta description that search engines and shares show. The marks come
from translations.typography, one place per language."""

import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from translations import typography

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef《》“”]"
ASCII_BETWEEN_CJK = re.compile(rf"{CJK}\s*[:;,()<>]|[:;,()<>]\s*{CJK}")
FULL_WIDTH = "：；，。、（）《》——！？「」"
SPACE_AFTER_FULL_WIDTH = re.compile(rf"[{FULL_WIDTH}][ \u00a0]+\S")
# 「更新于 2026年12月6日」: Chinese sets no space between a label and a date or number.
SPACE_BEFORE_NUMBER = re.compile(r"[\u3400-\u9fff][ \u00a0]+\d")

SLUG = "citizen-card-vs-social-security-card"
PAGES = [
    "/zh-hans/",
    f"/zh-hans/compare/{SLUG}/",
    "/zh-hans/cards/citizen-card/",
    "/zh-hans/cards/social-security-card/",
    "/zh-hans/guide/",
    "/zh-hans/laws/",
    "/zh-hans/laws/social-insurance-law/",
    "/zh-hans/laws/labour-contract-law/",
    "/zh-hans/laws/social-insurance-law/?date=2015-06-01",
    "/zh-hans/laws/social-insurance-law/?view=parallel",
    "/zh-hans/laws/social-insurance-law/articles/64/",
    "/zh-hans/laws/social-insurance-law/articles/64/?date=2015-06-01",
    "/zh-hans/laws/social-insurance-law/articles/64/?view=parallel",
    "/zh-hans/laws/labour-contract-law/articles/1/",
    "/zh-hans/search/",
    "/zh-hans/search/?q=养老金",
    "/zh-hans/search/?q=火星文字无结果",
    "/zh-hans/search/?q=%25%25%25",
    "/zh-hans/compare/nope/",
    f"/zh-hans/embed/compare/{SLUG}/point/1/",
    "/zh-hans/embed/laws/social-insurance-law/articles/64/",
]


INLINE = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "ins",
    "mark",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "q",
    "label",
}
BLOCKS = ["p", "li", "h1", "h2", "h3", "dt", "dd", "th", "td", "figcaption", "caption", "label"]


def rendered(element):
    """The text of `element` as a browser lays it out: white space (template line breaks
    included) collapses to one space within a line of inline content; a nested block breaks."""
    parts = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(str(child))
        elif child.name in INLINE:
            parts.append(rendered(child))
        else:
            parts.append("\0")  # a nested block: a line break, not a space
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\0"))


def visible_texts(html):
    """Text as laid out (script and style excepted) and the head's title and description."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    texts = [soup.title.get_text()] if soup.title else []
    for meta in soup.find_all("meta", attrs={"content": True}):
        if meta.get("name") == "description" or meta.get("property", "").startswith("og:"):
            texts.append(meta["content"])
    for attr in ("aria-label", "title", "alt", "placeholder"):
        texts += [tag[attr] for tag in soup.find_all(attrs={attr: True})]
    body = soup.body or soup
    # Each block's text as it reads, so "标签：" + "值" across tags is checked too.
    texts += [rendered(block) for block in body.find_all(BLOCKS)]
    return texts


def problems(texts):
    found = []
    for text in texts:
        for match in ASCII_BETWEEN_CJK.finditer(text):
            found.append(("ascii", text[max(0, match.start() - 12) : match.end() + 12]))
        for match in SPACE_AFTER_FULL_WIDTH.finditer(text):
            found.append(("space", text[max(0, match.start() - 12) : match.end() + 12]))
        for match in SPACE_BEFORE_NUMBER.finditer(text):
            found.append(
                ("space before a number", text[max(0, match.start() - 12) : match.end() + 8])
            )
    return sorted(set(found))


def test_the_marks_come_from_one_place_per_language():
    with translation.override("zh-hans"):
        assert typography.labelled("法律依据", "第二条") == "法律依据：第二条"
        assert typography.dash() == "——"
        assert typography.bracketed("以当地规定为准") == "（以当地规定为准）"
    with translation.override("en"):
        assert typography.labelled("Legal basis", "Article 2") == "Legal basis: Article 2"
        assert typography.dash() == "— "
        assert typography.bracketed("local rules apply") == " (local rules apply)"


@pytest.mark.parametrize("path", PAGES)
def test_chinese_pages_use_chinese_punctuation(client, seeded, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    found = problems(visible_texts(response.content.decode()))
    assert not found, "\n".join(f"{kind}: {text!r}" for kind, text in found)


def test_the_atom_feed_titles_use_chinese_punctuation(client, seeded):
    response = client.get("/zh-hans/feed.atom")
    assert response.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(response.content)
    titles = [el.text or "" for el in root.iter() if el.tag in (f"{atom}title", f"{atom}summary")]
    assert titles and problems(titles) == []
    summaries = [el.text or "" for el in root.iter(f"{atom}summary")]
    assert summaries and not [text for text in summaries if text.rstrip().endswith((":", "："))]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_teasers_do_not_end_in_a_colon(client, seeded, lang):
    """The comparison's introduction leads into its table with a colon; quoted alone (home
    page teaser, feed summary) it would stop mid-sentence (typography.as_description)."""
    soup = BeautifulSoup(client.get(f"/{lang}/").content, "html.parser")
    teasers = [rendered(p) for p in soup.select("main p")]
    assert teasers and not [text for text in teasers if text.rstrip().endswith((":", "："))]
