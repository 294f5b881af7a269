"""Spreadsheet columns for projects and their funding (XLSX and CSV, via the admin).
Related records are named by slug or code, so a sheet reads without looking up ids."""

from import_export import fields, widgets

from diplomacy.models import Currency, Organization
from kruz.imports import KruzResource, PublicationField
from projects.models import Funding, Project

DATE_FIELDS = ["planned_start", "planned_end", "actual_start", "actual_end"]


class ProjectResource(KruzResource):
    budget_currency = fields.Field(
        attribute="budget_currency",
        column_name="budget_currency",
        widget=widgets.ForeignKeyWidget(Currency, "code"),
    )
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
    project = fields.Field(
        attribute="project",
        column_name="project",
        widget=widgets.ForeignKeyWidget(Project, "slug"),
    )
    funder = fields.Field(
        attribute="funder",
        column_name="funder",
        widget=widgets.ForeignKeyWidget(Organization, "slug"),
    )
    currency = fields.Field(
        attribute="currency",
        column_name="currency",
        widget=widgets.ForeignKeyWidget(Currency, "code"),
    )

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
            "note",
        ]

    def _publishable(self, instance):
        return instance.project if instance.project_id else None
