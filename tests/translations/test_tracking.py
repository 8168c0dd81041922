"""Missing → up to date → outdated → up to date, whichever way the texts are written."""

import pytest
from django.core.management import call_command

from legislation.models import Article
from tests.factories import make_card_type
from translations import tracking
from translations.models import GlossaryTerm, TranslationState
from translations.status import build_report


def status(obj, field="text", language="en"):
    obj.refresh_from_db()
    return tracking.status_of(obj, field, language).status


@pytest.fixture
def article(chinese_only_law):
    """An article without English: the Labour Contract Law with its English removed."""
    return chinese_only_law.articles.get(number=30)


def test_a_translation_goes_through_every_status(article):
    assert status(article) == tracking.MISSING
    article.text_en = "Translated."
    article.save()
    assert status(article) == tracking.UP_TO_DATE
    article.text_zh_hans += "\n\n新增一款。"
    article.save()
    assert status(article) == tracking.OUTDATED
    outdated = tracking.status_of(article, "text", "en")
    assert outdated.source_changed_at is not None
    article.text_en = "Translated again, with the new paragraph."
    article.save()
    assert status(article) == tracking.UP_TO_DATE
    article.text_en = ""
    article.save()
    assert status(article) == tracking.MISSING


def test_a_source_changed_back_makes_the_translation_current_again(article):
    article.text_en = "Translated."
    article.save()
    original = article.text_zh_hans
    article.text_zh_hans = "改动。"
    article.save()
    assert status(article) == tracking.OUTDATED
    article.text_zh_hans = original
    article.save()
    assert status(article) == tracking.UP_TO_DATE


def test_writes_without_signals_are_caught_up_by_sync(article):
    article.text_en = "Translated."
    article.save()
    Article.objects.filter(pk=article.pk).update(text_zh_hans="整条改写。")
    article.refresh_from_db()
    tracking.sync([article])
    assert status(article) == tracking.OUTDATED


def test_record_translations_marks_both_texts_as_a_pair(article):
    Article.objects.filter(pk=article.pk).update(text_zh_hans="新的中文。", text_en="New English.")
    article.refresh_from_db()
    tracking.record_translations([article])
    assert status(article) == tracking.UP_TO_DATE


def test_seed_reload_keeps_the_status_right(seeded):
    translated = Article.objects.get(law__slug="social-insurance-law", number=2)
    assert status(translated) == tracking.UP_TO_DATE
    translated.text_zh_hans = "编辑改过的中文。"
    translated.save()
    assert status(translated) == tracking.OUTDATED
    call_command("load_seed", verbosity=0)  # keeps the editor's change: still outdated
    assert status(translated) == tracking.OUTDATED
    call_command("load_seed", overwrite=True, verbosity=0)  # the seed's pair again
    assert status(translated) == tracking.UP_TO_DATE


def test_after_the_seed_both_laws_are_translated(seeded):
    by_law = {}
    for item in tracking.statuses(Article.objects.select_related("law"), ["en"]):
        by_law.setdefault(item.obj.law.slug, set()).add(item.status)
    assert by_law == {
        "social-insurance-law": {tracking.UP_TO_DATE},
        "labour-contract-law": {tracking.UP_TO_DATE},
    }


def test_a_law_import_keeps_the_status_right(seeded):
    """Imports write in bulk, without model signals: a changed Chinese article outdates its
    English, an imported English article is up to date."""
    from legislation.importer import import_law
    from legislation.seed import SEED

    chinese = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
    changed = chinese.replace("国家建立基本养老保险", "国家建立和完善基本养老保险", 1)
    assert changed != chinese
    import_law(changed, slug="social-insurance-law", language="zh-hans")
    article2 = Article.objects.get(law__slug="social-insurance-law", number=2)
    assert status(article2) == tracking.OUTDATED
    assert status(Article.objects.get(law__slug="social-insurance-law", number=3)) == (
        tracking.UP_TO_DATE
    )
    english = (SEED / "social-insurance-law-2018.en.txt").read_text(encoding="utf-8")
    import_law(
        english.replace("The State establishes", "The State establishes and improves", 1),
        slug="social-insurance-law",
        language="en",
    )
    assert status(article2) == tracking.UP_TO_DATE


def test_deleting_an_object_forgets_its_states(db):
    card = make_card_type()
    assert TranslationState.objects.filter(object_id=card.pk).exists()
    pk = card.pk
    card.delete()
    assert not TranslationState.objects.filter(object_id=pk, field="name").exists()


def test_glossary_mismatch_is_flagged(db):
    GlossaryTerm.objects.create(source="市民卡", language="en", target="citizen card")
    good = make_card_type(
        summary_zh_hans="市民卡的用途。", summary_en="What a citizen card is for."
    )
    bad = make_card_type(summary_zh_hans="市民卡的用途。", summary_en="What a city card is for.")
    report = build_report()
    flagged = {(entry.status.obj.pk, entry.status.field) for entry in report.warnings}
    assert (bad.pk, "summary") in flagged
    assert (good.pk, "summary") not in flagged


def test_plural_renderings_satisfy_the_glossary(db):
    from translations.glossary import mismatches

    term = GlossaryTerm(source="社会保险经办机构", language="en", target="social insurance agency")
    assert not mismatches("社会保险经办机构提供服务", "Social insurance agencies serve", [term])
    assert mismatches("社会保险经办机构提供服务", "Social security offices serve", [term])


def test_content_from_before_tracking_is_baselined(seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    TranslationState.objects.all().delete()  # as on a database from before this app
    assert tracking.baseline() > 100
    article.text_zh_hans = "修改后的中文。"
    article.save()
    assert status(article) == tracking.OUTDATED
