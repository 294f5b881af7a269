"""Projects and sectors as the API shows them: a lean list; a detail that nests funding,
participating organizations, milestones and public status reports."""

from rest_framework import serializers

from api.serializers import (
    FieldsOnceMixin,
    RecordSerializer,
    RowListSerializer,
    detail_url_maker,
    drf_extends_urls,
    local_time_maker,
    plain_value,
    record_link,
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
        ]


class ParticipatingOrganizationSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    organization = PublishedLinkField(read_only=True, allow_null=True)

    class Meta:
        model = ParticipatingOrganization
        fields = ["organization", "role"]


MILESTONE_FIELDS = [*TITLE_FIELDS, "due_on", "due_on_precision", "done_on", "done_on_precision"]
STATUS_REPORT_FIELDS = ["reported_on", "progress", "status", "narrative"]


class MilestoneSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS


class StatusReportSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = STATUS_REPORT_FIELDS


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
        local_time = local_time_maker()
        for row in rows:
            row["url"] = url_of(row["slug"])
            row["sectors"] = sectors.get(row["id"], [])
            row["updated_at"] = local_time(row["updated_at"])
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

    def to_representation(self, project):
        """The detail written by hand from what the declared fields read (they stay, for
        validation and the OpenAPI schema): DRF's field-by-field walk through seven
        nested serializers cost more than the queries. tests/api/test_detail_by_hand.py
        holds it equal to DRF's own representation."""
        request = self.context["request"]
        if drf_extends_urls(request, self.context):
            return super().to_representation(project)
        computed = {
            "url": detail_url_maker(request, "api:project-detail")(project.slug),
            "budget_currency": project.budget_currency_id,
            **self.represent_parts(project, request),
        }
        return {
            name: computed[name] if name in computed else plain_value(getattr(project, name))
            for name in self.Meta.fields
        }

    def represent_parts(self, project, request):
        organization_url = detail_url_maker(request, "api:organization-detail")
        return {
            "sectors": self.represent_sectors(project, request),
            "funding": [
                self.represent_funding(funding, organization_url)
                for funding in project.fundings.all()
            ],
            "participating_organizations": [
                {
                    "organization": record_link(participant.organization, organization_url),
                    "role": participant.role,
                }
                for participant in project.participants.all()
            ],
            "milestones": [
                {name: plain_value(getattr(milestone, name)) for name in MILESTONE_FIELDS}
                for milestone in project.milestones.all()
            ],
            "status_reports": [
                {name: plain_value(getattr(report, name)) for name in STATUS_REPORT_FIELDS}
                for report in project.public_reports
            ],
            "agreements": self.represent_links(project.published_agreements, request),
            "engagements": self.represent_links(project.published_engagements, request),
        }

    def represent_sectors(self, project, request):
        sector_url = detail_url_maker(request, "api:sector-detail", lookup="code", marker="00000")
        return [
            {
                "code": share.sector_id,
                "name": share.sector.name,
                "url": sector_url(share.sector_id),
                "percentage": plain_value(share.percentage),
            }
            for share in project.sector_shares.all()
        ]

    def represent_funding(self, funding, organization_url):
        return {
            "funder": record_link(funding.funder, organization_url),
            "instrument": funding.instrument,
            "amount": plain_value(funding.amount),
            "currency": funding.currency_id,
            "committed_on": plain_value(funding.committed_on),
            "committed_on_precision": funding.committed_on_precision,
        }

    def represent_links(self, records, request):
        if not records:
            return []
        url_of = detail_url_maker(request, f"api:{records[0]._meta.model_name}-detail")
        return [record_link(record, url_of) for record in records]
