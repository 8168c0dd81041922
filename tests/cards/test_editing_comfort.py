"""Editing comfort: slugs from Chinese titles, positions from 1, new rows last."""

from cards.models import CardType
from publishing.slugs import pinyin_slug
from tests.cards.test_admin import admin_url, form_data
from tests.factories import make_card_type


def test_pinyin_slug():
    assert pinyin_slug("市民卡和社保卡的区别") == "shi-min-ka-he-she-bao-ka-de-qu-bie"
    assert pinyin_slug("社保卡 2024") == "she-bao-ka-2024"


def test_a_chinese_only_editor_creates_a_card_type_with_a_pinyin_slug(admin_client, db):
    make_card_type(slug="jiao-tong-ka")  # taken: the next free one is used
    data = form_data(admin_client.get(admin_url("zh-hans", "cardtype/add/")))
    data.update(name_zh_hans="交通卡", summary_zh_hans="坐公交用的卡。", slug="")
    response = admin_client.post(admin_url("zh-hans", "cardtype/add/"), data)
    assert response.status_code == 302
    assert CardType.objects.filter(slug="jiao-tong-ka-2", name_zh_hans="交通卡").exists()


def test_positions_count_from_one(admin_client, db):
    response = admin_client.get(admin_url("en", "comparison/add/"))
    data = form_data(response)
    assert data["points-0-position"] == "1"
    assert (data["compared-0-position"], data["compared-1-position"]) == ("1", "2")
