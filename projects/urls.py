from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("projects/", views.project_list, name="list"),
    path("projects.csv", views.project_list_csv, name="list-csv"),
    path("projects/<slug:slug>/", views.project_detail, name="detail"),
    path("timeline/", views.timeline, name="timeline"),
]
