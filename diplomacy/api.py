"""The diplomacy endpoints of the REST API (routed in api/urls.py)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from api.views import CSVRenderer, RecordViewSet
from diplomacy.filters import (
    AgreementFilterSet,
    EngagementFilterSet,
    OfficialFilterSet,
    OrganizationFilterSet,
)
from diplomacy.models import (
    Agreement,
    AgreementSignatory,
    Engagement,
    EngagementParticipant,
    Official,
    Organization,
    Position,
)
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

AGREEMENT_CSV_COLUMNS = [
    ("slug", lambda agreement: agreement.slug),
    ("title", lambda agreement: agreement.title),
    ("kind", lambda agreement: agreement.kind),
    ("status", lambda agreement: agreement.status),
    ("signed_on", lambda agreement: agreement.signed_on),
    ("entered_into_force_on", lambda agreement: agreement.entered_into_force_on),
    ("expires_on", lambda agreement: agreement.expires_on),
    ("place", lambda agreement: agreement.place),
    ("value", lambda agreement: agreement.value),
    ("value_currency", lambda agreement: agreement.value_currency_id),
    ("updated_at", lambda agreement: agreement.updated_at.isoformat()),
]


class AgreementViewSet(RecordViewSet):
    model = Agreement
    serializer_class = AgreementSerializer
    list_serializer_class = AgreementListSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["title", "signed_on", "updated_at"]
    ordering = ["-signed_on", "title", "pk"]

    def get_records(self):
        records = Agreement.objects.select_related("value_currency", "engagement")
        if self.action in ("list", "export"):
            return records
        return records.prefetch_related(
            Prefetch("parties", Organization.objects.published(), to_attr="published_parties"),
            Prefetch(
                "signings", AgreementSignatory.objects.select_related("official", "on_behalf_of")
            ),
        )

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        description="The filtered list, unpaginated, as CSV (same filters as the list).",
    )
    @action(detail=False, renderer_classes=[CSVRenderer], pagination_class=None)
    def export(self, request, format=None):  # format: the router's .csv suffix
        return self.stream_csv(AGREEMENT_CSV_COLUMNS, "agreements.csv")


class EngagementViewSet(RecordViewSet):
    model = Engagement
    serializer_class = EngagementSerializer
    list_serializer_class = EngagementListSerializer
    filterset_class = EngagementFilterSet
    ordering_fields = ["title", "started_on", "updated_at"]
    ordering = ["-started_on", "pk"]

    def get_records(self):
        if self.action == "list":
            return Engagement.objects.all()
        return Engagement.objects.prefetch_related(
            Prefetch("participations", EngagementParticipant.objects.select_related("official"))
        )


class OrganizationViewSet(RecordViewSet):
    model = Organization
    serializer_class = OrganizationSerializer
    list_serializer_class = OrganizationListSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "acronym", "updated_at"]
    ordering = ["name", "pk"]


class OfficialViewSet(RecordViewSet):
    model = Official
    serializer_class = OfficialSerializer
    list_serializer_class = OfficialListSerializer
    filterset_class = OfficialFilterSet
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "pk"]

    def get_records(self):
        if self.action == "list":
            return Official.objects.all()
        return Official.objects.prefetch_related(
            Prefetch("positions", Position.objects.select_related("organization"))
        )
