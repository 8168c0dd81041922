"""The one "what is public" rule, checked for every kind of publishing.registry in every channel
that shows it: its page (or the page listing it), the API, the site search, the sitemap, the
Atom feed, its embed and its share image. Generated from the registry: a kind registered
later is covered by these tests as soon as it declares its channels.

A public object of the seed is shown everywhere; once the rule hides it (unpublished, not yet
due, expired, or the object it lives within hidden), every channel drops it and answers 404
where it had an address: none shows it, none answers 500.
"""

import contextlib
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from publishing.content import content_changed
from translations.registry import SOURCE_LANGUAGE, column, target_languages

from .kinds import KIND_PARAMS

LANG = SOURCE_LANGUAGE  # every kind's text exists in it


def _url(name, kind, obj):
    kwargs = kind.url_kwargs_for(obj)
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        # An embed of one row of the object (a comparison's point): the first row.
        return reverse(name, kwargs={**kwargs, "number": 1})


def _status(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def _search_query(kind, obj):
    """Words of the object's first searchable field, enough to single it out."""
    value = getattr(obj, column(kind.search_fields[0], LANG))
    words = re.findall(r"\w+", value)
    return max(words, key=len)[:12]


def shown(client, kind, obj):
    """{channel: True when it shows `obj`} for every channel `kind` declares."""
    with translation.override(LANG):
        address = obj.get_absolute_url()
        result = {}
        if kind.page:
            result["page"] = _status(client, address).status_code == 200
        if kind.listed_on:
            fragment = address.partition("#")[2]
            page = client.get(reverse(kind.listed_on)).content.decode()
            result["list page"] = f'id="{fragment}"' in page
        if kind.api:
            result["api"] = _status(client, _url(kind.api, kind, obj)).status_code == 200
        elif kind.api_list:
            answer = client.get(reverse(kind.api_list), {"lang": LANG}).content.decode()
            result["api list"] = str(obj) in answer
        if kind.embed:
            result["embed"] = _status(client, _url(kind.embed, kind, obj)).status_code == 200
        if kind.share_image:
            image = _status(client, _url(kind.share_image, kind, obj))
            result["share image"] = image.status_code == 200
        if kind.search_fields:
            page = client.get(reverse("search:results"), {"q": _search_query(kind, obj)})
            html = page.content.decode()
            result["search"] = f'href="{address}"' in html or f'href="{address}#' in html
        if kind.sitemap:
            xml = client.get(f"/sitemap-{kind.sitemap}.xml").content.decode()
            result["sitemap"] = f"<loc>http://testserver{address}</loc>" in xml
        if kind.feed:
            atom = client.get(reverse("findability:feed")).content.decode()
            result["feed"] = f'href="http://testserver{address}"' in atom
    return result


def _has_window(model):
    return any(field.name == "publish_at" for field in model._meta.fields)


def hide_unpublished(kind, obj):
    kind.model._default_manager.filter(pk=obj.pk).update(is_published=False)


def hide_scheduled(kind, obj):
    later = timezone.now() + datetime.timedelta(days=1)
    kind.model._default_manager.filter(pk=obj.pk).update(publish_at=later)


def hide_expired(kind, obj):
    earlier = timezone.now() - datetime.timedelta(minutes=1)
    kind.model._default_manager.filter(pk=obj.pk).update(unpublish_at=earlier)


def hide_outer(kind, obj):
    outer = getattr(obj, kind.within)
    type(outer)._default_manager.filter(pk=outer.pk).update(is_published=False)


RULES = {
    "unpublished": (hide_unpublished, lambda kind: True),
    "scheduled": (hide_scheduled, lambda kind: _has_window(kind.model)),
    "expired": (hide_expired, lambda kind: _has_window(kind.model)),
    "within-hidden": (hide_outer, lambda kind: kind.within is not None),
}
CASES = [
    pytest.param(param.values[0], rule, id=f"{param.id}-{rule}")
    for param in KIND_PARAMS
    for rule, (_hide, applies) in RULES.items()
    if applies(param.values[0])
]


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_public_object_is_shown_in_every_channel(client, kind, public_object):
    channels = shown(client, kind, public_object)
    assert channels, f"{kind} declares no channel"
    assert all(channels.values()), channels


@pytest.mark.parametrize(("kind", "rule"), CASES)
def test_an_object_the_rule_hides_is_in_no_channel(client, kind, rule, public_object):
    hide, _applies = RULES[rule]
    hide(kind, public_object)
    content_changed()  # update() sends no signal: drop the cached pages, as publishing does
    channels = shown(client, kind, public_object)
    assert not any(channels.values()), channels


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_hostile_text_is_escaped_in_every_channel(client, kind, public_object):
    """Editors' text with markup in it reaches every channel as text: escaped in HTML and
    XML, a plain string in JSON; no channel breaks (no 500, XML still well-formed)."""
    field = (kind.search_fields or kind.translated_fields())[0]
    columns = {column(field, code): HOSTILE for code in (SOURCE_LANGUAGE, *target_languages())}
    kind.model._default_manager.filter(pk=public_object.pk).update(**columns)
    content_changed()
    obj = kind.model._default_manager.get(pk=public_object.pk)
    with translation.override(LANG):
        address = obj.get_absolute_url()
        pages = []
        if kind.page:
            pages.append(client.get(address))
        if kind.listed_on:
            pages.append(client.get(reverse(kind.listed_on)))
        if kind.embed:
            pages.append(client.get(_url(kind.embed, kind, obj)))
        if kind.search_fields:
            pages.append(client.get(reverse("search:results"), {"q": "alert"}))
        for response in pages:
            assert response.status_code == 200
            html = response.content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html
        if kind.sitemap:
            ET.fromstring(client.get(f"/sitemap-{kind.sitemap}.xml").content)
        if kind.feed:
            atom = client.get(reverse("findability:feed")).content
            assert b"<script>alert" not in atom
            ET.fromstring(atom)  # well-formed: the text is escaped
        if kind.share_image:
            image = client.get(_url(kind.share_image, kind, obj))
            assert image.status_code == 200 and image["Content-Type"] == "image/png"
        api = kind.api and _url(kind.api, kind, obj) or kind.api_list and reverse(kind.api_list)
        if api:
            answer = client.get(api, {"lang": LANG})
            assert answer.status_code == 200 and answer["Content-Type"].startswith(
                "application/json"
            )
            assert HOSTILE in strings(answer.json())  # data, unchanged: the consumer escapes


def strings(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings(value)]
    return [data] if isinstance(data, str) else []


# --- links to what the rule hides --------------------------------------------------------------


def addresses(kind, objects):
    """The page and API addresses of `objects` of `kind`, as the channels would write them."""
    found = set()
    with translation.override(LANG):
        for obj in objects:
            for name in (kind.page, kind.api):
                if name:
                    found.add(_url(name, kind, obj))
    return found


def channel_texts(client, kind, obj):
    """{channel: what it answers about `obj`} for every channel `kind` declares."""
    with translation.override(LANG):
        address = obj.get_absolute_url()
        texts = {}
        if kind.page:
            texts["page"] = client.get(address)
        if kind.listed_on:
            texts["list page"] = client.get(reverse(kind.listed_on))
        if kind.api:
            texts["api"] = client.get(_url(kind.api, kind, obj), {"lang": LANG})
        if kind.api_list:
            # A list of its own (a list within another object: its detail is enough).
            with contextlib.suppress(NoReverseMatch):
                texts["api list"] = client.get(reverse(kind.api_list), {"lang": LANG})
        if kind.embed:
            texts["embed"] = client.get(_url(kind.embed, kind, obj))
        if kind.search_fields:
            texts["search"] = client.get(reverse("search:results"), {"q": _search_query(kind, obj)})
        if kind.feed:
            texts["feed"] = client.get(reverse("findability:feed"))
    for channel, response in texts.items():
        assert response.status_code == 200, (channel, response.status_code)
    return {channel: response.content.decode() for channel, response in texts.items()}


LINK_CASES = [
    pytest.param(kind.values[0], other.values[0], id=f"{kind.id}-to-hidden-{other.id}")
    for kind in KIND_PARAMS
    for other in KIND_PARAMS
    if other.values[0] is not kind.values[0]
]


@pytest.mark.parametrize(("kind", "other"), LINK_CASES)
def test_no_channel_links_to_an_object_the_rule_hides(client, kind, other, public_object):
    """Every object of `other` hidden (and what lives within them): no channel of a public
    object of `kind` links to any of them, by page or API address (names may stay, as text)."""
    from publishing import registry

    public = {
        each: set(each.public_queryset().values_list("pk", flat=True)) for each in registry.kinds()
    }
    other.model._default_manager.filter(pk__in=public[other]).update(is_published=False)
    content_changed()
    if not kind.public_queryset().filter(pk=public_object.pk).exists():
        pytest.skip(f"a {kind} lives within a {other}: hidden with it")
    hidden = set()
    for each in registry.kinds():
        gone = public[each] - set(each.public_queryset().values_list("pk", flat=True))
        hidden |= addresses(each, each.model._default_manager.filter(pk__in=gone))
    if not hidden:
        pytest.skip(f"a {other} has no address of its own")
    for channel, text in channel_texts(client, kind, public_object).items():
        linked = sorted(url for url in hidden if f'{url}"' in text or f"{url}#" in text)
        assert not linked, (channel, linked)
