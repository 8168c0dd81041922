"""PO exchange: export → edit one msgstr → import changes exactly that field; bad files are
refused whole."""

import io
import subprocess

import polib
import pytest
from django.core.management import CommandError, call_command

from cards.models import CardType, ComparisonPoint, PointText
from legislation.models import Article, Chapter, Law
from publishing import services
from translations import tracking

CONTENT = (Law, Chapter, Article, CardType, ComparisonPoint, PointText)


def snapshot():
    return {
        model.__name__: sorted(
            model.objects.values_list(*[f.attname for f in model._meta.concrete_fields])
        )
        for model in CONTENT
    }


def export(tmp_path, *args):
    path = tmp_path / "out.po"
    call_command("export_translations", "--language", "en", "-o", str(path), *args)
    return path


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_translations", str(path), *args, stdout=out)
    return out.getvalue()


def test_export_names_every_field_and_msgfmt_accepts_it(seeded, tmp_path):
    path = export(tmp_path)
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Language"] == "en"
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    entry = catalogue.find(f"legislation.article:{article.pk}:text", by="msgctxt")
    assert entry.msgid == article.text_zh_hans.strip() and entry.msgstr == article.text_en.strip()
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0


def test_only_missing_and_outdated_entries(chinese_only_law, tmp_path):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    old_source = article.text_zh_hans
    article.text_zh_hans = "修改后的中文。"
    article.save()
    missing = polib.pofile(str(export(tmp_path, "--only", "missing")))
    # The seed's English covers both laws and the 2010 wordings: what has none is the Labour
    # Contract Law, its English removed for this test.
    labour = chinese_only_law.articles.all()
    assert {entry.msgctxt for entry in missing} == {
        f"legislation.article:{pk}:text" for pk in labour.values_list("pk", flat=True)
    }
    assert len(missing) == 98 and all(not entry.msgstr for entry in missing)
    outdated = polib.pofile(str(export(tmp_path, "--only", "outdated")))
    [entry] = list(outdated)
    assert entry.fuzzy and entry.previous_msgid == old_source.strip()
    assert entry.msgid == "修改后的中文。"


def test_edit_one_msgstr_changes_exactly_that_field(seeded, tmp_path):
    path = export(tmp_path)
    catalogue = polib.pofile(str(path))
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    catalogue.find(f"legislation.article:{article.pk}:text", by="msgctxt").msgstr = "New text."
    catalogue.save(str(path))
    before = snapshot()
    assert "1 changed" in run_import(path)
    assert snapshot() == before  # the article is live: the change waits in its draft
    services.publish(article, user=None)
    after = snapshot()
    article.refresh_from_db()
    assert article.text_en == "New text."
    assert tracking.status_of(article, "text", "en").status == tracking.UP_TO_DATE
    changed = [(name, row) for name in before for row in set(after[name]) ^ set(before[name])]
    assert len(changed) == 2  # the article's old and new row, nothing else


def refused(path, *args):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run_import(path, *args)
    assert snapshot() == before
    return str(error.value)


def edited(tmp_path, change):
    path = export(tmp_path)
    catalogue = polib.pofile(str(path))
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    catalogue.find(f"legislation.article:{article.pk}:text", by="msgctxt").msgstr = "Changed."
    change(catalogue)
    catalogue.save(str(path))
    return path


def test_a_file_for_another_language_is_refused(seeded, tmp_path):
    path = edited(tmp_path, lambda c: c.metadata.update(Language="fr"))
    assert "not a target language" in refused(path)
    path = edited(tmp_path, lambda c: None)
    assert "not" in refused(path, "--language", "zh-hans")


def test_an_unknown_context_is_refused_with_its_line(seeded, tmp_path):
    def rename(catalogue):
        catalogue[0].msgctxt = "cards.cardtype:999999:name"

    message = refused(edited(tmp_path, rename))
    assert "unknown context" in message and "line " in message


def test_a_file_built_on_an_older_source_is_refused(seeded, tmp_path):
    path = edited(tmp_path, lambda c: None)
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    article.text_zh_hans = "导出之后改过的中文。"
    article.save()
    assert "has changed since the export" in refused(path)


def test_a_file_msgfmt_rejects_is_refused(seeded, tmp_path):
    path = edited(tmp_path, lambda c: None)
    text = path.read_text(encoding="utf-8")
    # a duplicate entry: polib reads it, msgfmt --check does not accept it
    first = text.index("\n\n#.") + 2
    second = text.index("\n\n#.", first) + 2
    path.write_text(text + "\n" + text[first:second], encoding="utf-8")
    assert "msgfmt" in refused(path)


def test_a_poedit_style_file_imports(seeded, tmp_path):
    """Poedit adds its own headers and wraps lines differently."""

    def as_poedit(catalogue):
        catalogue.metadata.update({"X-Generator": "Poedit 3.4", "Last-Translator": "A <a@b.c>"})
        catalogue.wrapwidth = 0

    assert "1 changed" in run_import(edited(tmp_path, as_poedit))
