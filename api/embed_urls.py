"""/<lang>/embed/…: the embeddable cards, inside the language prefix like every page."""

from django.urls import path

from cards.models import Comparison
from legislation.models import Law
from publishing.redirects import redirect_old_slugs
from questions.models import Question

from . import converters  # noqa: F401 (registers article_number)
from .embeds import ArticleEmbedView, PointEmbedView, QuestionEmbedView, embeddable

app_name = "embed"
urlpatterns = [
    path(
        "compare/<slug:slug>/point/<article_number:number>/",
        redirect_old_slugs(lambda: Comparison.objects.published())(
            embeddable(PointEmbedView.as_view())
        ),
        name="point",
    ),
    path(
        "laws/<slug:slug>/articles/<article_number:number>/",
        redirect_old_slugs(lambda: Law.objects.published())(embeddable(ArticleEmbedView.as_view())),
        name="article",
    ),
    path(
        "questions/<slug:slug>/",
        redirect_old_slugs(lambda: Question.objects.published())(
            embeddable(QuestionEmbedView.as_view())
        ),
        name="question",
    ),
]
