"""Language helpers shared by views, the context processor and template tags."""

import re

from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language

from .registry import SOURCE_LANGUAGE, target_languages  # noqa: F401 - SOURCE_LANGUAGE: the one constant
from .tracking import is_missing


def language_tag(code):
    """A language code as lang and hreflang attributes spell it (BCP 47, script subtags in
    title case): zh-hans → zh-Hans, zh-hant → zh-Hant, en → en."""
    return translation.to_locale(code).replace("_", "-")


def preferred_language(request):
    """Language for a visitor arriving at "/": an earlier explicit choice (cookie) first, then
    the first of the browser's languages that we have, else settings.INTERNATIONAL_LANGUAGE.
    Django's language variants map a region to its script (zh-TW, zh-HK, zh-MO → zh-hant;
    zh-CN, zh-SG → zh-hans), then the primary subtag counts (any other Chinese: zh-hans)."""
    codes = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in codes:
        return chosen
    for code in parse_accept_language(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.INTERNATIONAL_LANGUAGE


# One entry of an Accept-Language header: a language range and an optional weight.
_ACCEPT_ENTRY = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


def parse_accept_language(header):
    """The language ranges of an Accept-Language header, lower-cased, best first.

    Django's parser discards the whole header when one weight is malformed (`q=abc`); here
    only that entry is skipped, so `zh;q=abc, en` still yields English. Entries with q=0 are
    refused by the visitor and dropped."""
    ranked = []
    for position, entry in enumerate(header[:1000].split(",")):
        match = _ACCEPT_ENTRY.match(entry)
        if not match:
            continue
        try:
            quality = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            continue
        if 0 < quality <= 1:
            ranked.append((-quality, position, match[1].lower()))
    return [code for _quality, _position, code in sorted(ranked)]


def alternate_urls(request):
    """[(code, name, path)] of the current page in every language, the current one included.

    Built from the resolved route (view name and arguments reversed in each language), never
    by re-parsing the raw path: a path such as `//[/` reads as a URL with a malformed host to
    urllib and used to raise while the 404 page rendered. A path that does not resolve (a
    404 page) links to the same path under the other prefix when it has one, else to that
    language's home page. The query string is not part of these paths: the hreflang
    alternates add a later page's `?page=N`, the language switcher switch_query().
    """
    current = get_language()
    match = getattr(request, "resolver_match", None)
    prefix = f"/{current}/"
    result = []
    for code, name in settings.LANGUAGES:
        url = None
        if match is not None and match.view_name:
            with translation.override(code):
                try:
                    url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                except NoReverseMatch:
                    url = None
        if url is None:
            rest = request.path[len(prefix) :] if request.path.startswith(prefix) else ""
            url = f"/{code}/{rest}"
        result.append((code, name, url))
    return result


def switch_query(request):
    """The query string the language switcher adds to each language's address: the
    parameters of settings.LANGUAGE_SWITCH_KEEPS (the search, page, date and view shown), so
    switching keeps what the page shows; "" without any. Others (tracking, stray) are dropped."""
    query = QueryDict(mutable=True)
    for name in settings.LANGUAGE_SWITCH_KEEPS:
        value = request.GET.get(name, "")
        if value:
            query[name] = value
    return f"?{query.urlencode()}" if query else ""


def is_fallback(obj, field, language=None):
    """True when `obj.<field>` is shown in the source language because its translation into
    the active language is missing (translations.tracking: the one rule for "missing").
    modeltranslation falls back silently (its issue #796)."""
    return is_missing(obj, field, language or get_language())
