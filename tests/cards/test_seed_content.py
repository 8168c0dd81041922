"""The shipped comparison reads as the native-speaker review asked (cards/fixtures/seed.json).

Read from the fixture itself: what a visitor sees after `load_seed`, without a database.
"""

import json
import re
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "cards" / "fixtures" / "seed.json"


@pytest.fixture(scope="module")
def seed():
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def points(seed):
    return seed["comparisons"][0]["points"]


def chinese_texts(seed):
    """Every Chinese string of the card and comparison content."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "zh_hans":
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(seed)
    return found


@pytest.mark.parametrize("language", ["zh_hans", "en"])
def test_every_point_has_its_own_heading_and_aspect(points, language):
    headings = [point["heading"][language] for point in points]
    aspects = [point["aspect"][language] for point in points]
    assert len(set(headings)) == len(points) == 5
    assert len(set(aspects)) == 5


def test_the_conditions_sentence_concerns_both_cards_so_it_is_in_the_heading(points):
    point = points[2]
    assert point["heading"]["zh_hans"].endswith("申领两种卡的条件也不同。")
    assert "conditions" in point["heading"]["en"]
    for text in point["texts"].values():
        assert "条件" not in text["zh_hans"]
        assert "conditions" not in text["en"]


def test_chinese_uses_the_statutes_terms(seed):
    texts = chinese_texts(seed)
    # 参保人员 (Social Insurance Law, Art. 29, 80), never the informal 参保人.
    assert not [text for text in texts if re.search(r"参保人(?!员)", text)]
    # 人力资源社会保障部门, in one form, never the bare 社会保障部门.
    assert not [text for text in texts if re.search(r"(?<!人力资源)社会保障部门", text)]
    assert not [text for text in texts if "人力资源和社会保障部门" in text]


def test_english_uses_the_glossary_for_medical_insurance(points):
    texts = points[3]["texts"]
    assert "basic medical insurance for urban and rural residents" in texts["citizen-card"]["en"]
    assert "basic medical insurance for employees" in texts["social-security-card"]["en"]
    uses = points[1]["texts"]["social-security-card"]["en"]
    assert "designated retail pharmacies" in uses
    assert "designated medical institutions" in uses
