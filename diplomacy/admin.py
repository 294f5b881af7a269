from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from diplomacy.models import (
    Agreement,
    AgreementSignatory,
    Currency,
    Engagement,
    EngagementParticipant,
    Official,
    Organization,
    Position,
    Source,
)
from diplomacy.resources import AgreementResource
from kruz.admin import HistoryMixin, PartAdmin, PartInline, RecordAdmin
from kruz.imports import SpreadsheetAdminMixin

TRANSLATED_TITLES = ["title", "title_ko", "title_uz", "title_ru"]
TRANSLATED_NAMES = ["name", "name_ko", "name_uz", "name_ru"]


@admin.register(Currency)
class CurrencyAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "kind", "publisher", "url", "published"]
    list_filter = ["publication", "kind"]
    search_fields = ["title", "publisher", "author", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    list_display = ["name", "acronym", "kind", "country", "published"]
    list_filter = ["publication", "kind", "country"]
    search_fields = [*TRANSLATED_NAMES, "acronym", "slug", "iati_identifier"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]


class PositionInline(PartInline):
    model = Position
    fk_name = "official"
    autocomplete_fields = ["organization"]
    fields = [
        "title",
        "organization",
        "started_on",
        "started_on_precision",
        "ended_on",
        "ended_on_precision",
    ]


@admin.register(Official)
class OfficialAdmin(RecordAdmin):
    list_display = ["name", "name_ko", "country", "published"]
    list_filter = ["publication", "country"]
    search_fields = [*TRANSLATED_NAMES, "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]
    inlines = [PositionInline]
    history_parts = [(Position, "official")]


@admin.register(Position)
class PositionAdmin(PartAdmin):
    parent_field = "official"
    list_display = ["official", "title", "organization", "started_on", "ended_on"]
    list_select_related = ["official", "organization"]
    search_fields = ["official__name", "title", "organization__name", "organization__acronym"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["official", "organization", "sources"]


class EngagementParticipantInline(PartInline):
    model = EngagementParticipant
    autocomplete_fields = ["official"]


@admin.register(Engagement)
class EngagementAdmin(RecordAdmin):
    list_display = ["title", "kind", "started_on", "place", "country", "is_virtual", "published"]
    list_filter = ["publication", "kind", "is_virtual", "country"]
    search_fields = [*TRANSLATED_TITLES, "place", "slug"]
    date_hierarchy = "started_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources"]
    inlines = [EngagementParticipantInline]
    history_parts = [(EngagementParticipant, "engagement")]


@admin.register(EngagementParticipant)
class EngagementParticipantAdmin(PartAdmin):
    parent_field = "engagement"
    list_display = ["engagement", "official", "role", "capacity"]
    list_select_related = ["engagement", "official"]
    list_filter = ["role"]
    search_fields = ["engagement__title", "official__name", "capacity"]
    autocomplete_fields = ["engagement", "official"]


class AgreementSignatoryInline(PartInline):
    model = AgreementSignatory
    autocomplete_fields = ["official", "on_behalf_of"]


@admin.register(Agreement)
class AgreementAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [AgreementResource]
    list_display = [
        "title",
        "kind",
        "status",
        "signed_on",
        "value_with_currency",
        "engagement",
        "published",
    ]
    list_select_related = ["value_currency", "engagement"]
    list_filter = ["publication", "status", "kind"]
    search_fields = [*TRANSLATED_TITLES, "slug", "place"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["value_currency", "engagement", "parties", "sources"]
    inlines = [AgreementSignatoryInline]
    history_parts = [(AgreementSignatory, "agreement")]

    @admin.display(description=_("value"), ordering="value")
    def value_with_currency(self, agreement):
        if agreement.value is None:
            return "—"
        return f"{agreement.value:,.0f} {agreement.value_currency_id}"


@admin.register(AgreementSignatory)
class AgreementSignatoryAdmin(PartAdmin):
    parent_field = "agreement"
    list_display = ["agreement", "official", "on_behalf_of"]
    list_select_related = ["agreement", "official", "on_behalf_of"]
    search_fields = ["agreement__title", "official__name"]
    autocomplete_fields = ["agreement", "official", "on_behalf_of"]
