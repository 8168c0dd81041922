from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers
from django.views.generic import TemplateView
from rest_framework import exceptions

from api import problems
from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Law
from publishing.origin import absolute_url
from publishing.pagination import paginate
from questions.models import Question
from translations.i18n import preferred_language

from . import errorpages


@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    with translation.override(preferred_language(request)):
        return HttpResponseRedirect(reverse("home"))


# Django's error handlers, answering API addresses with problem details (api.problems) and
# pages with the styled HTML pages (the stand-alone ones: portal.errorpages).
def bad_request(request, exception):
    if problems.is_api(request):
        return problems.django_error(request, 400, exceptions.ParseError.default_detail)
    return errorpages.response(errorpages.BAD_REQUEST, 400)


def page_not_found(request, exception):
    if problems.is_api(request):
        return problems.django_error(request, 404, exceptions.NotFound.default_detail)
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    """A page of the admin answers with an admin page (its header, a way back to the admin's
    index); the public site with its own styled page."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == admin.site.name:
        context = {**admin.site.each_context(request), "title": gettext("Access denied")}
        return TemplateResponse(request, "admin/403.html", context, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    """Never fails itself: a problem details answer that cannot be built gives way to the
    page, and the page to its last resort (errorpages.response)."""
    try:
        if problems.is_api(request):
            return problems.django_error(request, 500, exceptions.APIException.default_detail)
    except Exception:  # noqa: BLE001 - logged by Django already; the page answers instead
        pass
    return errorpages.response(errorpages.SERVER_ERROR, 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: an expired form, explained in every language."""
    return errorpages.response(errorpages.FORM_EXPIRED, 403)


def sitemap_index(request, **kwargs):
    """Django's sitemap index, its addresses on the canonical origin (publishing.origin):
    the view builds them from the request's Host."""
    response = sitemaps_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /zh-hans/admin/", "Disallow: /en/admin/"]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


HOME_TASKS = 6  # the short "Which card do I need?" block; the guide page lists them all
HOME_QUESTIONS = 6  # the newest; the questions page lists them all, a page at a time
HOME_LAWS = 10  # the first laws; the law list has them all, a page at a time


class HomeView(TemplateView):
    """The section home: 社保查询 / Social security inquiry.

    The comparisons are listed a page at a time (`?page=2`); the later pages show only them,
    the first one also the guide, the card types and the first laws. Card types are few (an
    editor-kept list of the cards a citizen holds), so all of them are listed."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = paginate(self.request, Comparison.objects.visible_to(user).with_card_types())
        context = super().get_context_data(page_obj=page, comparisons=page.object_list, **kwargs)
        if page.number == 1:
            laws = list(Law.objects.published().with_article_count()[: HOME_LAWS + 1])  # one query
            context.update(
                card_types=CardType.objects.visible_to(user),
                laws=laws[:HOME_LAWS],
                more_laws=len(laws) > HOME_LAWS,
                tasks=Task.objects.visible_to(user).with_links()[:HOME_TASKS],
                questions=Question.objects.visible_to(user)[:HOME_QUESTIONS],
            )
        return context
