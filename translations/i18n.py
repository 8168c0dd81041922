"""Language helpers shared by views, the context processor and template tags."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def preferred_language(request):
    """Language for a visitor arriving at "/": an earlier explicit choice (cookie) first, then
    Chinese for any Chinese browser, English for everyone else."""
    codes = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in codes:
        return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.lower()
        if code == "zh" or code.startswith("zh-"):
            return "zh-hans"
        if code == "en" or code.startswith("en-"):
            return "en"
    return "en"


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
    """True when `obj.<field>` is shown in the source language because the active language's
    column is empty. modeltranslation falls back silently (its issue #796)."""
    language = language or get_language()
    if language == SOURCE_LANGUAGE:
        return False
    return not getattr(obj, build_localized_fieldname(field, language), None)
