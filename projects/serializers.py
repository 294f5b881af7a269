"""Projects and sectors as the API shows them: a lean list; a detail that nests funding,
participating organizations, milestones and public status reports."""

from rest_framework import serializers

from api.serializers import (
    FieldsOnceMixin,
    RecordSerializer,
    RowListSerializer,
    detail_url_maker,
    local_datetime,
)
from diplomacy.models import Currency
from diplomacy.serializers import (
    RECORD_FIELDS,
    SUMMARY_FIELDS,
    TITLE_FIELDS,
    PublishedLinkField,
    url_field,
)
from projects.models import (
    Funding,
    Milestone,
    ParticipatingOrganization,
    Project,
    ProjectSector,
    Sector,
    StatusReport,
)

DESCRIPTION_FIELDS = ["description", "description_ko", "description_uz", "description_ru"]
PROJECT_DATES = [
    "planned_start",
    "planned_start_precision",
    "planned_end",
    "planned_end_precision",
    "actual_start",
    "actual_start_precision",
    "actual_end",
    "actual_end_precision",
]


class SectorSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="code")

    class Meta:
        model = Sector
        fields = ["code", "url", "name", "category", "updated_at"]


class SectorShareSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    code = serializers.IntegerField(source="sector_id", read_only=True)
    name = serializers.CharField(source="sector.name", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        view_name="api:sector-detail", lookup_field="code", source="sector", read_only=True
    )

    class Meta:
        model = ProjectSector
        fields = ["code", "name", "url", "percentage"]


class FundingSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    funder = PublishedLinkField(read_only=True, allow_null=True)
    currency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Funding
        fields = [
            "funder",
            "instrument",
            "amount",
            "currency",
            "committed_on",
            "committed_on_precision",
            "note",
        ]


class ParticipatingOrganizationSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    organization = PublishedLinkField(read_only=True, allow_null=True)

    class Meta:
        model = ParticipatingOrganization
        fields = ["organization", "role"]


class MilestoneSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [*TITLE_FIELDS, "due_on", "due_on_precision", "done_on", "done_on_precision"]


class StatusReportSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = ["reported_on", "progress", "status", "narrative"]


class ProjectListSerializer(RecordSerializer):
    """The lean list. Its rows come from Project.objects.values(*ROW_COLUMNS) and are
    represented by represent_rows(); the fields below document them (OpenAPI)."""

    url = url_field("api:project-detail")
    sectors = serializers.SerializerMethodField()
    budget_currency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Project
        list_serializer_class = RowListSerializer
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            "kind",
            "status",
            "region",
            "sectors",
            "planned_start",
            "planned_start_precision",
            "planned_end",
            "planned_end_precision",
            "budget",
            "budget_currency",
            "updated_at",
        ]

    def get_sectors(self, project) -> list[int]:
        return [share.sector_id for share in project.sector_shares.all()]

    @classmethod
    def row_columns(cls):
        computed = {"url", "sectors"}
        return ["id", *(name for name in cls.Meta.fields if name not in computed)]

    def represent_rows(self, rows):
        url_of = detail_url_maker(self.context["request"], "api:project-detail")
        sectors = ProjectSector.objects.codes_by_project([row["id"] for row in rows])
        names = self.Meta.fields
        for row in rows:
            row["url"] = url_of(row["slug"])
            row["sectors"] = sectors.get(row["id"], [])
            row["updated_at"] = local_datetime(row["updated_at"])
        return [{name: row[name] for name in names} for row in rows]


class ProjectSerializer(RecordSerializer):
    url = url_field("api:project-detail")
    budget_currency = serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), required=False, allow_null=True
    )
    sectors = SectorShareSerializer(many=True, read_only=True, source="sector_shares")
    funding = FundingSerializer(many=True, read_only=True, source="fundings")
    participating_organizations = ParticipatingOrganizationSerializer(
        many=True, read_only=True, source="participants"
    )
    milestones = MilestoneSerializer(many=True, read_only=True)
    status_reports = StatusReportSerializer(many=True, read_only=True, source="public_reports")
    agreements = PublishedLinkField(many=True, read_only=True, source="published_agreements")
    engagements = PublishedLinkField(many=True, read_only=True, source="published_engagements")

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            *SUMMARY_FIELDS,
            *DESCRIPTION_FIELDS,
            "kind",
            "status",
            "region",
            "location",
            "latitude",
            "longitude",
            *PROJECT_DATES,
            "budget",
            "budget_currency",
            "reporting_interval_days",
            "sectors",
            "funding",
            "participating_organizations",
            "milestones",
            "status_reports",
            "agreements",
            "engagements",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]
