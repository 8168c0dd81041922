"""/api/v1/: read-only JSON, no language prefix (the language comes from ?lang= or
Accept-Language). Anything else under /api/v1/ is a JSON 404, not the site's HTML page."""

from django.urls import path, re_path

from . import converters, endpoints, views  # noqa: F401 (converters registers article_number)

# The content kinds' endpoints are declared with the kinds (publishing.registry Endpoint):
# details under a renamed object's old slug answer 301 to the current address.
app_name = "api"
urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    *endpoints.urlpatterns(),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("openapi.json", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(url_name="api:openapi"), name="docs"),
    re_path(r"^", views.not_found),
]
