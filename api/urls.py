from rest_framework import routers

from diplomacy.api import (
    AgreementViewSet,
    EngagementViewSet,
    OfficialViewSet,
    OrganizationViewSet,
)
from projects.api import ProjectViewSet, SectorViewSet

app_name = "api"


class Router(routers.DefaultRouter):
    root_view_name = "root"


router = Router()
router.register("projects", ProjectViewSet, basename="project")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("officials", OfficialViewSet, basename="official")
router.register("sectors", SectorViewSet, basename="sector")

urlpatterns = [*router.urls]
