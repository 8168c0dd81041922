"""Texts holding U+2028 (line separator) or U+2029 (paragraph separator), as text pasted from
a word processor may, go through PO export and import: the file is not refused, and a
separator in a translation is stored as a line end, as every save stores it
(publishing.text.normalise_text: XML 1.0 and the Nu validator refuse the separators)."""

import polib

from legislation.models import Article
from publishing import services
from tests.translations.test_po import export, run_import

SOURCE = "第一行\u2028第二行\u2029第二段。"
TRANSLATION = "Line one\u2028line two\u2029second paragraph."


def test_separators_round_trip_through_po_export_and_import(seeded, tmp_path):
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    Article.objects.filter(pk=article.pk).update(text_zh_hans=SOURCE)
    context = f"legislation.article:{article.pk}:text"

    path = export(tmp_path)
    assert polib.pofile(str(path)).find(context, by="msgctxt").msgid == SOURCE
    # Unchanged, the file imports (it was refused: the source looked changed).
    assert "0 changed" in run_import(path)

    catalogue = polib.pofile(str(path))
    entry = catalogue.find(context, by="msgctxt")
    entry.msgstr = TRANSLATION
    if entry.fuzzy:  # the source changed above: the translator reviewed it
        entry.flags.remove("fuzzy")
    catalogue.save(str(path))
    assert "1 changed" in run_import(path)
    services.publish(article, user=None)
    article.refresh_from_db()
    assert article.text_en == "Line one\nline two\nsecond paragraph."
    assert article.text_zh_hans == "第一行\n第二行\n第二段。"
