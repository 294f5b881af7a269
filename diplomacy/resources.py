"""Spreadsheet columns for agreements (XLSX and CSV, via the admin)."""

from import_export import fields, widgets

from diplomacy.models import Agreement, Currency, Engagement
from kruz.imports import KruzResource, PublicationField

DATE_FIELDS = ["negotiation_started_on", "signed_on", "entered_into_force_on", "expires_on"]


class AgreementResource(KruzResource):
    value_currency = fields.Field(
        attribute="value_currency",
        column_name="value_currency",
        widget=widgets.ForeignKeyWidget(Currency, "code"),
    )
    engagement = fields.Field(
        attribute="engagement",
        column_name="engagement",
        widget=widgets.ForeignKeyWidget(Engagement, "slug"),
    )
    publication = PublicationField()

    class Meta(KruzResource.Meta):
        model = Agreement
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            *[name for field in DATE_FIELDS for name in (field, f"{field}_precision")],
            "place",
            "value",
            "value_currency",
            "document_count",
            "engagement",
            "title_ko",
            "title_uz",
            "title_ru",
            "publication",
        ]
