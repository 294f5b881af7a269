import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, Max, Min, OuterRef, Prefetch
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from diplomacy.models import Agreement, Organization
from kruz.admin import HistoryMixin, PartAdmin, PartInline, RecordAdmin
from kruz.imports import SpreadsheetAdminMixin
from kruz.translation import sibling_names, translated_names
from kruz.widgets import QuickAdminDateInput, QuickHiddenInput
from projects.models import (
    FinanceType,
    Funding,
    Milestone,
    ParticipatingOrganization,
    Project,
    ProjectSector,
    ReminderLog,
    Sector,
    StatusReport,
)
from projects.resources import FundingResource, ProjectResource

# The project list's filters call the same ProjectQuerySet methods as ProjectFilterSet,
# so "funded by EDCF" or "active in 2021" means the same here as on the public pages.


class SectorFilter(admin.SimpleListFilter):
    title = _("sector")
    parameter_name = "sector"
    template = "admin/kruz/long_filter.html"

    def lookups(self, request, model_admin):
        # One index probe per sector (projectsector's sector index), not a scan of all shares.
        used = Sector.objects.filter(Exists(ProjectSector.objects.filter(sector=OuterRef("pk"))))
        return [(sector.code, str(sector)) for sector in used]

    def queryset(self, request, queryset):
        return queryset.in_sector(self.value()) if self.value() else queryset


class FunderFilter(admin.SimpleListFilter):
    title = _("funder")
    parameter_name = "funder"
    template = "admin/kruz/long_filter.html"

    def lookups(self, request, model_admin):
        # One index probe per organization (funding's funder index), not a scan of funding.
        funders = (
            Organization.objects.filter(Exists(Funding.objects.filter(funder=OuterRef("pk"))))
            .only("slug", "name", "acronym")  # what the label shows
            .order_by("name")
        )
        return [(organization.slug, str(organization)) for organization in funders]

    def queryset(self, request, queryset):
        return queryset.funded_by(self.value()) if self.value() else queryset


class InstrumentFilter(admin.SimpleListFilter):
    title = _("instrument")
    parameter_name = "instrument"

    def lookups(self, request, model_admin):
        return FinanceType.choices

    def queryset(self, request, queryset):
        return queryset.with_instrument(self.value()) if self.value() else queryset


class YearFilter(admin.SimpleListFilter):
    title = _("active in year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = Project.objects.aggregate(
            first=Min(Coalesce("actual_start", "planned_start")),
            last=Max(Coalesce("actual_end", "planned_end")),
        )
        if not span["first"]:
            return []
        last = (span["last"] or datetime.date.today()).year
        return [(year, str(year)) for year in range(last, span["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.active_in_year(int(self.value()))
        except ValueError:
            return queryset.none()


class IatiFilter(admin.SimpleListFilter):
    title = _("IATI file")
    parameter_name = "iati"

    def lookups(self, request, model_admin):
        return [("in", _("in the file")), ("missing", _("not yet in the file"))]

    def queryset(self, request, queryset):
        if self.value() == "in":
            return queryset.iati_ready()
        if self.value() == "missing":
            return queryset.iati_not_ready()
        return queryset


class ProjectSectorInline(PartInline):
    model = ProjectSector
    autocomplete_fields = ["sector"]


class FundingInline(PartInline):
    model = Funding
    autocomplete_fields = ["funder", "currency"]
    fields = ["funder", "instrument", "amount", "currency", "committed_on", "editorial_note"]


class ParticipatingOrganizationInline(PartInline):
    model = ParticipatingOrganization
    autocomplete_fields = ["organization"]


class MilestoneInline(PartInline):
    model = Milestone
    fields = ["title", "due_on", "due_on_precision", "done_on", "done_on_precision"]


class StatusReportInline(PartInline):
    """Reports are filed here or on their own page; each is published on its own."""

    model = StatusReport
    fields = ["reported_on", "status", "progress", "is_internal", "narrative", "publication"]
    readonly_fields = ["publication"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False  # a filed report is edited on its own page, where its version is checked


@admin.register(Project)
class ProjectAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [ProjectResource]
    list_display = [
        "title",
        "status",
        "kind",
        "region",
        "funders",
        "budget_with_currency",
        "responsible",
        "reminders_snoozed_until",
        "published",
        "in_iati_file",
    ]
    # Snoozing is an internal setting, not public content: staff set it from the list.
    list_editable = ["reminders_snoozed_until"]
    list_per_page = 50
    list_select_related = ["budget_currency", "responsible"]
    # "12 of 100,000" would count the whole table on every filtered page.
    show_full_result_count = False
    list_filter = [
        "publication",
        "status",
        "kind",
        "region",
        SectorFilter,
        FunderFilter,
        InstrumentFilter,
        YearFilter,
        IatiFilter,
    ]
    search_fields = [*translated_names("title"), "slug", "summary"]
    # No date_hierarchy: YearFilter answers "which projects ran in 2019" better, off an
    # index, where the hierarchy's list of years read every project (70 ms at 100k).
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["budget_currency", "agreements", "engagements", "sources"]
    inlines = [
        ProjectSectorInline,
        FundingInline,
        ParticipatingOrganizationInline,
        MilestoneInline,
        StatusReportInline,
    ]
    history_parts = [
        (ProjectSector, "project"),
        (Funding, "project"),
        (ParticipatingOrganization, "project"),
        (Milestone, "project"),
        (StatusReport, "project"),
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "status",
                    "summary",
                    "description",
                    "responsible",
                    "reporting_interval_days",
                    "reminders_snoozed_until",
                    "publication",
                    "published_at",
                ]
            },
        ),
        (_("Where"), {"fields": ["region", "location", ("latitude", "longitude")]}),
        (
            _("When"),
            {
                "fields": [
                    ("planned_start", "planned_start_precision"),
                    ("planned_end", "planned_end_precision"),
                    ("actual_start", "actual_start_precision"),
                    ("actual_end", "actual_end_precision"),
                ]
            },
        ),
        (_("Budget"), {"fields": [("budget", "budget_currency")]}),
        (_("Related records"), {"fields": ["agreements", "engagements", "sources"]}),
        (
            _("Translations"),
            {"classes": ["collapse"], "fields": sibling_names(*Project.translated_fields)},
        ),
        (_("Staff only"), {"fields": ["editorial_note"]}),
        (_("IATI"), {"fields": ["iati_readiness", "iati_identifier"]}),
    ]
    readonly_fields = ["iati_readiness", "iati_identifier"]

    def get_changelist_formset(self, request, **kwargs):
        # Each row's snooze date and hidden id, written without a template render each.
        widgets = {"id": QuickHiddenInput, "reminders_snoozed_until": QuickAdminDateInput}
        return super().get_changelist_formset(request, widgets=widgets, **kwargs)

    def get_queryset(self, request):
        fundings = Funding.objects.select_related("funder")
        return super().get_queryset(request).prefetch_related(Prefetch("fundings", fundings))

    def get_changelist_instance(self, request):
        """The list, with whether the IATI file holds each project on the page: asked of
        the database for those projects alone, as iati_ready() asks it. (Asked in the
        list's own query, PostgreSQL hashed every participant and funding of 100,000
        projects to answer for fifty.)"""
        changelist = super().get_changelist_instance(request)
        projects = list(changelist.result_list)  # read once; the page shows these rows
        listed = Project.objects.filter(pk__in=[project.pk for project in projects])
        held = set(listed.iati_ready().values_list("pk", flat=True))
        for project in projects:
            project.held_in_iati_file = project.pk in held
        return changelist

    @admin.display(description=_("in the IATI file"), boolean=True)
    def in_iati_file(self, project):
        return project.held_in_iati_file

    @admin.display(description=_("IATI readiness"))
    def iati_readiness(self, project):
        """Whether the project is in the IATI activity file, what it still needs if not,
        and what the file leaves out of it."""
        if project.pk is None:
            return "—"
        project = Project.objects.with_iati_parts().get(pk=project.pk)
        gaps, omissions = project.iati_gaps(), project.iati_omissions()
        if gaps:
            verdict = format_html(
                "{} {}", _("Not in the IATI activity file. It still needs:"), bullet_list(gaps)
            )
        else:
            verdict = _("In the IATI activity file.")
        if not omissions:
            return verdict
        return format_html(
            "{}<br>{} {}", verdict, _("The file leaves out:"), bullet_list(omissions)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        for report in (inline_form.instance for inline_form in formset.forms):
            if isinstance(report, StatusReport) and report._state.adding:
                report.author = report.author or request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("funders"))
    def funders(self, project):
        funders = {f.funder.acronym or f.funder.name for f in project.fundings.all()}
        return ", ".join(sorted(funders))

    @admin.display(description=_("budget"), ordering="budget")
    def budget_with_currency(self, project):
        if project.budget is None:
            return "—"
        return f"{project.budget:,.0f} {project.budget_currency_id}"


def bullet_list(items):
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


@admin.register(StatusReport)
class StatusReportAdmin(RecordAdmin):
    list_display = [
        "project",
        "reported_on",
        "status",
        "progress",
        "is_internal",
        "author",
        "published",
    ]
    list_select_related = ["project", "author"]
    list_filter = ["publication", "status", "is_internal"]
    search_fields = ["project__title", "narrative"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["project"]
    readonly_fields = ["author"]
    fields = [
        "project",
        "reported_on",
        "status",
        "progress",
        "narrative",
        "is_internal",
        "author",
        "publication",
        "published_at",
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Funding)
class FundingAdmin(SpreadsheetAdminMixin, PartAdmin):
    resource_classes = [FundingResource]
    parent_field = "project"
    list_display = ["project", "funder", "instrument", "amount", "currency", "committed_on"]
    list_select_related = ["project", "funder", "currency"]
    list_filter = ["instrument", ("funder", admin.RelatedOnlyFieldListFilter), "currency"]
    search_fields = ["project__title", "funder__name", "funder__acronym", "editorial_note"]
    date_hierarchy = "committed_on"
    autocomplete_fields = ["project", "funder", "currency"]


@admin.register(Milestone)
class MilestoneAdmin(PartAdmin):
    parent_field = "project"
    list_display = ["title", "project", "due_on", "done_on", "overdue"]
    list_select_related = ["project"]
    list_filter = [("done_on", admin.EmptyFieldListFilter)]
    search_fields = ["title", "project__title"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["project"]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, milestone):
        return milestone.is_overdue()


@admin.register(ProjectSector)
class ProjectSectorAdmin(PartAdmin):
    parent_field = "project"
    list_display = ["project", "sector", "percentage"]
    list_select_related = ["project", "sector"]
    search_fields = ["project__title", "sector__name"]
    autocomplete_fields = ["project", "sector"]


@admin.register(ParticipatingOrganization)
class ParticipatingOrganizationAdmin(PartAdmin):
    parent_field = "project"
    list_display = ["project", "organization", "role"]
    list_select_related = ["project", "organization"]
    list_filter = ["role"]
    search_fields = ["project__title", "organization__name", "organization__acronym"]
    autocomplete_fields = ["project", "organization"]


@admin.register(Sector)
class SectorAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["code", "name", "category"]
    search_fields = ["name", "=code"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """The log is the system's memory of what it sent: staff read it, nobody edits it."""

    list_display = ["scanned_on", "rule", "recipient", "content_object", "period", "sent_at"]
    list_filter = ["rule", "recipient", "scanned_on", "sent_on"]
    list_select_related = ["recipient", "content_type"]
    date_hierarchy = "scanned_on"
    search_fields = ["recipient__username", "recipient__email"]

    def get_queryset(self, request):
        objects = [Project.objects.all(), Milestone.objects.all(), Agreement.objects.all()]
        queryset = super().get_queryset(request)
        return queryset.prefetch_related(GenericPrefetch("content_object", objects))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
