"""The diplomacy endpoints of the REST API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from api.routers import router
from api.views import CSVRenderer, RecordViewSet
from diplomacy.exports import public_agreements_table
from diplomacy.filters import (
    AgreementFilterSet,
    EngagementFilterSet,
    OfficialFilterSet,
    OrganizationFilterSet,
)
from diplomacy.models import Agreement, Engagement, Official, Organization
from diplomacy.serializers import (
    AgreementListSerializer,
    AgreementSerializer,
    EngagementListSerializer,
    EngagementSerializer,
    OfficialListSerializer,
    OfficialSerializer,
    OrganizationListSerializer,
    OrganizationSerializer,
)
from kruz.exports import csv_response


class AgreementViewSet(RecordViewSet):
    """Agreements, declarations, memoranda and contracts between Korea and Uzbekistan
    or their institutions. `q` searches titles and summaries in every language."""

    model = Agreement
    serializer_class = AgreementSerializer
    list_serializer_class = AgreementListSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["title", "signed_on", "updated_at"]
    ordering = ["-signed_on", "title", "pk"]

    def list_records(self):
        return Agreement.objects.select_related("value_currency")

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        description="The filtered list of published agreements, unpaginated, as CSV (UTF-8 "
        "with a byte-order mark; dates at the precision the record knows them).",
    )
    @action(detail=False, renderer_classes=[CSVRenderer], pagination_class=None)
    def export(self, request, format=None):  # format: the router's .csv suffix
        agreements = self.filter_queryset(Agreement.objects.all())
        return csv_response("agreements.csv", *public_agreements_table(agreements))


class EngagementViewSet(RecordViewSet):
    """Visits, summits, forums and other engagements. `q` searches titles and
    summaries in every language."""

    model = Engagement
    serializer_class = EngagementSerializer
    list_serializer_class = EngagementListSerializer
    filterset_class = EngagementFilterSet
    ordering_fields = ["title", "started_on", "updated_at"]
    ordering = ["-started_on", "pk"]


class OrganizationViewSet(RecordViewSet):
    """Governments, agencies, banks and companies taking part in the cooperation.
    `q` searches names in every language and the acronym."""

    model = Organization
    serializer_class = OrganizationSerializer
    list_serializer_class = OrganizationListSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "acronym", "updated_at"]
    ordering = ["name", "pk"]


class OfficialViewSet(RecordViewSet):
    """Officials and the positions they held. `q` searches names in every language."""

    model = Official
    serializer_class = OfficialSerializer
    list_serializer_class = OfficialListSerializer
    filterset_class = OfficialFilterSet
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "pk"]


router.register("agreements", AgreementViewSet, basename="agreement")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("officials", OfficialViewSet, basename="official")
