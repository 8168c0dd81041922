"""In a real browser: saving an admin form without touching it sends every textarea with CRLF
line ends, and still records no change and leaves the stored text as it was."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import translation
from reversion.models import Revision

from cards.models import Comparison, PointText
from legislation.models import Article, Law
from publishing import services
from tests.browser.test_admin_tabs import editor_page  # noqa: F401

pytestmark = pytest.mark.browser


def stored_text():
    return {
        "law": list(Law.objects.values_list("history_zh_hans", "history_en", "summary_zh_hans")),
        "articles": list(Article.objects.values_list("text_zh_hans", "text_en")),
        "comparison": list(Comparison.objects.values_list("introduction_zh_hans")),
        "texts": list(PointText.objects.order_by("pk").values_list("text_zh_hans", "text_en")),
    }


def test_saving_unchanged_forms_records_no_change(seeded_server, editor_page):  # noqa: F811
    Comparison.objects.update(introduction_zh_hans="第一段。\n\n第二段。")
    PointText.objects.update(text_zh_hans="一行\n二行")
    Article.objects.filter(number=2).update(text_zh_hans="第一款。\n\n第二款。")
    before = stored_text()
    revisions = Revision.objects.count()
    law = Law.objects.get(slug="social-insurance-law")
    Law.objects.filter(slug="labour-contract-law").update(is_published=False)  # edited in place
    unpublished = Law.objects.get(slug="labour-contract-law")
    objects = [law, law.articles.get(number=2), Comparison.objects.get(), unpublished]
    posted = []
    editor_page.on("request", lambda r: r.method == "POST" and posted.append(r.post_data or ""))
    for obj in objects:
        path = f"{obj._meta.app_label}/{obj._meta.model_name}"
        editor_page.goto(f"{seeded_server.url}/zh-hans/admin/{path}/{obj.pk}/change/")
        editor_page.click("input[name=_continue]")
        editor_page.wait_for_load_state("networkidle")
        if obj.is_published:
            # Live: a change would be kept as its draft; there is none, and no new version.
            assert editor_page.locator(".messagelist .info").count() == 1, path
            assert services.draft_of(obj) is None, path
        else:
            assert editor_page.locator(".messagelist .success").count() == 1, path
            entry = LogEntry.objects.filter(object_id=str(obj.pk), action_flag=CHANGE)
            with translation.override("en"):
                assert entry.latest("pk").get_change_message() == "No fields changed.", path
    assert all("%0D%0A" in body for body in posted[-4:])  # the browser did send CRLF
    assert stored_text() == before
    assert Revision.objects.count() == revisions
