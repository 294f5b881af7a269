"""Spreadsheet columns for projects and their funding (XLSX and CSV, via the admin).
Related records are named by slug or code, so a sheet reads without looking up ids."""

from diplomacy.models import Currency, Organization
from kruz.imports import KruzResource, PublicationField, lookup_field
from projects.models import Funding, Project

DATE_FIELDS = ["planned_start", "planned_end", "actual_start", "actual_end"]


class ProjectResource(KruzResource):
    budget_currency = lookup_field("budget_currency", Currency, "code")
    publication = PublicationField()

    class Meta(KruzResource.Meta):
        model = Project
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "region",
            "location",
            *[name for field in DATE_FIELDS for name in (field, f"{field}_precision")],
            "budget",
            "budget_currency",
            "reporting_interval_days",
            "title_ko",
            "title_uz",
            "title_ru",
            "publication",
        ]


class FundingResource(KruzResource):
    project = lookup_field("project", Project, "slug")
    funder = lookup_field("funder", Organization, "slug")
    currency = lookup_field("currency", Currency, "code")

    class Meta(KruzResource.Meta):
        model = Funding
        fields = [
            "id",
            "project",
            "funder",
            "instrument",
            "amount",
            "currency",
            "committed_on",
            "committed_on_precision",
            "editorial_note",
        ]

    def _publishable(self, instance):
        return instance.project if instance.project_id else None
