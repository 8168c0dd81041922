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
                elif key != "was":  # earlier wordings, kept to update old databases
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


def english_texts(value):
    if isinstance(value, dict):
        return [
            t for k, v in value.items() if k != "was" for t in english_texts(v) if k != "zh_hans"
        ]
    if isinstance(value, list):
        return [t for item in value for t in english_texts(item)]
    return [value] if isinstance(value, str) else []


TASKS = Path(__file__).resolve().parents[2] / "guide" / "tasks.json"


def test_the_review_of_december_2026_is_applied(seed):
    """Findings C11, C12–C13, E5–E9 of shared/reviews/content-review-2026-12.md."""
    tasks = json.loads(TASKS.read_text(encoding="utf-8"))
    chinese = chinese_texts(seed) + chinese_texts(tasks)
    assert not [t for t in chinese if "报销" in t]  # the card settles bills directly (Art. 29)
    assert not [t for t in chinese if "你" in t]  # the site says 您
    assert not [t for t in chinese if "租车" in t]  # ambiguous: car or bicycle hire
    english = " ".join(english_texts(seed) + english_texts(tasks))
    for wrong in ("widely used", "car rental", "local social services", "reimburs", "subway"):
        assert wrong not in english


def test_the_comparison_says_where_its_points_hold(seed):
    note = seed["comparisons"][0]["note"]
    assert "杭州" in note["zh_hans"] and "一般法律依据" in note["zh_hans"]
    assert "Hangzhou" in note["en"] and "general legal basis" in note["en"]


def test_guide_answers_claim_only_what_they_cite():
    tasks = {t["slug"]: t for t in json.loads(TASKS.read_text(encoding="utf-8"))["tasks"]}
    assert "article" not in tasks["draw-my-pension"]  # Art. 16 says nothing about a card
    contributions = tasks["check-my-contributions"]["reason"]
    assert contributions["zh_hans"].startswith("查询参保缴费记录不一定要带卡")
    assert contributions["en"].startswith("You do not need a card")


STATUTES = Path(__file__).resolve().parents[2] / "legislation" / "seed"


def test_the_acceptance_language_nits_are_applied(seed):
    """British "per cent" in the statutes' English; point 5 "is mainly used for enquiries";
    the note as general guidance; the footer names the glossary's social insurance agency."""
    english = " ".join(english_texts(seed))
    assert "mainly serves for" not in english and "is mainly used for enquiries" in english
    note = seed["comparisons"][0]["note"]
    assert note["zh_hans"].startswith("以上五点为一般参考")
    assert note["en"].startswith("These five points are general guidance")
    for path in STATUTES.glob("*.en.txt"):
        assert "percent" not in path.read_text(encoding="utf-8"), path.name
    footer = (STATUTES.parents[1] / "templates" / "base.html").read_text(encoding="utf-8")
    assert "social security office" not in footer and "social insurance agency" in footer


@pytest.mark.django_db
def test_a_database_with_the_earlier_wordings_gets_the_corrected_ones(seeded):
    """load_seed without --overwrite: the earlier seed's wording is listed under "was"."""
    from django.core.management import call_command

    from cards.models import Comparison, PointText

    comparison = Comparison.objects.get()
    comparison.note_zh_hans = comparison.note_zh_hans.replace(
        "以上五点为一般参考", "以上五点说明的是一般情况"
    )
    comparison.note_en = comparison.note_en.replace(
        "These five points are general guidance", "These five points describe the usual arrangement"
    )
    comparison.save()
    text = PointText.objects.get(text_en__contains="is mainly used for enquiries")
    text.text_en = text.text_en.replace("is mainly used for", "mainly serves for")
    text.save()
    call_command("load_seed", verbosity=0)
    comparison.refresh_from_db()
    text.refresh_from_db()
    assert comparison.note_zh_hans.startswith("以上五点为一般参考")
    assert comparison.note_en.startswith("These five points are general guidance")
    assert "is mainly used for enquiries" in text.text_en
