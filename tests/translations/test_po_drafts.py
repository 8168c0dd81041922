"""PO import and export meet drafts: a translation imported into live content is a draft that
visitors do not see until an editor publishes it (merged with the draft already pending), an
unpublished object is changed in place with a version in its history, the export offers what
translators must translate (a pending draft's source), and nothing is half-written."""

import io

import polib
import pytest
from django.core.management import call_command

from cards.models import CardType, Comparison, PointText
from legislation.models import Article, ArticleWording, Chapter, Law
from publishing import services
from publishing.models import Draft, RevisionKind
from publishing.versioning import owner, revisions_of
from tests.factories import make_card_type, make_draft
from tests.translations.test_po import snapshot as content_rows
from translations import po, tracking

LABOUR_40 = "/en/laws/labour-contract-law/articles/40/"


def export(tmp_path, *args):
    path = tmp_path / "out.po"
    call_command("export_translations", "--language", "en", "-o", str(path), *args)
    return polib.pofile(str(path))


def run_import(catalogue, tmp_path, *args):
    path = tmp_path / "in.po"
    catalogue.save(str(path))
    out = io.StringIO()
    call_command("import_translations", str(path), *args, stdout=out)
    return out.getvalue()


def translate(catalogue, obj, field, text):
    entry = catalogue.find(po.context(obj, field), by="msgctxt")
    entry.msgstr = text
    if entry.fuzzy:
        entry.flags.remove("fuzzy")
    return entry


def draft_rows(obj, model, **lookup):
    """The rows of `model` as the draft of `obj` holds them (read, then rolled back)."""
    with services.draft_applied(type(obj).objects.get(pk=obj.pk)):
        return model.objects.get(**lookup)


def test_inline_rows_belong_to_the_object_that_owns_their_history(seeded):
    text = PointText.objects.select_related("point__comparison").first()
    chapter = Chapter.objects.first()
    wording = ArticleWording.objects.select_related("article").first()
    article = wording.article
    assert owner(text) == text.point.comparison
    assert owner(text.point) == text.point.comparison
    assert owner(chapter) == chapter.law
    assert owner(wording) == article  # an article is its own object, not part of its law
    assert owner(article) == article


def test_an_import_into_a_live_article_is_a_draft_until_an_editor_publishes_it(
    client, chinese_only_law, tmp_path, translator, editor
):
    article = chinese_only_law.articles.get(number=40)  # Chinese only
    catalogue = export(tmp_path, "--only", "missing")
    translate(catalogue, article, "text", "Imported English of Article 40.")
    before = content_rows()
    output = run_import(catalogue, tmp_path, "--user", "translator")

    assert "drafts awaiting publication" in output
    assert f"/admin/legislation/article/{article.pk}/change/" in output
    assert str(article) in output  # named in the source language, as in the PO file
    assert content_rows() == before  # visitors' rows untouched
    assert "Imported English" not in client.get(LABOUR_40).text
    draft = services.draft_of(article)
    assert draft.revision.user == translator
    assert draft.revision.kind.kind == RevisionKind.Kind.DRAFT
    assert draft_rows(article, Article, pk=article.pk).text_en == "Imported English of Article 40."
    assert tracking.status_of(article, "text", "en").is_missing  # until it is published

    services.publish(article, user=editor)
    assert "Imported English of Article 40." in client.get(LABOUR_40).text
    article.refresh_from_db()
    assert tracking.status_of(article, "text", "en").status == tracking.UP_TO_DATE
    # The next export no longer offers it as missing.
    assert not export(tmp_path, "--only", "missing").find(po.context(article, "text"), by="msgctxt")


def test_an_import_is_merged_into_the_draft_already_pending(
    client, comparison, tmp_path, translator, editor
):
    text = PointText.objects.filter(point__comparison=comparison).order_by("pk").first()
    make_draft(
        comparison,
        lambda: Comparison.objects.filter(pk=comparison.pk).update(title_en="Editor's new title"),
        user=editor,
    )
    catalogue = export(tmp_path)
    translate(catalogue, text, "text", "A translator's new text.")
    output = run_import(catalogue, tmp_path, "--user", "translator")

    assert f"/admin/cards/comparison/{comparison.pk}/change/" in output
    public = client.get(f"/en/compare/{comparison.slug}/").text
    assert "Editor's new title" not in public and "A translator's new text." not in public
    assert Draft.objects.count() == 1
    assert draft_rows(comparison, Comparison, pk=comparison.pk).title_en == "Editor's new title"
    assert draft_rows(comparison, PointText, pk=text.pk).text_en == "A translator's new text."
    assert services.draft_of(comparison).revision.user == translator

    services.publish(comparison, user=editor)
    public = client.get(f"/en/compare/{comparison.slug}/").text
    assert "Editor&#x27;s new title" in public and "A translator&#x27;s new text." in public
    text.refresh_from_db()
    assert tracking.status_of(text, "text", "en").status == tracking.UP_TO_DATE


def test_export_offers_a_drafts_new_source_and_its_translation_is_up_to_date_once_published(
    seeded, tmp_path, editor
):
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    live_source = article.text_zh_hans
    built_on_live = export(tmp_path)
    translate(built_on_live, article, "text", "Made from the live Chinese.")
    make_draft(
        article,
        lambda: Article.objects.filter(pk=article.pk).update(text_zh_hans="草稿中的新中文。"),
        user=editor,
    )
    before = content_rows()
    outdated = export(tmp_path, "--only", "outdated")
    assert content_rows() == before  # an export writes nothing
    entry = outdated.find(po.context(article, "text"), by="msgctxt")
    # Translators translate what visitors will read: the draft's Chinese, marked as changed.
    assert entry.msgid == "草稿中的新中文。" and entry.fuzzy
    assert entry.previous_msgid == live_source.strip()

    # A translation of the live Chinese would be outdated on publication: refused.
    with pytest.raises(Exception, match="has changed since the export"):
        run_import(built_on_live, tmp_path)

    translate(outdated, article, "text", "The draft's new English.")
    run_import(outdated, tmp_path)
    article.refresh_from_db()
    assert article.text_zh_hans == live_source  # still a draft
    services.publish(article, user=editor)
    article.refresh_from_db()
    assert article.text_zh_hans == "草稿中的新中文。"
    assert article.text_en == "The draft's new English."
    assert tracking.status_of(article, "text", "en").status == tracking.UP_TO_DATE


def test_a_chapter_of_a_live_law_goes_into_the_laws_draft(seeded, tmp_path):
    law = Law.objects.get(slug="social-insurance-law")
    chapter = law.chapters.get(number=3)
    catalogue = export(tmp_path)
    translate(catalogue, chapter, "title", "Imported chapter title")
    output = run_import(catalogue, tmp_path)
    assert f"/admin/legislation/law/{law.pk}/change/" in output
    assert Chapter.objects.get(pk=chapter.pk).title_en != "Imported chapter title"
    assert draft_rows(law, Chapter, pk=chapter.pk).title_en == "Imported chapter title"


def test_an_import_into_an_unpublished_object_is_written_in_place_with_a_version(
    client, seeded, tmp_path, translator
):
    card = make_card_type(is_published=False, summary_en="")
    catalogue = export(tmp_path, "--only", "missing")
    translate(catalogue, card, "summary", "An imported summary.")
    output = run_import(catalogue, tmp_path, "--user", "translator")
    assert "drafts awaiting publication" not in output
    card.refresh_from_db()
    assert card.summary_en == "An imported summary."
    assert services.draft_of(card) is None
    latest = revisions_of(card).first()
    assert latest.kind.kind == RevisionKind.Kind.IMPORTED and latest.user == translator
    assert tracking.status_of(card, "summary", "en").status == tracking.UP_TO_DATE


def test_an_import_that_fails_half_way_writes_nothing(chinese_only_law, tmp_path):
    article = chinese_only_law.articles.get(number=41)  # live, Chinese only
    card = make_card_type(is_published=False, summary_en="")  # changed in place
    catalogue = export(tmp_path, "--only", "missing")
    translate(catalogue, article, "text", "Into a draft.")
    translate(catalogue, card, "summary", "In place.")
    path = tmp_path / "in.po"
    catalogue.save(str(path))
    plan = po.plan(path.read_bytes())
    # Between the check and the writing, an editor changes the card's Chinese: the draft of
    # the article is written first, then the card is found changed.
    CardType.objects.filter(pk=card.pk).update(summary_zh_hans="编辑刚改过。")
    before = content_rows()
    revisions = revisions_of(article).count()
    with pytest.raises(po.ImportRefused, match="“卡.*”已被修改或删除"):
        po.apply(plan)
    assert content_rows() == before
    assert not Draft.objects.exists()
    assert revisions_of(article).count() == revisions


def test_a_draft_that_no_longer_fits_refuses_an_import_into_its_object(
    comparison, tmp_path, editor
):
    from cards.models import ComparedCard

    extra = make_card_type()
    make_draft(
        comparison,
        lambda: ComparedCard.objects.create(comparison=comparison, card_type=extra, position=9),
    )
    extra.delete()  # used by the draft only
    catalogue = export(tmp_path)  # the export still works: the live rows are offered
    point = comparison.points.first()
    translate(catalogue, point, "heading", "A new heading")
    with pytest.raises(Exception, match="no longer fits"):
        run_import(catalogue, tmp_path)
    assert comparison.points.first().heading_en == point.heading_en


def test_an_import_into_a_live_guide_task_is_a_draft_until_an_editor_publishes_it(
    client, seeded, tmp_path, editor
):
    from guide.models import Task

    task = Task.objects.get(slug="see-a-doctor")
    Task.objects.filter(pk=task.pk).update(reason_en="")  # missing, so exported
    catalogue = export(tmp_path, "--only", "missing")
    translate(catalogue, task, "reason", "Imported reason for the guide.")
    output = run_import(catalogue, tmp_path)

    assert "drafts awaiting publication" in output
    assert "Imported reason" not in client.get("/en/guide/").text
    assert draft_rows(task, Task, pk=task.pk).reason_en == "Imported reason for the guide."
    services.publish(task, user=editor)
    assert "Imported reason for the guide." in client.get("/en/guide/").text
