"""Parsing statute text files into chapters and articles (legislation.parsing)."""

from pathlib import Path

import pytest

from legislation.parsing import parse_law_text

ROOT = Path(__file__).resolve().parents[2]
SOCIAL_INSURANCE_LAW = ROOT / "legislation" / "seed" / "social-insurance-law-2018.zh-hans.txt"
# A second statute, with 节 sections, shipped with the tests as parser input.
LABOUR_CONTRACT_LAW = (
    Path(__file__).resolve().parent / "data" / "labour-contract-law-2012.zh-hans.txt"
)


@pytest.fixture(scope="module")
def social_insurance_law():
    return parse_law_text(SOCIAL_INSURANCE_LAW.read_text(encoding="utf-8"))


def test_social_insurance_law_structure(social_insurance_law):
    law = social_insurance_law
    assert law.title == "中华人民共和国社会保险法"
    assert len(law.history) == 2
    assert law.history[0].startswith("2010年10月28日")
    assert [c.number for c in law.chapters] == list(range(1, 13))
    assert [a.number for a in law.articles] == list(range(1, 99))


def test_social_insurance_law_chapters_and_paragraphs(social_insurance_law):
    chapters = {c.number: c.title for c in social_insurance_law.chapters}
    articles = {a.number: a for a in social_insurance_law.articles}
    assert chapters[1] == "总则"
    assert chapters[7] == "社会保险费征缴"
    assert articles[57].chapter_number == 7
    assert len(articles[4].paragraphs) == 2
    assert len(articles[5].paragraphs) == 3
    assert articles[98].text == "本法自2011年7月1日起施行。"
    # The label and its space are not part of the text; paragraphs join with a blank line.
    assert articles[4].text == (
        "中华人民共和国境内的用人单位和个人依法缴纳社会保险费，有权查询缴费记录、个人权益记录，"
        "要求社会保险经办机构提供社会保险咨询等相关服务。\n\n"
        "个人依法享受社会保险待遇，有权监督本单位为其缴费情况。"
    )


def test_items_stay_in_their_article(social_insurance_law):
    # Item lines （一）（二）… are paragraphs of the article above them, not new articles.
    article_37 = social_insurance_law.articles[36]
    assert article_37.number == 37
    assert article_37.paragraphs[0].endswith("不认定为工伤：")
    assert article_37.paragraphs[1] == "（一）故意犯罪；"
    assert len(article_37.paragraphs) == 5
    assert not social_insurance_law.sections


def test_labour_contract_law_with_sections():
    law = parse_law_text(LABOUR_CONTRACT_LAW.read_text(encoding="utf-8"))
    assert len(law.chapters) == 8
    assert [a.number for a in law.articles] == list(range(1, 99))
    # 第一节 … 第三节 of chapter 5 are sections, never articles.
    assert [(s.chapter_number, s.number) for s in law.sections] == [(5, 1), (5, 2), (5, 3)]
    articles = {a.number: a for a in law.articles}
    assert articles[51].section_number == 1
    assert articles[72].section_number == 3
    assert articles[73].section_number is None  # chapter 6 has no sections


SMALL_LAW = """示例法

2020年1月1日 通过

第一章 总则

第一条 为了示例，制定本法。

第二条 依照本法第一条规定的目的，适用本法。
第一条规定的事项，由国务院规定。

第二章 附则

第三条 本法自公布之日起施行。
"""


def test_cross_references_are_not_headings():
    law = parse_law_text(SMALL_LAW)
    assert law.history == ["2020年1月1日 通过"]
    assert [(a.number, a.chapter_number) for a in law.articles] == [(1, 1), (2, 1), (3, 2)]
    # 第一条 without a following space, mid-sentence or at line start, is plain text.
    assert law.articles[1].paragraphs == [
        "依照本法第一条规定的目的，适用本法。",
        "第一条规定的事项，由国务院规定。",
    ]


def test_law_without_chapters():
    law = parse_law_text("示例决定\n\n第一条 甲。\n\n第二条 乙。")
    assert law.chapters == []
    assert [a.chapter_number for a in law.articles] == [None, None]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("法\n\n第一章 总则\n\n第一条 甲。\n\n第三条 丙。", "skips article 2"),
        ("法\n\n第一章 总则\n\n第一条 甲。\n\n第一条 甲。", "duplicate"),
        ("法\n\n第一章 总则\n\n第二条 乙。", "skips article 1"),
        ("法\n\n第一章 总则\n\n第一条 甲。\n\n第三章 附则\n\n第二条 乙。", "skips chapter 2"),
        ("法\n\n第一章 总则\n\n第二章 附则\n\n第一条 甲。", "chapter 1 has no articles"),
        ("法\n\n第一章 总则\n\n第一条 甲。\n\n第二节 乙\n\n第二条 乙。", "skips section 1"),
        ("法\n\n第一条 甲。\n\n第一章 总则\n\n第二条 乙。", "before the first chapter"),
        ("法\n\n第一章 总则\n\n孤立的一段。\n\n第一条 甲。", "outside any article"),
        ("法\n\n第一章 总则\n\n第一条 \n\n第二条 乙。", "article 1 has no text"),
        ("法\n\n说明", "text before the first heading"),
        ("法\n\n2020年 通过", "no articles"),
        ("", "empty"),
    ],
)
def test_malformed_text_raises(text, message):
    with pytest.raises(ValueError, match=message):
        parse_law_text(text)
