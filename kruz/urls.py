from django.contrib import admin
from django.urls import path

from kruz.views import healthz

admin.site.site_header = "KRUZ"
admin.site.site_title = "KRUZ"
admin.site.index_title = "Korea–Uzbekistan cooperation record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
