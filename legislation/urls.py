from django.urls import path, register_converter

from . import views


class ArticleNumberConverter:
    """1–9999 only: a longer number cannot exist, and must not reach the database (an
    out-of-range integer is an error there, not an empty result)."""

    regex = "[1-9][0-9]{0,3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(ArticleNumberConverter, "number")

app_name = "legislation"
urlpatterns = [
    path("", views.LawListView.as_view(), name="law-list"),
    path("<slug:slug>/", views.LawDetailView.as_view(), name="law"),
    path(
        "<slug:slug>/articles/<number:number>/", views.ArticleDetailView.as_view(), name="article"
    ),
    # 第二条, 二, 002, Article 2 … typed by a visitor: redirect to the canonical address.
    path("<slug:slug>/articles/<str:label>/", views.article_by_label, name="article-by-label"),
]
