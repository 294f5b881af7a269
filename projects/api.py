"""The project and sector endpoints of the REST API."""

from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from api.routers import router
from api.views import AtomicWritesOnly, CSVRenderer, RecordViewSet
from kruz.exports import csv_response
from projects.exports import public_projects_table
from projects.filters import ProjectFilterSet, SectorFilterSet
from projects.models import Project, Sector
from projects.serializers import ProjectListSerializer, ProjectSerializer, SectorSerializer


class ProjectViewSet(RecordViewSet):
    """Projects. `q` searches title, summary and description in every language and
    spelling (Urgench, Urganch, Ургенч)."""

    model = Project
    serializer_class = ProjectSerializer
    list_serializer_class = ProjectListSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["title", "planned_start", "actual_start", "budget", "updated_at"]
    ordering = ["title", "pk"]

    def list_records(self):
        return Project.objects.with_sector_codes().select_related("budget_currency")

    def with_version(self, data, pk, version):
        """For those who may change the project, also what the IATI file still needs of
        it (empty when the file holds it) and what the file leaves out."""
        data = super().with_version(data, pk, version)
        if "version" not in data:
            return data
        project = Project.objects.with_iati_parts().get(pk=pk)
        return {
            **data,
            "iati_gaps": [str(gap) for gap in project.iati_gaps()],
            "iati_omissions": [str(note) for note in project.iati_omissions()],
        }

    @extend_schema(
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR},
        description="The filtered list of published projects, unpaginated, as CSV (UTF-8 "
        "with a byte-order mark; dates at the precision the record knows them).",
    )
    @action(detail=False, renderer_classes=[CSVRenderer], pagination_class=None)
    def export(self, request, format=None):  # format: the router's .csv suffix
        projects = self.filter_queryset(Project.objects.all())
        return csv_response("projects.csv", *public_projects_table(projects))


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


router.register("projects", ProjectViewSet, basename="project")
router.register("sectors", SectorViewSet, basename="sector")
