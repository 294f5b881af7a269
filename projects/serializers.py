"""Projects and sectors as the public sees them (the API's JSON, and the representation
every other channel follows): a lean list; a detail with the project's public parts, read
from Project.objects.with_public_parts()."""

from rest_framework import serializers

from api.serializers import (
    ModelSerializer,
    RecordLinkSerializer,
    RecordSerializer,
    RecordURLField,
    record_links,
)
from diplomacy.models import Currency
from diplomacy.serializers import RECORD_FIELDS, SourcedRecordSerializer
from kruz.translation import translated_names
from projects.models import (
    Funding,
    Milestone,
    ParticipatingOrganization,
    Project,
    ProjectSector,
    Sector,
    StatusReport,
)

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


class SectorSerializer(ModelSerializer):
    url = RecordURLField("api:sector-detail", lookup_field="code")

    class Meta:
        model = Sector
        fields = ["code", "url", *translated_names("name"), "category", "updated_at"]


class SectorNameSerializer(ModelSerializer):
    url = RecordURLField("api:sector-detail", lookup_field="code")

    class Meta:
        model = Sector
        fields = ["code", "url", *translated_names("name")]


class SectorShareSerializer(ModelSerializer):
    sector = SectorNameSerializer(read_only=True)

    class Meta:
        model = ProjectSector
        fields = ["sector", "percentage"]


class FundingSerializer(ModelSerializer):
    funder = RecordLinkSerializer(read_only=True)
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
        ]


class ParticipationSerializer(ModelSerializer):
    organization = RecordLinkSerializer(read_only=True)

    class Meta:
        model = ParticipatingOrganization
        fields = ["organization", "role"]


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            *translated_names("title"),
            "due_on",
            "due_on_precision",
            "done_on",
            "done_on_precision",
        ]


class StatusReportSerializer(ModelSerializer):
    class Meta:
        model = StatusReport
        fields = ["reported_on", "progress", "status", "narrative"]


class ProjectListSerializer(RecordSerializer):
    url = RecordURLField("api:project-detail")
    sectors = serializers.SerializerMethodField(help_text="DAC codes, largest share first.")
    budget_currency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            *translated_names("title"),
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
        return [share.sector_id for share in project.public_sector_shares]


class ProjectSerializer(SourcedRecordSerializer):
    url = RecordURLField("api:project-detail")
    budget_currency = serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), required=False, allow_null=True
    )
    sectors = SectorShareSerializer(many=True, read_only=True, source="public_sector_shares")
    funding = FundingSerializer(many=True, read_only=True, source="public_fundings")
    participating_organizations = ParticipationSerializer(
        many=True, read_only=True, source="public_participants"
    )
    milestones = MilestoneSerializer(many=True, read_only=True, source="public_milestones")
    status_reports = StatusReportSerializer(many=True, read_only=True, source="public_reports")
    agreements = record_links("public_agreements")
    engagements = record_links("public_engagements")

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            *translated_names("title", "summary", "description"),
            "kind",
            "status",
            "region",
            *translated_names("location"),
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
            "sources",
            "citations",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]
        # How often staff owe a status report is theirs to set, not public content.
        extra_kwargs = {"reporting_interval_days": {"write_only": True}}
