"""search_cjk_grams() (PostgreSQL, search/0004 then 0006) takes time in proportion to the text:
the first version cut the text with substr() at each position, which counts characters from
the start every time, so a 100,000-character article ran for minutes and hit the statement
timeout (import_law failed with "canceling statement due to statement timeout")."""

import importlib

import pytest
from django.db import connection

from legislation.seed import SEED

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

OLD = importlib.import_module("search.migrations.0004_cjk_grams").FUNCTION.replace(
    "search_cjk_grams(", "test_old_cjk_grams("
)


def grams(function, value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [value])
        return cursor.fetchone()[0]


def test_grams_of_a_text_of_200_000_characters_take_well_under_the_statement_timeout():
    text = "第一条　为了完善劳动合同制度，制定本法。" + "长" * 100_000 + "社会保险abc" * 10_000
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '5s'")  # the old function: minutes
        cursor.execute("SELECT search_cjk_grams(%s)", [text])
        result = cursor.fetchone()[0]
    assert {"长", "长长", "本法", "社会", "保险"} <= set(result)
    assert "险a" not in result


def test_the_grams_are_those_of_the_first_version():
    """The same grams, in the same order, as search/0004's function for every kind of text:
    search results stay the same."""
    texts = [
        None,
        "",
        "a",
        "社",
        "社会",
        "社 会",
        "社会保险 pension 养老",
        "（一）用人单位：劳动者，“工资”长长长",
        "𠀀𠀁社会 豈﫿 㐀鿿",  # outside the ranges, and their edges
        "mixed 中文 and English 文字 text\n第二条\t劳动合同",
    ]
    for path in sorted(SEED.glob("*.txt")):  # in pieces: the old function is slow
        text = path.read_text(encoding="utf-8")
        texts += [text[start : start + 3000] for start in range(0, len(text), 3000)]
    with connection.cursor() as cursor:
        cursor.execute(OLD)
    for text in texts:
        assert grams("search_cjk_grams", text) == grams("test_old_cjk_grams", text), text
