from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import autodiscover_modules
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kruz.feeds import PublicChangesFeed
from kruz.views import favicon, healthz, robots_txt, sitemap_index, sitemap_section

# Each app's sitemaps.py registers its pages with kruz.sitemaps, as its api.py does with
# the API router.
autodiscover_modules("sitemaps")

handler404 = "kruz.views.page_not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline
    # script, so the Content-Security-Policy needs no 'unsafe-inline'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("iati/", include("projects.iati_urls")),
]

# The public site, one copy per language: /en/, /ko/, /uz/, /ru/.
urlpatterns += [path("i18n/", include("django.conf.urls.i18n"))]
urlpatterns += i18n_patterns(
    path("", include("projects.urls")),
    path("", include("diplomacy.urls")),
    path("feed/", require_safe(PublicChangesFeed()), name="feed"),
)
