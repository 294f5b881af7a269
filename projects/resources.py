"""Spreadsheet columns for projects and their funding (XLSX and CSV, via the admin).
Each column's widget follows from its model field (kruz.imports.sheet_field): related
records by slug or code, choices by label, dates at their precision."""

from kruz.imports import KruzResource, PublicationField
from projects.models import Funding, Project


class ProjectResource(KruzResource):
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
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget",
            "budget_currency",
            "reporting_interval_days",
            "title_ko",
            "title_uz",
            "title_ru",
            "publication",
        ]


class FundingResource(KruzResource):
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
            "editorial_note",
        ]
