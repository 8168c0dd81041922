from django.urls import path

from cards.models import Comparison
from publishing.redirects import redirect_old_slugs

from . import feeds, views

app_name = "findability"
urlpatterns = [
    path("feed.atom", feeds.ChangesFeed(), name="feed"),
    path("share/site.png", views.site_share_image, name="site-share-image"),
    path(
        "share/compare/<slug:slug>.png",
        redirect_old_slugs(lambda: Comparison.objects.published())(views.comparison_share_image),
        name="comparison-share-image",
    ),
]
