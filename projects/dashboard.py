"""The staff dashboard on the admin index: what is overdue, what is due this week, what
changed lately and what waits for a Publisher. A fixed number of queries, whatever the
size of the tables (tests/kruz/test_dashboard.py counts them)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from diplomacy.models import Agreement, Engagement, Official, Organization, Source
from projects import reminders
from projects.models import ActivityStatus, Milestone, Project, ProjectKind, StatusReport

LIST_LENGTH = 10
WEEK = datetime.timedelta(days=7)
# Projects that owe status reports: those being carried out.
REPORTING_STATUSES = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION)
PUBLISHABLE = (Project, StatusReport, Agreement, Engagement, Organization, Official, Source)


@dataclass
class ReportDue:
    project_id: int
    title: str
    due_on: datetime.date
    due: str  # the date as precisely as it is known (Project.report_due_label)

    @classmethod
    def of(cls, project):
        due_on = project.next_report_due_on
        return cls(project.pk, project.title, due_on, project.report_due_label(due_on))

    @property
    def url(self):
        return reverse("admin:projects_project_change", args=[self.project_id])


def dashboard(today=None):
    today = today or timezone.localdate()
    reports_overdue, reports_this_week = reports_due(today)
    return {
        "today": today,
        "milestones_overdue": open_milestones().overdue(today)[:LIST_LENGTH],
        "milestones_this_week": open_milestones().filter(
            due_on__gte=today, due_on__lt=today + WEEK
        )[:LIST_LENGTH],
        "reports_overdue": reports_overdue[:LIST_LENGTH],
        "reports_this_week": reports_this_week[:LIST_LENGTH],
        **nobody_to_remind(today),
        "recently_changed": recently_changed(),
        "awaiting_publication": awaiting_publication(),
        "iati_waiting": iati_waiting(today),
    }


def nobody_to_remind(today):
    """What the reminder scan finds due today that reaches nobody, each with why and how
    to fix it (the same scan as send_reminders, in a fixed number of queries)."""
    unreachable = reminders.unreachable(reminders.find_due_items(today))
    return {
        "nobody_to_remind": unreachable[:LIST_LENGTH],
        "nobody_to_remind_count": len(unreachable),
        "editors_group_path": reminders.editors_group_path() if unreachable else "",
    }


def open_milestones():
    milestones = Milestone.objects.open().select_related("project")
    return milestones.order_by("due_on")


def reports_due(today):
    """Projects whose next status report (Project.next_report_due_on) falls before today,
    and those where it falls within the coming week; the first LIST_LENGTH of each."""
    projects = Project.objects.filter(status__in=REPORTING_STATUSES).order_by(
        "next_report_due_on", "pk"
    )
    projects = projects.only("title", "next_report_due_on", *Project.REPORT_DUE_FIELDS)
    overdue = projects.filter(next_report_due_on__lt=today)
    this_week = projects.filter(next_report_due_on__gte=today, next_report_due_on__lt=today + WEEK)
    return (
        [ReportDue.of(project) for project in overdue[:LIST_LENGTH]],
        [ReportDue.of(project) for project in this_week[:LIST_LENGTH]],
    )


def recently_changed():
    """The latest changed projects, reports, agreements and engagements, newest first."""
    changed = []
    for model in (Project, StatusReport, Agreement, Engagement):
        queryset = model.objects.order_by("-updated_at")
        if model is StatusReport:
            queryset = queryset.select_related("project")
        changed += [_link(obj) for obj in queryset[:LIST_LENGTH]]
    return sorted(changed, key=lambda item: item["updated_at"], reverse=True)[:LIST_LENGTH]


def awaiting_publication():
    """How many drafts each publishable model holds, with a link to them."""
    waiting = []
    for model in PUBLISHABLE:
        count = model.objects.drafts().count()
        if count:
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            waiting.append(
                {
                    "label": opts.verbose_name_plural,
                    "count": count,
                    "url": f"{url}?publication__exact=draft",
                }
            )
    return waiting


def iati_waiting(today):
    """Published development projects the IATI file cannot take yet, with a link to them
    (each one's change page says what it needs)."""
    waiting = Project.objects.published().filter(kind=ProjectKind.DEVELOPMENT)
    url = reverse("admin:projects_project_changelist")
    return {
        "count": waiting.iati_not_ready(today).count(),
        "url": f"{url}?publication__exact=published&kind__exact=development&iati=missing",
    }


def _link(obj):
    opts = obj._meta
    return {
        "label": str(obj),
        "kind": opts.verbose_name,
        "updated_at": obj.updated_at,
        "published": obj.is_published,
        "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    }
