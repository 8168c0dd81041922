"""Public pages live under a language prefix (/zh-hans/…, /en/…); "/" picks one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import health, views
from .sitemaps import build_sitemaps

sitemaps = build_sitemaps()

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.language_redirect, name="language-redirect"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    # An index of one sitemap per kind of content, each in pages (portal.sitemaps).
    path(
        "sitemap.xml",
        views.sitemap_index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("api/v1/", include("api.urls")),  # no language prefix: ?lang= or Accept-Language
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("cards.urls")),
    path("laws/", include("legislation.urls")),
    path("search/", include("search.urls")),
    path("guide/", include("guide.urls")),
    path("questions/", include("questions.urls")),
    path("", include("findability.urls")),
    path("admin/", admin.site.urls),
    path("embed/", include("api.embed_urls")),
    prefix_default_language=True,
)
