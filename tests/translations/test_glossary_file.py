"""The project glossary (translations/seed/glossary.tsv) is one agreed English per Chinese term."""

import csv
from pathlib import Path

import pytest

GLOSSARY = Path(__file__).resolve().parents[2] / "translations" / "seed" / "glossary.tsv"


@pytest.fixture(scope="module")
def rows():
    with GLOSSARY.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file, delimiter="\t")
        assert reader.fieldnames == ["zh", "en", "note"]
        return list(reader)


def test_every_row_has_a_term_and_its_rendering(rows):
    assert len(rows) > 100
    assert [row for row in rows if not (row["zh"].strip() and row["en"].strip())] == []
    assert [row for row in rows if None in row or any(v != v.strip() for v in row.values())] == []


def test_each_chinese_term_appears_once(rows):
    terms = [row["zh"] for row in rows]
    assert sorted({term for term in terms if terms.count(term) > 1}) == []


def test_the_statutes_forms_are_the_agreed_ones(rows):
    terms = {row["zh"]: row["en"] for row in rows}
    assert terms["人力资源社会保障部门"] == "human resources and social security department"
    assert terms["参保人员"] == "insured person"
    assert "人力资源和社会保障部门" not in terms
    assert terms["社会保险经办"] == "social insurance operations"
