from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.iati import activities_xml

admin.site.site_header = "KRUZ"
admin.site.site_title = "KRUZ"
admin.site.index_title = "Korea–Uzbekistan cooperation record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("iati/activities.xml", activities_xml, name="iati-activities"),
]
