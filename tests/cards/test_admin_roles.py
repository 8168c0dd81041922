"""The translators' limits (translations.adminparts) and the editors' drafts
(publishing.admin) on the same admin classes: a translator's save of a live comparison is a
draft that only an editor publishes; a forged POST saves nothing; a stale save is refused."""

import pytest
from reversion.models import Revision

from cards.models import Comparison, PointText
from publishing import services
from tests.cards.test_admin import text_field
from tests.translations.conftest import browser_form_data, make_user
from translations.roles import EDITORS, TRANSLATORS

URL = "/en/admin/cards/comparison/{}/change/"


@pytest.fixture
def translator_client(client, seeded):
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    return client


@pytest.fixture
def editor_client(seeded):
    from django.test import Client

    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def point_text(comparison):
    point = comparison.points.order_by("position").first()
    card = comparison.compared_card_types()[0]
    return point, card, PointText.objects.get(point=point, card_type=card)


def test_a_translators_save_of_a_live_comparison_is_a_draft_they_cannot_publish(
    translator_client, editor_client
):
    comparison = Comparison.objects.get()
    point, card, text = point_text(comparison)
    url = URL.format(comparison.pk)
    page = translator_client.get(url)
    assert f"/{comparison.pk}/publish/" not in page.content.decode()
    assert "An editor reviews and publishes it." in page.content.decode()
    data = browser_form_data(page)
    index = list(comparison.points.order_by("position")).index(point)
    data[text_field(f"points-{index}", card, "en")] = "A new English text.\r\n"
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    text.refresh_from_db()
    assert text.text_en != "A new English text."  # visitors see the published version
    assert services.draft_of(comparison) is not None
    publish = f"/en/admin/cards/comparison/{comparison.pk}/publish/"
    assert translator_client.get(publish).status_code == 403
    assert translator_client.post(publish, {}).status_code == 403
    response = editor_client.get(publish)
    base = response.context["base_revision"]
    response = editor_client.post(publish, {"base_revision": base, "confirm_translations": "1"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.text_en == "A new English text."  # normalised: no CRLF, no trailing space
    assert services.draft_of(comparison) is None


def test_a_translators_forged_post_for_the_source_saves_nothing(translator_client):
    comparison = Comparison.objects.get()
    revisions = Revision.objects.count()
    url = URL.format(comparison.pk)
    data = {**browser_form_data(translator_client.get(url)), "title_zh_hans": "伪造"}
    assert translator_client.post(url, data).status_code == 403
    assert services.draft_of(comparison) is None
    assert Revision.objects.count() == revisions
    assert Comparison.objects.get().title_zh_hans != "伪造"


def test_an_editors_save_built_before_a_translators_draft_is_refused(
    translator_client, editor_client
):
    from tests.cards.test_admin import form_data

    comparison = Comparison.objects.get()
    url = URL.format(comparison.pk)
    stale = form_data(editor_client.get(url))
    data = browser_form_data(translator_client.get(url))
    data["title_en"] = "Translated anew"
    assert translator_client.post(url, data).status_code == 302
    draft = services.draft_of(comparison)
    response = editor_client.post(url, {**stale, "title_zh_hans": "编辑的新标题"})
    assert response.status_code == 200
    assert "translator" in response.content.decode()  # names who saved in between
    assert services.draft_of(comparison).revision_id == draft.revision_id
    assert Comparison.objects.get().title_zh_hans != "编辑的新标题"
