from django.urls import path
from django.views.decorators.http import require_safe

from projects import views
from projects.feeds import ProjectChangesFeed

app_name = "projects"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("projects/", views.project_list, name="list"),
    path("projects.csv", views.project_list_csv, name="list-csv"),
    path("projects/<slug:slug>/", views.project_detail, name="detail"),
    path("projects/<slug:slug>/feed/", require_safe(ProjectChangesFeed()), name="feed"),
    path("timeline/", views.timeline, name="timeline"),
    path("sectors/", views.sector_list, name="sector-list"),
    path("regions/", views.region_list, name="region-list"),
    path("search/", views.search, name="search"),
]
