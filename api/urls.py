"""/api/v1/: read-only JSON, no language prefix (the language comes from ?lang= or
Accept-Language). Anything else under /api/v1/ is a JSON 404, not the site's HTML page."""

from django.urls import path, re_path

from cards.models import CardType, Comparison
from legislation.models import Law
from publishing.redirects import redirect_old_slugs
from questions.models import Question

from . import converters, views  # noqa: F401 (converters registers article_number)

# Details under a renamed object's old slug answer 301 to the current address.
old_card_types = redirect_old_slugs(lambda: CardType.objects.published())
old_comparisons = redirect_old_slugs(lambda: Comparison.objects.published())
old_laws = redirect_old_slugs(lambda: Law.objects.published())
old_questions = redirect_old_slugs(lambda: Question.objects.published())

app_name = "api"
urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("card-types/", views.CardTypeListView.as_view(), name="card-type-list"),
    path(
        "card-types/<slug:slug>/",
        old_card_types(views.CardTypeDetailView.as_view()),
        name="card-type",
    ),
    path("comparisons/", views.ComparisonListView.as_view(), name="comparison-list"),
    path(
        "comparisons/<slug:slug>/",
        old_comparisons(views.ComparisonDetailView.as_view()),
        name="comparison",
    ),
    path("laws/", views.LawListView.as_view(), name="law-list"),
    path("laws/<slug:slug>/", old_laws(views.LawDetailView.as_view()), name="law"),
    path(
        "laws/<slug:slug>/articles/",
        old_laws(views.ArticleListView.as_view()),
        name="article-list",
    ),
    path(
        "laws/<slug:slug>/articles/<article_number:number>/",
        old_laws(views.ArticleDetailView.as_view()),
        name="article",
    ),
    path("guide/", views.TaskListView.as_view(), name="task-list"),
    path("questions/", views.QuestionListView.as_view(), name="question-list"),
    path(
        "questions/<slug:slug>/",
        old_questions(views.QuestionDetailView.as_view()),
        name="question",
    ),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("openapi.json", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(url_name="api:openapi"), name="docs"),
    re_path(r"^", views.not_found),
]
