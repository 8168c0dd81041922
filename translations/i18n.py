"""Language helpers shared by views, the context processor and template tags."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

from .registry import SOURCE_LANGUAGE, target_languages  # noqa: F401 - SOURCE_LANGUAGE: the one constant
from .tracking import is_missing


def preferred_language(request):
    """Language for a visitor arriving at "/": an earlier explicit choice (cookie) first, then
    the first of the browser's languages that we have (by primary subtag: any Chinese browser
    gets Chinese), else the first translation (English): the site's international face."""
    codes = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in codes:
        return chosen
    by_primary = {}
    for code in codes:
        by_primary.setdefault(code.split("-")[0], code)
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.lower()
        if code in codes:
            return code
        if code.split("-")[0] in by_primary:
            return by_primary[code.split("-")[0]]
    return target_languages()[0]


def alternate_urls(request):
    """[(code, name, path)] of the current page in every language, the current one included.

    translate_url() resolves the path and reverses it in the other language; for a path that
    does not resolve (a 404 page) it returns the path unchanged, so swap or add the prefix
    ourselves. The query string is dropped: it never selects content here.
    """
    current = get_language()
    path = request.path
    result = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            prefix = f"/{current}/"
            url = f"/{code}/" + (path[len(prefix) :] if path.startswith(prefix) else path[1:])
        result.append((code, name, url))
    return result


def is_fallback(obj, field, language=None):
    """True when `obj.<field>` is shown in the source language because its translation into
    the active language is missing (translations.tracking: the one rule for "missing").
    modeltranslation falls back silently (its issue #796)."""
    return is_missing(obj, field, language or get_language())
