"""Spreadsheet columns for agreements (XLSX and CSV, via the admin)."""

from diplomacy.models import Agreement, Currency, Engagement
from kruz.imports import KruzResource, PublicationField, lookup_field

DATE_FIELDS = ["negotiation_started_on", "signed_on", "entered_into_force_on", "expires_on"]


class AgreementResource(KruzResource):
    value_currency = lookup_field("value_currency", Currency, "code")
    engagement = lookup_field("engagement", Engagement, "slug")
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
