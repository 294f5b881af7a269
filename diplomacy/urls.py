from django.urls import path

from diplomacy import views

app_name = "diplomacy"

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("engagements/", views.engagement_list, name="engagement-list"),
    path("engagements/<slug:slug>/", views.engagement_detail, name="engagement-detail"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
]
