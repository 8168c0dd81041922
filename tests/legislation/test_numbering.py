"""Chinese and Roman numerals and the labels built from them (legislation.numbering)."""

import pytest

from legislation.numbering import (
    article_label,
    chapter_label,
    from_chinese,
    section_label,
    to_chinese,
    to_roman,
)


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (1, "第一条"),
        (2, "第二条"),
        (10, "第十条"),  # not 第一十条
        (11, "第十一条"),
        (20, "第二十条"),
        (99, "第九十九条"),
        (100, "第一百条"),
        (101, "第一百零一条"),
        (110, "第一百一十条"),  # a non-leading 十 keeps its 一
        (123, "第一百二十三条"),
        (1000, "第一千条"),
        (1001, "第一千零一条"),
    ],
)
def test_article_label_zh_hans(number, label):
    assert article_label(number, "zh-hans") == label


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1010, "一千零一十"), (1100, "一千一百"), (2024, "二千零二十四"), (9999, "九千九百九十九")],
)
def test_to_chinese_thousands(number, numeral):
    assert to_chinese(number) == numeral


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (1, "Chapter I"),
        (2, "Chapter II"),
        (3, "Chapter III"),
        (4, "Chapter IV"),
        (5, "Chapter V"),
        (6, "Chapter VI"),
        (7, "Chapter VII"),
        (8, "Chapter VIII"),
        (9, "Chapter IX"),
        (10, "Chapter X"),
        (11, "Chapter XI"),
        (12, "Chapter XII"),
    ],
)
def test_chapter_label_en_is_roman(number, label):
    assert chapter_label(number, "en") == label


def test_to_roman_limits():
    assert to_roman(3999) == "MMMCMXCIX"
    for bad in (0, 4000):
        with pytest.raises(ValueError):
            to_roman(bad)


def test_labels_in_both_languages():
    assert article_label(2, "en") == "Article 2"
    assert chapter_label(1, "zh-hans") == "第一章"
    assert section_label(1, "zh-hans") == "第一节"
    assert section_label(1, "en") == "Section 1"


def test_any_chinese_language_code_gives_chinese_labels():
    assert article_label(98, "zh-hant") == "第九十八条"
    assert article_label(98, "zh") == "第九十八条"
    # get_language() may return None; that falls back to English.
    assert article_label(98, None) == "Article 98"


def test_round_trip_1_to_9999():
    for n in range(1, 10000):
        assert from_chinese(to_chinese(n)) == n


@pytest.mark.parametrize(
    ("numeral", "number"),
    [("九十八", 98), ("一百〇一", 101), ("两千零二十四", 2024), ("一千两百", 1200)],
)
def test_from_chinese_accepts_ling_and_liang_variants(numeral, number):
    assert from_chinese(numeral) == number


@pytest.mark.parametrize(
    "bad", ["", "零", "二〇", "十十", "一百一", "零一", "一十", "两", "十两", "98", "第一"]
)
def test_from_chinese_rejects_malformed(bad):
    with pytest.raises(ValueError):
        from_chinese(bad)


@pytest.mark.parametrize("bad", [0, -1, 10000])
def test_out_of_range_raises(bad):
    with pytest.raises(ValueError):
        to_chinese(bad)
    with pytest.raises(ValueError):
        article_label(bad, "zh-hans")
    with pytest.raises(ValueError):
        article_label(bad, "en")


@pytest.mark.parametrize("n", [1, 4, 9, 12, 40, 1999, 3999])
def test_roman_round_trip(n):
    from legislation.numbering import from_roman, to_roman

    assert from_roman(to_roman(n)) == n


@pytest.mark.parametrize("s", ["IIII", "IC", "", "MMMM", "VV", "ABC"])
def test_malformed_roman_numerals_raise(s):
    from legislation.numbering import from_roman

    with pytest.raises(ValueError):
        from_roman(s)


def test_article_range_labels():
    from legislation.numbering import article_range_label

    assert article_range_label(1, 9, "en") == "Articles 1\u20139"
    assert article_range_label(1, 9, "zh-hans") == "第一条至第九条"
    assert article_range_label(5, 5, "en") == "Article 5"
