"""The dashboard's terminology check (translations.glossary.mismatches): an agreed term in
a possessive or plural form counts, and a Chinese term that is only the start of a longer
word is not a use of the term."""

import pytest

from translations.glossary import mismatches
from translations.models import GlossaryTerm


def terms(*pairs):
    return [GlossaryTerm(source=source, target=target, language="en") for source, target in pairs]


GLOSSARY = terms(
    ("劳动者", "worker"), ("用人单位", "employer"), ("社保经办机构", "social insurance agency")
)


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("劳动者的工资", "the worker's wages"),
        ("劳动者的工资", "the workers' wages"),
        ("劳动者的工资", "The worker’s wages"),
        ("用人单位应当", "an employer's obligation"),
        ("用人单位应当", "employers must"),
        ("向社保经办机构申请", "apply to the social insurance agency's counter"),
        ("向社保经办机构申请", "apply to social insurance agencies"),
    ],
)
def test_possessives_and_plurals_count_as_the_agreed_term(source, translation):
    assert mismatches(source, translation, GLOSSARY) == []


def test_a_missing_term_is_still_flagged():
    found = mismatches("劳动者的工资", "the employee's wages", GLOSSARY)
    assert [term.target for term in found] == ["worker"]


def test_a_chinese_term_inside_a_longer_word_is_not_flagged():
    law = terms(("社会保险法", "Social Insurance Law"))
    laws = "laws and regulations on social insurance"
    assert mismatches("有关社会保险法律、法规", laws, law) == []
    found = mismatches("依照社会保险法规定", "as the law on social insurance provides", law)
    assert [term.target for term in found] == ["Social Insurance Law"]  # 法 + 规定
    found = mismatches("《社会保险法》第二条", "Article 2 of the Social Security Act", law)
    assert [term.target for term in found] == ["Social Insurance Law"]
