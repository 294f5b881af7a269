"""Spreadsheet columns for agreements (XLSX and CSV, via the admin)."""

from diplomacy.models import Agreement
from kruz.imports import KruzResource, PublicationField


class AgreementResource(KruzResource):
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
            "negotiation_started_on",
            "signed_on",
            "entered_into_force_on",
            "expires_on",
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
