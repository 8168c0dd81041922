"""The content admin base (translations.contentadmin.ContentAdmin): every translated kind gets
the translators' limits by default. A translator limited to English changes only English
columns; a POST that touches anything else is refused with a 403 and nothing is saved; they get
no add, delete, publish, revert or bulk-edit controls."""

import pytest
from django.contrib import admin
from reversion.models import Revision

from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Article, Law
from publishing import services
from publishing.models import Publishable
from tests.translations.conftest import browser_form_data, make_user
from translations import registry
from translations.roles import TRANSLATORS

KINDS = {  # model: (a translated field, a forged non-translated change)
    Task: ("question", {"slug": "renamed-by-a-translator"}),
    CardType: ("name", {"slug": "renamed-by-a-translator"}),
    Comparison: ("title", {"slug": "renamed-by-a-translator"}),
    Law: ("title", {"slug": "renamed-by-a-translator"}),
    Article: ("text", {"number": "99"}),
}


@pytest.fixture
def translator_client(client, seeded):
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    return client


def change_url(obj):
    opts = obj._meta
    return f"/en/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def first(model):
    return model.objects.order_by("pk").first()


def stored(obj):
    """Every column's value as stored (the plain translated field names a language column
    picked by the active language: left out)."""
    model = type(obj)
    originals = set(registry.translated_fields(model))
    names = [f.attname for f in model._meta.concrete_fields if f.name not in originals]
    return model.objects.filter(pk=obj.pk).values(*names).get()


def forgeries(model):
    field, other = KINDS[model]
    source = registry.column(field, registry.SOURCE_LANGUAGE)
    yield "source", {source: "翻译者伪造的原文"}
    yield "other", other
    if model is Task:
        yield "publication date", {"published_on": "2030-01-01"}
        yield "published", {"is_published": "on"}
        yield "position (a list_editable column)", {"position": "99"}
    else:
        yield "publication time", {"publish_at_0": "2030-01-01", "publish_at_1": "00:00:00"}
    if model is Comparison:
        yield "an inline they may not edit", {"points-0-DELETE": "on"}


CASES = [(model, name, forged) for model in KINDS for name, forged in forgeries(model)]


@pytest.mark.parametrize(
    ("model", "name", "forged"),
    CASES,
    ids=lambda v: getattr(v, "__name__", v) if not isinstance(v, dict) else "",
)
def test_a_translators_forged_post_is_refused_and_saves_nothing(
    translator_client, model, name, forged
):
    obj = first(model)
    before, revisions = stored(obj), Revision.objects.count()
    url = change_url(obj)
    page = translator_client.get(url)
    assert page.status_code == 200
    data = {**browser_form_data(page), **forged}
    response = translator_client.post(url, data)
    assert response.status_code == 403, (name, response.status_code)
    assert stored(obj) == before
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize("model", list(KINDS), ids=lambda m: m.__name__)
def test_a_translators_own_language_save_is_accepted(translator_client, model):
    obj = first(model)
    field, _other = KINDS[model]
    url = change_url(obj)
    data = browser_form_data(translator_client.get(url))
    data[registry.column(field, "en")] = "Changed by the English translator"
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    column = registry.column(field, "en")
    if isinstance(obj, Publishable) and obj.is_published:  # a draft for an editor to publish
        with services.draft_applied(obj):
            assert stored(obj)[column] == "Changed by the English translator"
    else:
        assert stored(obj)[column] == "Changed by the English translator"


@pytest.mark.parametrize("model", list(KINDS), ids=lambda m: m.__name__)
def test_a_translator_gets_no_add_delete_publish_or_bulk_edit(translator_client, model):
    obj = first(model)
    opts = model._meta
    base = f"/en/admin/{opts.app_label}/{opts.model_name}/"
    assert translator_client.get(f"{base}add/").status_code == 403
    assert translator_client.get(f"{base}{obj.pk}/delete/").status_code == 403
    assert translator_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    listing = translator_client.get(base)
    assert listing.status_code == 200
    assert not listing.context["cl"].list_editable
    assert (
        "action" not in listing.content.decode().split('name="')[0]
        or not listing.context["action_form"]
    )
    model_admin = admin.site.get_model_admin(model)
    assert not model_admin.get_actions(listing.wsgi_request)
    if hasattr(model_admin, "has_publish_permission"):
        for action in ("publish", "unpublish", "discard", "history/1/revert"):
            assert translator_client.get(f"{base}{obj.pk}/{action}/").status_code == 403
            assert translator_client.post(f"{base}{obj.pk}/{action}/", {}).status_code == 403
