"""Reading the search box: normalising, plurals, article references, refusals."""

import pytest

from search.highlight import highlight
from search.query import MAX_LENGTH, QueryError, parse, singular


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("社保", ["社保"]),
        ("  Citizen   CARD ", ["citizen", "card"]),
        ("ｃｉｔｉｚｅｎ　卡", ["citizen", "卡"]),  # full-width letters and space
        ("pensions?", ["pensions"]),
        ("《社会保险法》", ["社会保险法"]),
    ],
)
def test_terms(raw, terms):
    assert [t.text for t in parse(raw).terms] == terms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pensions", "pension"),
        ("policies", "policy"),
        ("taxes", "tax"),
        ("cards", "card"),
        ("address", "address"),
        ("status", "status"),
        ("社保", "社保"),
        ("bus", "bus"),
    ],
)
def test_singular(word, expected):
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("第二条", 2),
        ("第2条", 2),
        ("第 ２ 条", 2),
        ("Article 98", 98),
        ("art. 5", 5),
        ("ART 5", 5),
        ("第九十八条", 98),
        ("2", None),
        ("二", None),
        ("第二条 社保", None),
        ("article", None),
        ("第一万条", None),
    ],
)
def test_article_reference(raw, number):
    assert parse(raw).article_number == number


def test_refusals_say_why():
    with pytest.raises(QueryError) as too_long:
        parse("x" * (MAX_LENGTH + 1))
    assert too_long.value.status == 400
    for odd in ("\x00\x01", "\ud800", "\ufffd\ufffd", "!!!"):
        with pytest.raises(QueryError) as error:
            parse(odd)
        assert error.value.status == 200
    assert parse("").terms == ()


def test_highlight_escapes_and_marks_case_insensitively():
    html = highlight("<b>Old-Age</b> & old-age", ["old-age"], context=None)

    assert html == "&lt;b&gt;<mark>Old-Age</mark>&lt;/b&gt; &amp; <mark>old-age</mark>"


def test_highlight_cuts_around_the_first_match():
    text = "甲" * 200 + "社保" + "乙" * 200

    html = highlight(text, ["社保"])

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>社保</mark>" in html
    assert len(html) < 150


def test_highlight_marks_whole_numbers_only():
    """ "Article 2": the 2 of 2012, 12 or 20 is not marked; a 2 on its own is."""
    text = "Article 2 of the Law of 2012, as amended on 29 December 2018; 第2条、第12条"

    html = highlight(text, ["article", "2"], context=None)

    assert html == (
        "<mark>Article</mark> <mark>2</mark> of the Law of 2012, as amended on 29 December "
        "2018; 第<mark>2</mark>条、第12条"
    )
    assert "<mark>2012</mark>" in highlight("in 2012年", ["2012"], context=None)
