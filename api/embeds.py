"""Embeddable cards: small self-contained pages (their own CSS, no site chrome) that other
pages of the job site show in an iframe. Only the origins in CORS_ALLOWED_ORIGINS may frame
them: CSP frame-ancestors replaces the site-wide X-Frame-Options: DENY on these responses."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView

from . import selectors


def frame_ancestors():
    """The origins that may frame an embed ('none' when CORS_ALLOWED_ORIGINS is empty)."""
    return list(settings.CORS_ALLOWED_ORIGINS) or ["'none'"]


def embeddable(view):
    """Frame-able by the allowed origins only: the site's CSP (django-csp) with its
    frame-ancestors replaced, read per request so the setting can change in tests."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": frame_ancestors()}
        return response

    return xframe_options_exempt(wrapper)


class PointEmbedView(DetailView):
    """One point of a published comparison: its aspect, heading and the text per card."""

    template_name = "embed/point.html"
    context_object_name = "comparison"

    def get_queryset(self):
        return selectors.comparisons().with_content()

    def get_context_data(self, **kwargs):
        rows = self.object.rows()
        number = self.kwargs["number"]
        if not 1 <= number <= len(rows):
            raise Http404("No such point")
        point, cells = rows[number - 1]
        return super().get_context_data(point=point, cells=cells, number=number, **kwargs)


class ArticleEmbedView(DetailView):
    """One statute article as in force today, with its citation."""

    template_name = "embed/article.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        articles = selectors.articles().select_related("law", "chapter")
        return get_object_or_404(
            articles, law__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )


class QuestionEmbedView(DetailView):
    """A published question: its short answer and the articles it cites."""

    template_name = "embed/question.html"
    context_object_name = "question"

    def get_queryset(self):
        return selectors.questions().with_content()

    def get_context_data(self, **kwargs):
        # Its citation rows, each of an article or of one paragraph (statutes.citations).
        citations = self.object.cited()
        return super().get_context_data(citations=citations, **kwargs)
