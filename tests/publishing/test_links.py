"""Links of public content are web addresses on every write path, and only web addresses
are given out: a `javascript:` link written any way at all never reaches a page or the API."""

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import connection

from legislation.models import Law
from tests.translations.conftest import browser_form_data, make_user
from translations.roles import TRANSLATORS

SLUG = "social-insurance-law"
OFFICIAL = "https://flk.npc.gov.cn/"
HOSTILE = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "JAVASCRIPT:alert(1)",
    "\njavascript:alert(1)",
    "javascript://%0aalert(1)",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "//evil.example/",
    "javascript&colon;alert(1)",
    # http(s), but not a well-formed URI (the API's `format: uri`): markup, whitespace.
    'https://ok.example/"><script>alert(1)</script>',
    "https://ok.example/<img src=x onerror=alert(1)>",
    "https://ok.example/a b",
]


def store_behind_the_models_back(url):
    """As a row written before these checks, or by raw SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Law._meta.db_table} SET source_url = %s WHERE slug = %s", [url, SLUG]
        )


@pytest.mark.parametrize("url", HOSTILE)
def test_queryset_writes_refuse_a_link_that_is_not_a_web_address(seeded, url):
    laws = Law.objects.filter(slug=SLUG)
    with pytest.raises(ValidationError):
        laws.update(source_url=url)
    law = laws.get()
    law.source_url = url
    with pytest.raises(ValidationError):
        Law.objects.bulk_update([law], ["source_url"])
    with pytest.raises(ValidationError):
        law.save()  # the ORM's save() too
    assert laws.get().source_url == OFFICIAL


def test_a_fixture_cannot_bring_in_a_javascript_link(seeded):
    # loaddata saves raw (no model logic), but the link is checked all the same.
    data = serializers.serialize("json", Law.objects.filter(slug=SLUG))
    data = data.replace(OFFICIAL, "javascript:alert(1)")
    with pytest.raises(ValidationError):
        for obj in serializers.deserialize("json", data):
            obj.save()
    assert Law.objects.get(slug=SLUG).source_url == OFFICIAL


@pytest.mark.parametrize("url", HOSTILE)
def test_a_stored_hostile_link_is_null_in_the_api_and_absent_from_the_page(client, seeded, url):
    store_behind_the_models_back(url)
    for lang in ("en", "zh-hans"):
        law = client.get(f"/api/v1/laws/{SLUG}/?lang={lang}").json()
        assert law["source_url"] is None
        listed = client.get(f"/api/v1/laws/?lang={lang}").json()["results"]
        assert next(item for item in listed if item["slug"] == SLUG)["source_url"] is None
        page = client.get(f"/{lang}/laws/{SLUG}/").content.decode()
        assert "script:" not in page and "data:text" not in page


def test_a_web_link_is_given_out(client, seeded):
    assert client.get(f"/api/v1/laws/{SLUG}/").json()["source_url"] == OFFICIAL


def test_a_translators_save_with_a_stale_hostile_link_is_a_form_error(client, seeded):
    store_behind_the_models_back("javascript:alert(1)")
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    law = Law.objects.get(slug=SLUG)
    url = f"/en/admin/legislation/law/{law.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = browser_form_data(page)
    assert "source_url" not in data  # not the translator's to change
    data["summary_en"] = "A new summary."
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is not a web address: an editor must correct it first" in response.content.decode()
    law.refresh_from_db()
    assert law.summary_en != "A new summary."
