"""A translator's PO file cannot store a text longer than its field allows (acceptance round
FE): the 20,000-character limit of articles and long texts (legislation.parsing
.ARTICLE_MAX_LENGTH, publishing.text.TEXT_MAX_LENGTH) holds for imported translations too. The
entry is refused by its line and its name, in the importer's language; nothing is written."""

import polib
import pytest
from django.utils import translation

from legislation.models import Article
from legislation.parsing import ARTICLE_MAX_LENGTH
from tests.translations.test_po import export, refused
from translations import po


def too_long_article(tmp_path):
    path = export(tmp_path)
    catalogue = polib.pofile(str(path))
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    entry = catalogue.find(f"legislation.article:{article.pk}:text", by="msgctxt")
    entry.msgstr = "x" * (ARTICLE_MAX_LENGTH + 1)
    catalogue.save(str(path))
    return path, entry


def test_an_article_translation_over_the_limit_is_refused_and_nothing_is_written(seeded, tmp_path):
    path, entry = too_long_article(tmp_path)
    message = refused(path)
    assert f"line {entry.linenum}:" in message
    assert "text of article “" in message, "the entry is named"
    assert "20,001 characters" in message and "at most 20,000" in message, message


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["text of article “", "has 20,001 characters; at most 20,000 are allowed"]),
        ("zh-hans", ["”的内容", "有20,001个字符，最多只能有20,000个"]),
    ],
)
def test_the_refusal_names_the_entry_in_the_importers_language(seeded, tmp_path, language, words):
    path, entry = too_long_article(tmp_path)
    with translation.override(language), pytest.raises(po.ImportRefused) as error:
        po.plan(path.read_bytes())
    [problem] = error.value.problems
    assert problem.startswith(
        f"line {entry.linenum}" if language == "en" else f"第{entry.linenum}行"
    )
    assert all(word in problem for word in words), problem
