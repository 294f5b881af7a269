from django.contrib import admin
from django.contrib.contenttypes.prefetch import GenericPrefetch

from diplomacy.models import Agreement
from projects.models import Milestone, Project, ReminderLog, StaffProfile

# --- reminders (issue 6) ------------------------------------------------------------------
# The full project admin is built separately; this minimal registration gives staff the
# "reminders snoozed until" field and the change page the digests link to. Fold
# `reminders_snoozed_until` into the full ProjectAdmin when it lands.


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "responsible", "reminders_snoozed_until"]
    list_editable = ["reminders_snoozed_until"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    autocomplete_fields = ["user"]


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
