"""The message a stale form's save is refused with, as an editor reads it, in the English and
the Chinese admin: row names in the admin's language (whatever language the row was saved
in), the language's list and clause punctuation, every change of the editor's own that saving
again keeps, and wording that reads right for one field and for several."""

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from cards.models import Comparison, LegalBasis
from questions.models import Question
from tests.cards.test_admin import form_data
from tests.publishing.test_publish_paths import OLD
from tests.publishing.test_stale_rows import row_index
from tests.translations.conftest import make_user
from translations.roles import EDITORS

pytestmark = pytest.mark.usefixtures("seeded")

OTHER = {"en": "zh-hans", "zh-hans": "en"}


def login(name):
    client = Client()
    client.force_login(make_user(name, EDITORS))
    return client


def refusal(response):
    """The form's message above the fields, as text."""
    assert response.status_code == 200
    found = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S)
    assert found, "no refusal shown"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).strip()


def admin(lang, obj):
    opts = obj._meta
    return f"/{lang}/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def in_language(lang, obj):
    with translation.override(lang):
        return str(obj)


def comparison_refusal(lang):
    """ed1 (in the other language's admin) deletes a legal-basis row and changes the Chinese
    title; ed2, on a form opened before, changes a point's heading and saves."""
    comparison = Comparison.objects.get(slug=OLD)
    citation = LegalBasis.objects.filter(comparison=comparison).order_by("pk").first()
    point = comparison.points.order_by("position").first()
    ed1, ed2 = login("ed1"), login("ed2")
    mine = form_data(ed2.get(admin(lang, comparison)))
    theirs = form_data(ed1.get(admin(OTHER[lang], comparison)))
    index = next(
        k.split("-")[1]
        for k, v in theirs.items()
        if k.startswith("citations-") and k.endswith("-id") and v == str(citation.pk)
    )
    theirs[f"citations-{index}-DELETE"] = "on"
    theirs["title_zh_hans"] = "新标题 4750"
    assert ed1.post(admin(OTHER[lang], comparison), theirs).status_code == 302
    mine[f"points-{row_index(mine, point)}-heading_zh_hans"] = "编辑二的标题"
    return refusal(ed2.post(admin(lang, comparison), mine)), citation, point


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_deleted_row_is_named_in_the_admins_language(lang):
    text, citation, _point = comparison_refusal(lang)
    plan = re.split(r"If you save again:|如果再次保存：", text)[1]  # what saving again does
    assert in_language(lang, citation.article) in plan
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]", plan), plan  # no Chinese in the English
    else:
        assert "Article" not in plan and " of the " not in plan, plan


def test_the_chinese_message_uses_chinese_list_and_clause_punctuation():
    text, _citation, _point = comparison_refusal("zh-hans")
    assert "标题（简体中文）、标题（繁体中文）" in text
    assert ", " not in text and "; " not in text
    assert "；" in text


@pytest.mark.parametrize(
    ("lang", "saved"),
    [
        ("en", "your changes in a row below the form are saved (Comparison point: "),
        ("zh-hans", "您对表单下方一行的修改会被保存（对比要点："),
    ],
)
def test_the_message_says_which_of_the_editors_own_changes_are_saved(lang, saved):
    text, _citation, point = comparison_refusal(lang)
    assert saved in text
    with translation.override(lang):
        assert point.heading in text.split(saved)[1][:200]
    assert "nothing else changes" not in text and "其他内容不变" not in text


def question_refusal(lang):
    """alice changes a question's topics and an answer block; bob, on a form opened before,
    changes the English question."""
    question = (
        Question.objects.filter(blocks__isnull=False, topics__isnull=False).order_by("pk").first()
    )
    alice, bob = login("alice"), login("bob")
    mine = form_data(bob.get(admin(lang, question)))
    theirs = form_data(alice.get(admin(OTHER[lang], question)))
    topics = theirs["topics"] if isinstance(theirs["topics"], list) else [theirs["topics"]]
    theirs["topics"] = topics[:-1] if len(topics) > 1 else []
    block = next(k for k in theirs if k.startswith("blocks-") and k.endswith("-text_zh_hans"))
    theirs[block] = f"{theirs[block]} 4751"
    assert alice.post(admin(OTHER[lang], question), theirs).status_code == 302
    mine["question_en"] = "Bob's question 4751"
    return refusal(bob.post(admin(lang, question), mine))


@pytest.mark.parametrize(
    ("lang", "kept"),
    [
        ("en", "the other editor's newer value of Topics is kept (you had not changed it)"),
        ("zh-hans", "保留对方较新的主题（您未曾改动）"),
    ],
)
def test_a_field_named_in_the_plural_reads_right(lang, kept):
    text = question_refusal(lang)
    assert kept in text
    assert "Topics is kept" not in text.replace("value of Topics is kept", "")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_point_texts_are_named_only_for_a_kind_that_has_them(lang):
    with translation.override(lang):
        from cards.models import PointText

        texts = str(PointText._meta.verbose_name_plural)
    assert texts not in question_refusal(lang)
    comparison = Comparison.objects.get(slug=OLD)
    point = comparison.points.order_by("position").first()
    alice, bob = login("carol"), login("dave")
    mine = form_data(bob.get(admin(lang, comparison)))
    theirs = form_data(alice.get(admin(lang, comparison)))
    key = f"points-{row_index(theirs, point)}-heading_en"
    theirs[key] = "Alice's heading 4752"
    assert alice.post(admin(lang, comparison), theirs).status_code == 302
    mine["introduction_en"] = "Bob's introduction 4752"
    assert texts in refusal(bob.post(admin(lang, comparison), mine))
