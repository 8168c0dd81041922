"""Messages the admin shows about translations and history speak the editor's language: msgfmt's
English output explained, PO entries named by their object and field labels, "Published" as a
status (已发布) apart from "published on" a date (发布于), diff headings by the reader's name of
the object."""

import polib
import pytest
from django.utils import translation
from reversion.models import Version

from cards.models import CardType
from legislation.models import Article
from publishing.admin import status_label
from publishing.diff import object_label
from translations import po


@pytest.mark.parametrize(
    ("line", "chinese"),
    [
        (":8: duplicate message definition...", "第8行：此条目在文件中出现了两次。"),
        (":2: end-of-line within string", "第2行：引号中的文字在本行没有结束。"),
        (":6: ...this is the location of the first definition", None),
        ("msgfmt: found 2 fatal errors", None),
        (
            ':3: keyword "msgsrt" unknown',
            '第3行：msgfmt检查工具报告（英文原文）：keyword "msgsrt" unknown',
        ),
    ],
)
def test_msgfmt_output_is_explained_in_the_users_language(line, chinese):
    with translation.override("zh-hans"):
        assert po.explain_msgfmt(line) == chinese


def test_a_refused_file_is_explained_line_by_line_in_chinese(seeded, tmp_path):
    article = Article.objects.get(law__slug="social-insurance-law", number=30)
    entry = f"legislation.article:{article.pk}:text"
    catalogue = po.export("en")
    text = str(catalogue)
    start = text.index(f'msgctxt "{entry}"')
    end = text.index("\n\n", start)
    content = (text + "\n\n" + text[start:end] + "\n").encode("utf-8")
    with translation.override("zh-hans"), pytest.raises(po.ImportRefused) as refused:
        po.plan(content)
    message = str(refused.value)
    assert "此条目在文件中出现了两次" in message
    assert "duplicate" not in message and "fatal" not in message


def test_a_po_entry_is_named_by_its_object_and_field_not_its_context(seeded):
    card = CardType.objects.get(slug="citizen-card")
    entry = polib.POEntry(msgctxt=f"cards.cardtype:{card.pk}:summary", msgid="x")
    with translation.override("zh-hans"):
        assert po.describe_context(entry) == "卡种“市民卡”的简介"
    with translation.override("en"):
        assert po.describe_context(entry) == "summary of card type “Citizen card”"


def test_published_is_a_status_and_published_on_comes_before_a_date(client, seeded):
    card = CardType.objects.get(slug="citizen-card")
    with translation.override("zh-hans"):
        assert status_label(card, has_draft=False) == "已发布"
    page = client.get("/zh-hans/compare/citizen-card-vs-social-security-card/").content.decode()
    assert "发布于" in page


def test_diff_headings_name_the_object_in_the_readers_language(seeded):
    card = CardType.objects.get(slug="citizen-card")
    version = Version.objects.get_for_object(card).first()
    with translation.override("en"):
        assert object_label(version) == "Card type: Citizen card"
    with translation.override("zh-hans"):
        assert object_label(version) == "卡种：市民卡"
