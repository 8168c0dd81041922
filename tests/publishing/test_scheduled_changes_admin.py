"""Scheduled changes in the admin: the list is the view. Its row leads to the object's Publish
page (where the draft is shown, published, confirmed or discarded), and the model admin's own
detail page, which showed raw fields (content type, object id, the revision dumped in English,
the held reason as JSON), redirects there. Reasons read in the language's punctuation."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages

from guide.models import Task
from publishing import services
from publishing.models import Draft
from tests.cards.test_admin import form_data
from tests.contracts.test_admin_rules import client_for
from tests.publishing.test_not_applied_language import held_unfit
from translations.roles import EDITORS

pytestmark = pytest.mark.django_db

LISTING = "/{}/admin/publishing/scheduledchange/"
RAW = ("Content type", "Object id", "Revision", "内容类型", '{"reason"', "unfit")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_scheduled_change_leads_to_its_objects_publish_page(seeded, lang):
    question = held_unfit("en")
    draft = services.draft_of(question)
    publish = f"/{lang}/admin/questions/question/{question.pk}/publish/"
    editor = client_for("editor", EDITORS)
    listing = BeautifulSoup(editor.get(LISTING.format(lang)).content, "html.parser")
    links = [a["href"] for a in listing.select("#result_list a")]
    assert publish in links, links
    assert not [href for href in links if "/publishing/scheduledchange/" in href], links

    detail = editor.get(f"{LISTING.format(lang)}{draft.pk}/change/")
    assert detail.status_code == 302 and detail["Location"] == publish
    page = editor.get(publish)
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").get_text()
    assert not [words for words in RAW if words in text]


def test_a_scheduled_change_whose_object_is_gone_leads_back_to_the_list(seeded):
    question = held_unfit("en")
    draft = services.draft_of(question)
    Draft.objects.filter(pk=draft.pk).update(object_id="999999")
    editor = client_for("editor", EDITORS)
    for lang in ("en", "zh-hans"):
        detail = editor.get(f"{LISTING.format(lang)}{draft.pk}/change/")
        assert detail.status_code == 302 and detail["Location"] == LISTING.format(lang)


def test_linked_from_reads_in_chinese_punctuation(seeded):
    question = held_unfit("zh-hans")
    task = Task.objects.order_by("pk").first()
    Draft.objects.filter(pk=services.draft_of(question).pk).update(
        not_applied={"reason": services.NOT_CONFIRMED, "objects": [f"guide.task:{task.pk}"]}
    )
    editor = client_for("editor", EDITORS)
    text = BeautifulSoup(editor.get(LISTING.format("zh-hans")).content, "html.parser").get_text()
    assert f"链接来自：{task.question}" in text, text
    assert not re.search(r"链接来自\s", text)
    text = BeautifulSoup(editor.get(LISTING.format("en")).content, "html.parser").get_text()
    assert f"linked from: {task.question}" in text


def test_the_list_actions_refusal_of_an_invalid_draft_runs_its_sentences_together(seeded):
    from questions.models import Question
    from tests.contracts.test_integrity import drafted
    from tests.questions.test_quote_article_deleted import quoting

    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, quoting(None))
    told = {}
    for lang in ("zh-hans", "en"):
        listing = f"/{lang}/admin/questions/question/"
        data = {
            **form_data(editor.get(listing)),  # the list as the editor saw it
            "action": "publish_selected",
            "_selected_action": [question.pk],
        }
        response = editor.post(listing, data)
        told[lang] = " | ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "请选择要引用的条文。没有做任何修改" in told["zh-hans"], told
    assert "。 " not in told["zh-hans"]
    assert "Choose the article to quote. Nothing was changed" in told["en"], told
