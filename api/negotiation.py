"""The language of an API answer: `?lang=` when given, else the Accept-Language header, else
the source language. No cookie and no URL prefix: the API has neither."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class UnknownLanguage(ValueError):
    pass


def requested_language(request):
    """The language asked for; UnknownLanguage for a `?lang=` this site does not speak."""
    asked = request.GET.get("lang")
    if asked is not None:
        if asked.lower() in LANGUAGE_CODES:
            return asked.lower()
        raise UnknownLanguage(asked)
    return accepted_language(request.headers.get("Accept-Language", ""))


def accepted_language(header):
    """The first language of an Accept-Language header that we have (zh-CN and zh map to
    zh-hans, en-GB to en), else the source language."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
