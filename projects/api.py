"""The project and sector endpoints of the REST API (routed in api/urls.py)."""

from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from api.views import AtomicWritesOnly, CSVRenderer, RecordViewSet
from projects.filters import ProjectFilterSet, SectorFilterSet
from projects.models import Project, Sector
from projects.serializers import ProjectListSerializer, ProjectSerializer, SectorSerializer

PROJECT_CSV_COLUMNS = [
    ("slug", lambda project: project.slug),
    ("title", lambda project: project.title),
    ("kind", lambda project: project.kind),
    ("status", lambda project: project.status),
    ("region", lambda project: project.region),
    (
        "sectors",
        lambda project: " ".join(
            f"{share.sector_id}:{share.percentage:g}" for share in project.sector_shares.all()
        ),
    ),
    ("planned_start", lambda project: project.planned_start),
    ("planned_end", lambda project: project.planned_end),
    ("actual_start", lambda project: project.actual_start),
    ("actual_end", lambda project: project.actual_end),
    ("budget", lambda project: project.budget),
    ("budget_currency", lambda project: project.budget_currency_id),
    ("updated_at", lambda project: project.updated_at.isoformat()),
]


class ProjectViewSet(RecordViewSet):
    """Projects. `q` searches title, summary and description in every language and
    spelling (Urgench, Urganch, Ургенч)."""

    model = Project
    serializer_class = ProjectSerializer
    list_serializer_class = ProjectListSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["title", "planned_start", "actual_start", "budget", "updated_at"]
    ordering = ["title", "pk"]

    def get_records(self):
        if self.action == "list":
            return Project.objects.values(*ProjectListSerializer.row_columns())
        if self.action == "export":
            return Project.objects.prefetch_related("sector_shares")
        return Project.objects.for_api_detail()

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        description="The filtered list, unpaginated, as CSV (same filters as the list).",
    )
    @action(detail=False, renderer_classes=[CSVRenderer], pagination_class=None)
    def export(self, request, format=None):  # format: the router's .csv suffix
        return self.stream_csv(PROJECT_CSV_COLUMNS, "projects.csv")


@method_decorator(conditional_page, name="dispatch")
class SectorViewSet(AtomicWritesOnly, viewsets.ReadOnlyModelViewSet):
    """OECD-DAC purpose codes (the IATI Sector codelist)."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    filterset_class = SectorFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{5}"
    ordering_fields = ["code", "name"]
    ordering = ["code"]
