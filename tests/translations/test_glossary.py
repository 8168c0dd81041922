"""The dashboard's terminology check (translations.glossary.mismatches): an agreed term in
a possessive or plural form counts, a Chinese term that is only the start of a longer word
is not a use of the term, and a language made by conversion has every term in its script."""

import pytest

from translations import conversion
from translations.glossary import mismatches, terms_by_language
from translations.models import GlossaryTerm
from translations.status import build_report


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


def test_a_chinese_rendering_is_found_inside_running_text():
    """Chinese has no spaces: 社會保障卡 is used in 市民卡與社會保障卡的區別."""
    card = [GlossaryTerm(source="社会保障卡", target="社會保障卡", language="zh-hant")]
    assert mismatches("市民卡与社会保障卡的区别", "市民卡與社會保障卡的區別", card) == []
    found = mismatches("社会保障卡的用途", "社保卡的用途", card)
    assert [term.target for term in found] == ["社會保障卡"]


@pytest.mark.parametrize("language", conversion.converted_languages())
def test_a_converted_language_has_every_term_in_its_script(seeded, client, language):
    """The seed's glossary has no column for it: each term is converted character by
    character, stored (so the admin's glossary lists it) and checked like any other."""
    from tests.translations.conftest import make_user
    from translations.roles import TRANSLATORS

    english = set(GlossaryTerm.objects.filter(language="en").values_list("source", flat=True))
    converted = dict(GlossaryTerm.objects.filter(language=language).values_list("source", "target"))
    assert set(converted) == english
    assert converted["社会保障卡"] == "社會保障卡"
    assert converted["基本养老保险"] == "基本養老保險"
    assert all(
        target == conversion.in_script(source, language) for source, target in converted.items()
    )
    # Also where nothing is stored (a glossary from before the language): derived.
    GlossaryTerm.objects.filter(language=language).delete()
    derived = {term.source: term.target for term in terms_by_language()[language]}
    assert derived["社会保障卡"] == "社會保障卡"
    # Shown in the admin's glossary, filtered by the language.
    GlossaryTerm.objects.create(source="社会保障卡", language=language, target="社會保障卡")
    client.force_login(make_user("hant", TRANSLATORS, [language]))
    page = client.get("/en/admin/translations/glossaryterm/", {"language": language})
    assert "社會保障卡" in page.content.decode()
    # Machine conversions use the terms as converted: no terminology warning.
    assert not build_report([language]).warnings
