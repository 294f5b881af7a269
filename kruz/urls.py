from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kruz.views import favicon, healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
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
)
