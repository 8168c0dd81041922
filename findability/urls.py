from django.urls import path

from . import feeds, views

app_name = "findability"
urlpatterns = [
    path("feed.atom", feeds.ChangesFeed(), name="feed"),
    path("share/site.png", views.site_share_image, name="site-share-image"),
    path(
        "share/compare/<slug:slug>.png",
        views.comparison_share_image,
        name="comparison-share-image",
    ),
]
