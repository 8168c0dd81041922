"""The stand-alone error pages: 400, the expired form (403 CSRF failure), 414, 500, and the
503s (database unreachable, timed out, failed) of an address without a language.

They are answered when nothing else may work (no database, no resolved URL, a broken
template context), so each is rendered from error_standalone.html with a plain dict: no
request, context processor or query. One section per language of settings.LANGUAGES, in
that language (the gettext catalogue under translation.override, so zh-hant reads its
converted catalogue), with its BCP 47 lang attribute and a link to its home page.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from translations.i18n import language_tag

logger = logging.getLogger(__name__)

BAD_REQUEST, FORM_EXPIRED, TOO_LONG, SERVER_ERROR, UNAVAILABLE, TIMED_OUT, DATABASE_ERROR = (
    "bad-request",
    "form-expired",
    "too-long",
    "server-error",
    "unavailable",
    "timed-out",
    "database-error",
)

# {page: (heading, explanation)}
PAGES = {
    BAD_REQUEST: (
        _("Bad request"),
        _(
            "Sorry, the server could not understand this request. Please check the address "
            "and try again."
        ),
    ),
    FORM_EXPIRED: (
        _("This form has expired"),
        _(
            "For your security this form is no longer valid. Go back, reload the page and "
            "submit it again. If it keeps happening, make sure your browser accepts cookies "
            "from this site."
        ),
    ),
    TOO_LONG: (
        _("Address too long"),
        _(
            "Sorry, this address is too long: no page of this site has one like it. Please "
            "check the address and try again."
        ),
    ),
    SERVER_ERROR: (
        _("Something went wrong"),
        _(
            "Sorry, the server could not handle your request. The problem has been logged; "
            "please try again later."
        ),
    ),
    UNAVAILABLE: (
        _("Temporarily unavailable"),
        _("The site cannot reach its data right now. Please try again in a minute."),
    ),
    # A database error that is not an outage (api.problems.database_fault_kind): the same
    # words as the API's.
    TIMED_OUT: (
        _("This took too long"),
        _(
            "The site stopped this request because it took too long. Please try again in a "
            "minute; if it happens again, the request may be too large."
        ),
    ),
    DATABASE_ERROR: (
        _("Temporarily unavailable"),
        _(
            "The site's database could not complete this request just now. Please try again "
            "in a minute."
        ),
    ),
}

# What a 500 answers if even the page above cannot be rendered (a broken template or
# catalogue): no translation machinery, nothing that can fail.
LAST_RESORT = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>500</title>'
    "<h1>Server error (500)</h1>"
)


def _home(code):
    with translation.override(code):
        try:
            return reverse("home")
        except NoReverseMatch:
            return f"/{code}/"


def sections(page):
    """[{lang, heading, text, home, home_label}] of `page`, one per language, in the order
    of settings.LANGUAGES."""
    heading, text = PAGES[page]
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.append(
                {
                    "lang": language_tag(code),
                    "heading": str(heading),
                    "text": str(text),
                    "home": _home(code),
                    "home_label": str(_("Go to the social security inquiry home page")),
                    "site": str(_("Social security inquiry")),
                }
            )
    return result


def render(page):
    """The HTML of `page` (one of PAGES)."""
    return render_to_string(
        "error_standalone.html",
        {"lang": language_tag(settings.LANGUAGE_CODE), "sections": sections(page)},
    )


def response(page, status):
    """An HttpResponse with `page`; a 500 answers LAST_RESORT if the page cannot be
    rendered (the handler of a server error must never fail itself)."""
    try:
        body = render(page)
    except Exception:  # noqa: BLE001 - logged; an error page must answer all the same
        logger.exception("the %s error page could not be rendered", page)
        body = LAST_RESORT
    return HttpResponse(body, status=status)
