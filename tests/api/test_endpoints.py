"""Each endpoint in both languages: content, fallback marking, published content only."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cards.models import Comparison, ComparisonPoint
from legislation.models import Article
from tests.api.conftest import invalid_parameters, walk_keys
from tests.factories import make_card_type, make_comparison, make_law

SLUG = "citizen-card-vs-social-security-card"


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response


@pytest.mark.parametrize(
    ("lang", "title"),
    [("zh-hans", "市民卡和社保卡的区别"), ("en", "The difference between the citizen card")],
)
def test_comparison_in_both_languages(client, seeded, lang, title):
    response = get(client, f"/api/v1/comparisons/{SLUG}/?lang={lang}")
    data = response.json()
    assert response["Content-Language"] == lang
    assert "Accept-Language" in response["Vary"]
    assert data["title"]["value"].startswith(title)
    assert data["title"] == {"value": data["title"]["value"], "language": lang, "fallback": False}
    assert [card["slug"] for card in data["card_types"]] == ["citizen-card", "social-security-card"]
    assert [point["number"] for point in data["points"]] == [1, 2, 3, 4, 5]
    first = data["points"][0]
    assert [text["card_type"] for text in first["texts"]] == [
        "citizen-card",
        "social-security-card",
    ]
    assert first["html_url"].startswith(f"http://testserver/{lang}/compare/{SLUG}/#point-")
    assert first["embed_url"] == f"http://testserver/{lang}/embed/compare/{SLUG}/point/1/"
    citation = data["legal_basis"][0]
    assert citation["label"] == {"zh-hans": "第二条", "en": "Article 2"}[lang]
    assert citation["html_url"] == f"http://testserver/{lang}/laws/social-insurance-law/articles/2/"
    assert citation["url"] == "http://testserver/api/v1/laws/social-insurance-law/articles/2/"
    assert (
        citation["citation"]["value"]
        == {
            "zh-hans": "《中华人民共和国社会保险法》第二条",
            "en": "Article 2 of the Social Insurance Law of the People's Republic of China",
        }[lang]
    )


def test_language_from_accept_language_and_default(client, seeded):
    url = f"/api/v1/comparisons/{SLUG}/"
    assert get(client, url, accept_language="en-GB,en;q=0.9")["Content-Language"] == "en"
    assert get(client, url, accept_language="zh-CN,zh;q=0.9")["Content-Language"] == "zh-hans"
    assert get(client, url, accept_language="zh-TW,zh;q=0.9")["Content-Language"] == "zh-hant"
    assert get(client, url, accept_language="zh-HK")["Content-Language"] == "zh-hant"
    assert get(client, url)["Content-Language"] == "zh-hans"  # the source language
    # ?lang= wins over the header
    assert get(client, url + "?lang=zh-hans", accept_language="en")["Content-Language"] == "zh-hans"


def test_unknown_language_is_a_clear_400_in_the_callers_language(client, seeded):
    response = client.get(f"/api/v1/comparisons/{SLUG}/?lang=fr", headers={"accept-language": "en"})
    assert response.status_code == 400
    assert invalid_parameters(response) == {
        "lang": ["Unknown language “fr”: use one of zh-hans, zh-hant, en."]
    }
    response = client.get("/api/v1/laws/?lang=xx", headers={"accept-language": "zh-CN"})
    assert invalid_parameters(response)["lang"] == [
        "未知语言“xx”：请使用zh-hans, zh-hant, en之一。"
    ]


def test_missing_english_is_marked_as_a_fallback_field_by_field(client, db):
    comparison = make_comparison(points=1, introduction_zh_hans="只有中文的介绍。")
    ComparisonPoint.objects.filter(comparison=comparison).update(heading_en="")
    data = get(client, f"/api/v1/comparisons/{comparison.slug}/?lang=en").json()
    assert data["title"] == {"value": comparison.title_en, "language": "en", "fallback": False}
    assert data["introduction"] == {
        "value": "只有中文的介绍。",
        "language": "zh-hans",
        "fallback": True,
    }
    point = data["points"][0]
    assert point["heading"]["fallback"] is True and point["heading"]["language"] == "zh-hans"
    assert point["aspect"]["fallback"] is False
    # In Chinese nothing is a fallback.
    data = get(client, f"/api/v1/comparisons/{comparison.slug}/?lang=zh-hans").json()
    assert not any(
        value["fallback"] for value in (data["introduction"], data["points"][0]["heading"])
    )


def test_article_in_both_languages_with_fallback(client, seeded):
    url = "/api/v1/laws/social-insurance-law/articles/20/"
    zh = get(client, url + "?lang=zh-hans").json()
    en = get(client, url + "?lang=en").json()
    assert zh["label"] == "第二十条" and en["label"] == "Article 20"
    assert zh["chapter"]["label"] == "第二章" and en["chapter"]["label"] == "Chapter II"
    assert zh["text"]["fallback"] is en["text"]["fallback"] is False
    assert en["text"]["language"] == "en"
    Article.objects.filter(law__slug="social-insurance-law", number=20).update(text_en="")
    cache.clear()  # an update() bypasses signals, so the content version too
    en = get(client, url + "?lang=en").json()
    assert en["text"] == {**zh["text"], "fallback": True}


def test_article_date_parameter(client, seeded):
    base = "/api/v1/laws/social-insurance-law/articles/"
    today = get(client, base + "64/?lang=zh-hans").json()
    dated = get(client, base + "64/?lang=zh-hans&date=2015-06-01").json()
    # Article 64 was reworded by the 2018 amendment: the older wording on an earlier date.
    assert dated["number"] == 64 and dated["text"]["value"] != today["text"]["value"]
    assert dated["html_url"].endswith(
        "/zh-hans/laws/social-insurance-law/articles/64/?date=2015-06-01"
    )
    listed = get(client, base + "?lang=zh-hans&date=2015-06-01&page=2").json()
    assert next(a for a in listed["results"] if a["number"] == 64)["text"] == dated["text"]
    # The law took effect on 2011-07-01: nothing was in force before.
    assert client.get(base + "2/?date=2011-06-30").status_code == 404
    assert get(client, base + "?date=2011-06-30").json()["count"] == 0
    response = client.get(base + "2/?date=yesterday&lang=en")
    assert response.status_code == 400
    assert invalid_parameters(response) == {
        "date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


def test_lists_are_paginated_in_a_stable_order(client, db):
    law = make_law(articles=60)
    first = get(client, f"/api/v1/laws/{law.slug}/articles/").json()
    assert first["count"] == 60 and len(first["results"]) == 50
    assert [a["number"] for a in first["results"]] == list(range(1, 51))
    second = get(client, first["next"]).json()
    assert [a["number"] for a in second["results"]] == list(range(51, 61))
    assert client.get(f"/api/v1/laws/{law.slug}/articles/?page=9").status_code == 404


def test_card_types_and_laws(client, seeded):
    for lang, _name in settings.LANGUAGES:
        cards = get(client, f"/api/v1/card-types/?lang={lang}").json()["results"]
        assert [card["slug"] for card in cards] == ["citizen-card", "social-security-card"]
        assert cards[0]["comparisons"][0]["slug"] == SLUG
        card = get(client, f"/api/v1/card-types/citizen-card/?lang={lang}").json()
        assert (
            card["name"]["value"]
            == {"zh-hans": "市民卡", "zh-hant": "市民卡", "en": "Citizen card"}[lang]
        )
        law = get(client, f"/api/v1/laws/social-insurance-law/?lang={lang}").json()
        assert len(law["chapters"]) == 12
        assert (
            law["chapters"][0]["label"]
            == {"zh-hans": "第一章", "zh-hant": "第一章", "en": "Chapter I"}[lang]
        )
        assert law["articles_url"].endswith("/api/v1/laws/social-insurance-law/articles/")
        laws = get(client, f"/api/v1/laws/?lang={lang}").json()
        assert [item["slug"] for item in laws["results"]] == [
            "labour-contract-law",
            "social-insurance-law",
        ]


def test_root_lists_the_endpoints(client, db):
    data = get(client, "/api/v1/").json()
    assert data["comparisons"] == "http://testserver/api/v1/comparisons/"
    assert data["openapi"] == "http://testserver/api/v1/openapi.json"


def test_drafts_never_appear(client, db):
    card = make_card_type()
    draft = make_comparison(card_types=[card, make_card_type()], is_published=False)
    scheduled = make_comparison(publish_at=timezone.now() + datetime.timedelta(days=1))
    law = make_law(articles=3)
    draft.legal_basis.set(law.articles.all())
    for url in [f"/api/v1/comparisons/{draft.slug}/", f"/api/v1/comparisons/{scheduled.slug}/"]:
        assert client.get(url).status_code == 404
    assert get(client, "/api/v1/comparisons/").json()["count"] == 0
    assert get(client, f"/api/v1/card-types/{card.slug}/").json()["comparisons"] == []
    changes = get(client, "/api/v1/changes/").json()["results"]
    assert {(c["type"], c["id"]) for c in changes if c["type"] == "comparison"} == set()
    for url in [
        f"/en/embed/compare/{draft.slug}/point/1/",
        f"/en/embed/compare/{scheduled.slug}/point/1/",
    ]:
        assert client.get(url).status_code == 404


def test_no_internal_ids_or_staff_fields(client, seeded):
    data = get(client, f"/api/v1/comparisons/{SLUG}/").json()
    keys = set(walk_keys(data))
    assert not keys & {"id", "pk", "is_published", "position", "comparison", "point"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        f"/api/v1/comparisons/{SLUG}/",
        "/api/v1/changes/",
        "/api/v1/laws/",
        "/api/v1/laws/social-insurance-law/articles/0/",  # no such article: still a 405
    ],
)
def test_other_methods_are_a_405_problem_whose_allow_lists_what_is_answered(
    client, seeded, method, url
):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    # OPTIONS is not answered (only CORS preflights are, by the CORS middleware), so not listed.
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405
    assert Comparison.objects.filter(slug=SLUG).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nope/",
        "/api/v1/comparisons/no-such/",
        "/api/v1/laws/social-insurance-law/articles/99/",
        "/api/v1/laws/social-insurance-law/articles/0/",
        "/api/v1/laws/social-insurance-law/articles/99999999999999999999/",
        "/api/v1/laws/no-such-law/articles/",
    ],
)
def test_unknown_addresses_are_a_json_404_in_the_callers_language(client, seeded, url):
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
    }
    chinese = client.get(url, headers={"accept-language": "zh-CN"})
    assert chinese.json()["detail"] == "未找到。"
