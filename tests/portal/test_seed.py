"""The seed command: idempotent, respectful of editors' changes, faithful to the shipped text."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, Chapter, Law
from legislation.numbering import from_chinese

SHIPPED_TEXT = (
    Path(__file__).resolve().parents[2] / "legislation/seed/social-insurance-law-2018.zh-hans.txt"
)
MODELS = [Law, Chapter, Article, CardType, Comparison, ComparedCard, ComparisonPoint, PointText]


def full_width(text):
    """The importer's one normalisation: ASCII , and : after Chinese characters."""
    text = re.sub(r"(?<=[\u4e00-\u9fff]),(?=[\u4e00-\u9fff])", "，", text)
    return re.sub(r"(?<=[\u4e00-\u9fff]):$", "：", text)


def snapshot():
    return {model: sorted(map(repr, model.objects.values())) for model in MODELS}


def run_seed(*args):
    call_command("load_seed", *args, verbosity=0)


def test_seed_loads_the_first_page(seeded):
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    assert comparison.is_published
    assert [c.slug for c in comparison.compared_card_types()] == [
        "citizen-card",
        "social-security-card",
    ]
    assert comparison.points.count() == 5
    # Every point has a text for every compared card, in both languages.
    for point in comparison.points.all():
        assert point.texts.count() == 2
        assert all(t.text_zh_hans and t.text_en for t in point.texts.all())
    cited = sorted(comparison.legal_basis.values_list("number", flat=True))
    assert cited == [2, 4, 5]
    # Points 3 and 5 both say "different meanings" in the original: distinct labels here.
    aspects = list(comparison.points.values_list("aspect_en", flat=True))
    assert len(set(aspects)) == 5


def test_seed_twice_changes_nothing(seeded):
    before = snapshot()
    run_seed()
    assert snapshot() == before


def test_seed_keeps_an_editors_edit_unless_told_to_overwrite(seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=5)
    article.text_en = "Edited by an editor."
    article.save()
    point = ComparisonPoint.objects.get(comparison__slug__startswith="citizen", position=1)
    point.heading_en = "An editor's heading"
    point.save()

    run_seed()
    article.refresh_from_db()
    point.refresh_from_db()
    assert article.text_en == "Edited by an editor."
    assert point.heading_en == "An editor's heading"
    assert Comparison.objects.count() == 1 and ComparisonPoint.objects.count() == 5

    run_seed("--overwrite")
    article.refresh_from_db()
    assert article.text_en.startswith("People's governments at or above the county level")
    point.refresh_from_db()  # updated in place: the same row
    assert point.heading_en != "An editor's heading"
    assert ComparisonPoint.objects.count() == 5


def test_seed_reports_what_it_kept(seeded, capsys):
    Law.objects.filter(slug="social-insurance-law").update(short_title_en="SIL")
    with translation.override("en"):  # the report is in English, the titles in Chinese
        call_command("load_seed")
    out = capsys.readouterr().out
    assert "laws: 0 created, 0 updated, 1 unchanged, 1 kept as edited" in out
    assert "中华人民共和国社会保险法 (short_title_en)" in out


def test_dry_run_writes_nothing(db):
    call_command("load_seed", "--dry-run", verbosity=0)
    assert Law.objects.count() == 0 and Comparison.objects.count() == 0


def test_seed_fills_in_what_an_editor_deleted(seeded):
    Article.objects.filter(law__slug="social-insurance-law", number=98).delete()
    run_seed()
    assert Article.objects.filter(law__slug="social-insurance-law", number=98).exists()


def test_shipped_articles_match_the_shipped_text(seeded):
    """Read the statute file independently of the parser: every 第X条 line starts an article,
    and the following non-heading lines are its paragraphs."""
    expected = {}
    current = None
    heading = re.compile(r"^第([一二三四五六七八九十百千零]+)(章|节|条)\s")
    for line in SHIPPED_TEXT.read_text(encoding="utf-8").splitlines():
        match = heading.match(line)
        if match and match.group(2) == "条":
            current = from_chinese(match.group(1))
            expected[current] = [full_width(line[match.end() :].strip())]
        elif match:
            current = None
        elif current and line.strip():
            expected[current].append(full_width(line.strip()))
    articles = Article.objects.filter(law__slug="social-insurance-law")
    assert len(expected) == 98 == articles.count()
    assert list(expected) == list(range(1, 99))
    for article in articles:
        assert article.paragraphs == expected[article.number], article.number
    assert Chapter.objects.filter(law__slug="social-insurance-law").count() == 12
    assert Article.objects.get(law__slug="social-insurance-law", number=57).chapter.number == 7


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6, 7, 8, 9])
def test_chapter_one_has_english_paragraph_for_paragraph(seeded, number):
    article = Article.objects.get(law__slug="social-insurance-law", number=number)
    en = [p for p in article.text_en.split("\n\n") if p.strip()]
    assert len(en) == len(article.paragraphs)


def test_a_malformed_shipped_text_stops_the_seed_with_a_clear_error(db, tmp_path, monkeypatch):
    import shutil

    from django.core.management import CommandError

    from legislation import seed

    for path in seed.SEED.iterdir():
        shutil.copy(path, tmp_path)
    english = tmp_path / "social-insurance-law-2018.en.txt"
    english.write_text(english.read_text("utf-8").replace("Article 3\n", "Article 4\n"), "utf-8")
    monkeypatch.setattr(seed, "SEED", tmp_path)
    with pytest.raises(CommandError, match="article 4 is duplicate|article 4 skips"):
        run_seed()
    assert Law.objects.count() == 0


def test_the_seed_fills_in_new_english_but_keeps_an_edited_article(seeded):
    """When a fuller English text ships, the empty articles get it; edited ones are kept."""
    edited = Article.objects.get(law__slug="social-insurance-law", number=5)
    edited.text_en = "Edited by an editor."
    edited.save()
    Article.objects.filter(law__slug="social-insurance-law", number=9).update(text_en="")
    run_seed()
    assert Article.objects.get(pk=edited.pk).text_en == "Edited by an editor."
    article_9 = Article.objects.get(law__slug="social-insurance-law", number=9)
    assert article_9.text_en.startswith("Trade unions safeguard")


def test_overwrite_updates_in_place_keeps_editor_rows_and_records_a_version(seeded, capsys):
    from publishing.models import RevisionKind
    from publishing.versioning import revisions_of

    comparison = Comparison.objects.get()
    ids = set(comparison.points.values_list("pk", flat=True))
    point = comparison.points.first()
    point.heading_en = "An editor's heading"
    point.save()
    extra = ComparisonPoint.objects.create(
        comparison=comparison, position=9, aspect_zh_hans="编辑加的", heading_zh_hans="新的。"
    )
    run_seed("--overwrite")
    assert Comparison.objects.get().pk == comparison.pk
    assert set(comparison.points.values_list("pk", flat=True)) == ids | {extra.pk}
    point.refresh_from_db()
    assert point.heading_en != "An editor's heading"
    assert "编辑加的" in capsys.readouterr().out  # the kept row is named
    assert revisions_of(comparison).first().kind.kind == RevisionKind.Kind.SEED


def test_overwrite_warns_about_a_pending_draft(seeded, capsys):
    from publishing import services
    from publishing.versioning import snapshot

    comparison = Comparison.objects.get()
    with services.rolled_back():
        comparison.title_en = "A draft title"
        comparison.save()
        draft = snapshot(comparison)
    services.save_draft(comparison, draft, user=None)
    Comparison.objects.filter(pk=comparison.pk).update(title_en="Edited live")
    run_seed("--overwrite")
    assert "has an editor's draft" in capsys.readouterr().out


def test_a_database_loaded_from_the_earlier_seed_takes_its_corrections(seeded, capsys):
    """A deploy runs load_seed without --overwrite: wordings the seed itself corrected (listed
    under "was") are updated, an editor's change is still kept."""
    from guide.models import Task

    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    text = PointText.objects.get(
        point__comparison=comparison, point__position=2, card_type__slug="social-security-card"
    )
    PointText.objects.filter(pk=text.pk).update(
        text_zh_hans="持卡人可凭卡在定点零售药店购药，在定点医疗机构就医报销。"
    )
    Comparison.objects.filter(pk=comparison.pk).update(note_zh_hans="", note_en="")
    pension = Task.objects.get(slug="draw-my-pension")
    Task.objects.filter(pk=pension.pk).update(
        reason_zh_hans="社保卡证明你已参加社会保险；办理领取基本养老金的手续时要用到它。",
        article=Article.objects.get(law__slug="social-insurance-law", number=16),
    )
    card = CardType.objects.get(slug="citizen-card")
    CardType.objects.filter(pk=card.pk).update(
        issuer_zh_hans="一般由当地政府（市政府）发放。", summary_en="An editor's summary."
    )

    run_seed()

    text.refresh_from_db()
    assert text.text_zh_hans.endswith("就医结算。")
    comparison.refresh_from_db()
    assert "杭州" in comparison.note_zh_hans and "Hangzhou" in comparison.note_en
    pension.refresh_from_db()
    assert "通常需要使用" in pension.reason_zh_hans and pension.article is None
    card.refresh_from_db()
    assert card.issuer_zh_hans == "一般为当地市人民政府（以当地规定为准）"
    assert card.summary_en == "An editor's summary."  # an edit, not an earlier seed value
    out = capsys.readouterr().out
    assert "市民卡 (summary_en)" in out
