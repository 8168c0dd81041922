"""Renaming a slug keeps every old address working (301, both languages); an old slug of one
object cannot be taken by another."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cards.models import CardType, Comparison
from publishing import services
from publishing.models import OldSlug
from tests.cards.test_admin import form_data
from tests.factories import make_card_type, make_comparison, make_law

LANGUAGES = ("zh-hans", "en")


def rename(obj, slug):
    obj.slug = slug
    obj.full_clean()
    obj.save()


def assert_moved(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_old_addresses_of_renamed_objects_redirect_in_both_languages(client, lang):
    law = make_law(articles=3)
    comparison = make_comparison(points=1, cite=[law.articles.get(number=2)])
    card = comparison.compared_card_types()[0]
    old = {"law": law.slug, "comparison": comparison.slug, "card": card.slug}
    rename(law, "renamed-law")
    rename(comparison, "renamed-comparison")
    rename(card, "renamed-card")
    assert_moved(client, f"/{lang}/laws/{old['law']}/", f"/{lang}/laws/renamed-law/")
    assert_moved(
        client, f"/{lang}/laws/{old['law']}/articles/2/", f"/{lang}/laws/renamed-law/articles/2/"
    )
    assert_moved(
        client,
        f"/{lang}/compare/{old['comparison']}/?from=search",
        f"/{lang}/compare/renamed-comparison/?from=search",
    )
    assert_moved(client, f"/{lang}/cards/{old['card']}/", f"/{lang}/cards/renamed-card/")


@pytest.mark.django_db
def test_every_earlier_slug_leads_to_the_current_one_and_renaming_back_works(client):
    card = make_card_type(slug="first")
    rename(card, "second")
    rename(card, "third")
    assert_moved(client, "/en/cards/first/", "/en/cards/third/")
    assert_moved(client, "/en/cards/second/", "/en/cards/third/")
    rename(card, "first")
    assert client.get("/en/cards/first/").status_code == 200
    assert_moved(client, "/en/cards/third/", "/en/cards/first/")
    assert sorted(OldSlug.objects.values_list("slug", flat=True)) == ["second", "third"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "was the slug of “Card A” before it was renamed"),
        ("zh-hans", "是“卡甲”改名前的网址标识"),
    ],
)
def test_another_objects_old_slug_cannot_be_taken(admin_client, lang, message):
    card = make_card_type(slug="card-a", name_zh_hans="卡甲", name_en="Card A")
    rename(card, "card-a-renamed")
    other = make_card_type(slug="card-b")
    other.slug = "card-a"
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug" in error.value.message_dict
    # Through the admin, in the editor's language; nothing is saved.
    url = f"/{lang}/admin/cards/cardtype/{other.pk}/change/"
    data = {**form_data(admin_client.get(url)), "slug": "card-a"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "card-b"
    assert_moved(admin_client, "/en/cards/card-a/", "/en/cards/card-a-renamed/")


@pytest.mark.django_db
def test_renaming_through_the_admin_records_the_old_slug(admin_client, client):
    card = make_card_type(slug="old-name")
    url = f"/en/admin/cards/cardtype/{card.pk}/change/"
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "slug": "new-name"})
    assert response.status_code == 302
    # A live card type's change is a draft until it is published; the rename takes effect then.
    assert client.get("/zh-hans/cards/old-name/").status_code == 200  # visitors: still live
    services.publish(CardType.objects.get(pk=card.pk), user=None)
    assert_moved(admin_client, "/zh-hans/cards/old-name/", "/zh-hans/cards/new-name/")


@pytest.mark.django_db
def test_a_deleted_objects_old_slugs_stay_reserved_for_its_recovery(client):
    card = make_card_type(slug="gone")
    rename(card, "gone-renamed")
    card.delete()
    assert client.get("/en/cards/gone/").status_code == 404  # nothing to lead to meanwhile
    assert OldSlug.objects.filter(slug="gone").exists()
    with pytest.raises(ValidationError, match="deleted, it can be recovered"):
        make_card_type(slug="gone").full_clean()


@pytest.mark.django_db
def test_an_unpublished_comparisons_old_slug_stays_a_404_for_visitors(client, admin_client):
    comparison = make_comparison(points=1, is_published=False)
    old = comparison.slug
    rename(comparison, "secret-draft")
    assert client.get(f"/en/compare/{old}/").status_code == 404
    assert_moved(admin_client, f"/en/compare/{old}/", "/en/compare/secret-draft/")


@pytest.mark.django_db
def test_redirects_cost_a_bounded_number_of_queries_and_found_pages_none(client):
    comparison = make_comparison(points=3)
    old = comparison.slug
    client.get("/en/compare/warm-up-the-content-type-cache/")
    with CaptureQueriesContext(connection) as found:
        assert client.get(f"/en/compare/{old}/").status_code == 200
    assert not [q for q in found if "publishing_oldslug" in q["sql"]]
    rename(comparison, "renamed")
    with CaptureQueriesContext(connection) as moved:
        assert client.get(f"/en/compare/{old}/").status_code == 301
    with CaptureQueriesContext(connection) as missing:
        assert client.get("/en/compare/never-existed/").status_code == 404
    # The page's own failed lookup, then one query for the old slug.
    assert len(moved) == len(missing) == 2, [q["sql"] for q in moved]
    assert Comparison.objects.get().slug == "renamed"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_editors_see_old_slugs_and_can_free_one(admin_client, client, lang):
    card = make_card_type(slug="was-here")
    rename(card, "is-here")
    entry = OldSlug.objects.get()
    response = admin_client.get(f"/{lang}/admin/publishing/oldslug/")
    assert response.status_code == 200
    name = card.name_en if lang == "en" else card.name_zh_hans
    assert f'<a href="/{lang}/cards/is-here/">{name}</a>' in response.content.decode()
    url = f"/{lang}/admin/publishing/oldslug/{entry.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert client.get("/en/cards/was-here/").status_code == 404
    make_card_type(slug="was-here").full_clean()
