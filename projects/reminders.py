"""Reminders: the daily scan that finds what is due, and the digests that tell staff.

Exactly once, in three steps that never hold a transaction open during I/O:

1. claim: each due item becomes one ReminderLog row per recipient, inserted against the
   unique constraint (rule, object, period, recipient) and committed; a second scan, or
   a concurrent one, inserts nothing new.
2. lease: a sender takes a recipient's unsent rows with a conditional update (a lease
   token and an expiry) and commits; a concurrent sender finds nothing left to take.
3. send, outside any transaction, then mark the leased rows sent. If the sender fails,
   it gives the lease back; if it dies, the lease expires and the next attempt (the
   redelivered task, or the next scan) takes the rows again. Nothing is lost.
"""

import dataclasses
import datetime
import enum
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from diplomacy.models import Agreement
from kruz.records import DatePrecision, format_partial_date, period_passed
from kruz.search import TRANSLATED_SUFFIXES
from projects.models import Milestone, Project, ReminderLog, ReminderRule

# The order items appear in within a digest.
RULE_ORDER = list(ReminderRule.values)


@dataclasses.dataclass(frozen=True)
class DueItem:
    """Something due on a day: which rule found it, about what, and who should hear."""

    rule: str
    target: object
    due_on: datetime.date
    period: datetime.date
    recipients: tuple

    def log_rows(self, day):
        content_type = ContentType.objects.get_for_model(self.target)
        return [
            ReminderLog(
                rule=self.rule,
                content_type=content_type,
                object_id=self.target.pk,
                period=self.period,
                recipient=recipient,
                due_on=self.due_on,
                scanned_on=day,
            )
            for recipient in self.recipients
        ]


class Delivery(enum.Enum):
    SENT = "sent"
    NOTHING_PENDING = "nothing pending"
    BUSY = "another sender holds the lease"
    ALREADY_TODAY = "already had today's digest"


# --- the scan -------------------------------------------------------------------------


def find_due_items(day):
    """Everything due on the day, with its recipients; reads, writes nothing (but the
    Editors group, created if missing)."""
    recipients = Recipients()
    return [
        *report_items(day, recipients),
        *milestone_items(day, recipients),
        *past_end_items(day, recipients),
        *agreement_items(day, recipients),
    ]


def claim_reminders(day, items=None):
    """Log every due item for each recipient (at most once, by the unique constraint),
    commit, and return the ids of the recipients with reminders still to send."""
    items = find_due_items(day) if items is None else items
    rows = [row for item in items for row in item.log_rows(day)]
    with transaction.atomic():
        ReminderLog.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return pending_recipient_ids()


def pending_recipient_ids():
    """Everyone with a claimed but unsent reminder, from this scan or an earlier one."""
    pending = ReminderLog.objects.filter(sent_at__isnull=True).order_by("recipient_id")
    return list(pending.values_list("recipient_id", flat=True).distinct())


def unlogged(items):
    """The items, per recipient, that no earlier scan has logged (for --dry-run)."""
    logged = set(
        ReminderLog.objects.filter(object_id__in={item.target.pk for item in items}).values_list(
            "rule", "content_type_id", "object_id", "period", "recipient_id"
        )
    )
    fresh = []
    for item in items:
        content_type = ContentType.objects.get_for_model(item.target)
        for recipient in item.recipients:
            key = (item.rule, content_type.pk, item.target.pk, item.period, recipient.pk)
            if key not in logged:
                fresh.append((recipient, item))
    return fresh


@dataclasses.dataclass(frozen=True)
class Unreachable:
    """A due item nobody will be reminded of: why, how to fix it, and where."""

    item: DueItem
    reason: str
    fix: str
    path: str  # the admin page where the fix is made

    @property
    def url(self):
        return f"{settings.SITE_URL}{self.path}"

    @property
    def label(self):
        return ReminderRule(self.item.rule).label

    @property
    def title(self):
        return localized_title(self.item.target)

    @property
    def due(self):
        return rule_due_label(self.item.rule, self.item.target, self.item.due_on)


def unreachable(items):
    """The due items with no recipient: no responsible staff member who can receive
    e-mail, and no active Editor with an e-mail address either. Saying so is the only
    way staff learn that the reminder was never sent."""
    return [explain_unreachable(item) for item in items if not item.recipients]


def explain_unreachable(item):
    target = item.target
    if isinstance(target, Agreement):
        reason = gettext(
            "No project implementing it has a responsible staff member with an e-mail "
            "address, and the Editors group has no active member with one."
        )
        fix = gettext(
            "Assign a responsible staff member (with an e-mail address) to a project "
            "implementing the agreement, or add staff with an e-mail address to the "
            "Editors group."
        )
        return Unreachable(item, reason, fix, admin_path(target))
    project_id = target.project_id if isinstance(target, Milestone) else target.pk
    if getattr(target, "responsible_id", None):
        reason = gettext(
            "Its responsible staff member is inactive or has no e-mail address, and the "
            "Editors group has no active member with one."
        )
    else:
        reason = gettext(
            "The project has no responsible staff member, and the Editors group has no "
            "active member with an e-mail address."
        )
    fix = gettext(
        "Assign a responsible staff member (with an e-mail address) on the project, or "
        "add staff with an e-mail address to the Editors group."
    )
    path = reverse("admin:projects_project_change", args=[project_id])
    return Unreachable(item, reason, fix, path)


def editors_group_path():
    """The Editors group's admin page, where staff are added to it."""
    group, _ = Group.objects.get_or_create(name=settings.REMINDER_EDITORS_GROUP)
    return admin_path(group)


# What a due item needs of its object: the pk, and the title for `send_reminders --dry-run`.
# The digest reads the rest when it is sent (leased_rows); loading a thousand whole rows
# and their projects and users here cost more than the queries themselves.
TITLES = tuple(f"title{suffix}" for suffix in TRANSLATED_SUFFIXES)


def report_items(day, recipients):
    horizon = day + datetime.timedelta(days=settings.REMINDER_REPORT_DAYS_AHEAD)
    projects = (
        Project.objects.remindable(day)
        .filter(next_report_due_on__lte=horizon)
        .only(*TITLES, *Project.REPORT_DUE_FIELDS, "next_report_due_on", "responsible")
        .order_by("next_report_due_on", "pk")
    )
    projects = recipients.load(projects)
    for project in projects:
        yield due_or_overdue(
            ReminderRule.REPORT_DUE,
            ReminderRule.REPORT_OVERDUE,
            project,
            project.next_report_due_on,
            day,
            recipients.of(project.responsible_id),
        )


def milestone_items(day, recipients):
    horizon = day + datetime.timedelta(days=settings.REMINDER_MILESTONE_DAYS_AHEAD)
    milestones = (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_on__lte=horizon,
            project__in=Project.objects.remindable(day),
        )
        .annotate(responsible_id=F("project__responsible"))
        .only(*TITLES, "due_on", "due_on_precision", "project")
        .order_by("due_on", "pk")
    )
    milestones = recipients.load(milestones)
    for milestone in milestones:
        yield due_or_overdue(
            ReminderRule.MILESTONE_DUE,
            ReminderRule.MILESTONE_OVERDUE,
            milestone,
            milestone.due_on,
            day,
            recipients.of(milestone.responsible_id),
            deadline=milestone.deadline,
        )


def past_end_items(day, recipients):
    projects = (
        Project.objects.remindable(day)
        # planned_end < day follows from the period test; said apart, an index serves it.
        .filter(period_passed("planned_end", day), planned_end__lt=day)
        .only(*TITLES, "planned_end", "planned_end_precision", "responsible")
        .order_by("planned_end", "pk")
    )
    projects = recipients.load(projects)
    for project in projects:
        period = repeat_period(project.planned_end, day)
        yield DueItem(
            ReminderRule.PROJECT_PAST_END,
            project,
            project.planned_end,
            period,
            recipients.of(project.responsible_id),
        )


def agreement_items(day, recipients):
    """Agreements in force that expire within the horizon (or already have: the record
    then needs its status corrected). They go to the staff responsible for the projects
    implementing them, or to the Editors."""
    horizon = day + datetime.timedelta(days=settings.REMINDER_AGREEMENT_DAYS_AHEAD)
    agreements = Agreement.objects.filter(
        status=Agreement.Status.IN_FORCE, expires_on__isnull=False, expires_on__lte=horizon
    )
    responsible = responsible_staff_by_agreement(agreements)
    for agreement in agreements:
        yield DueItem(
            ReminderRule.AGREEMENT_EXPIRING,
            agreement,
            agreement.expires_on,
            agreement.expires_on,
            responsible.get(agreement.pk) or recipients.editors(),
        )


def responsible_staff_by_agreement(agreements):
    """{agreement id: (the staff responsible for a project implementing it)}, one query
    however many projects implement each agreement."""
    staff = get_user_model().objects.filter(
        is_active=True, email__gt="", responsible_for__agreements__in=agreements
    )
    rows = staff.annotate(agreement_id=F("responsible_for__agreements")).order_by("pk")
    found = {}
    for user in rows.distinct():
        found.setdefault(user.agreement_id, []).append(user)
    return {agreement_id: tuple(users) for agreement_id, users in found.items()}


def due_or_overdue(due_rule, overdue_rule, target, due_on, day, recipients, deadline=None):
    """Due: one reminder before the date. Overdue: one again every few days after the
    deadline (the end of the due period, for a date kept to the month or year)."""
    deadline = deadline or due_on
    if deadline >= day:
        return DueItem(due_rule, target, due_on, due_on, recipients)
    return DueItem(overdue_rule, target, due_on, repeat_period(deadline, day), recipients)


def repeat_period(due_on, day):
    """The first day of the repeat window the day falls in, counted from the day after
    the due date; a scan that missed a day still lands in the same window."""
    every = settings.REMINDER_REPEAT_OVERDUE_DAYS
    first = due_on + datetime.timedelta(days=1)
    return first + datetime.timedelta(days=(day - first).days // every * every)


class Recipients:
    """Who hears about a project, read once per scan: its responsible staff member while
    active with an e-mail address, or else the Editors group's active members who have one."""

    def __init__(self):
        self._editors = None
        self._staff = {}

    def load(self, rows):
        """The rows (each with a responsible_id), as a list, with the staff responsible for
        them read in one query."""
        rows = list(rows)
        wanted = {row.responsible_id for row in rows} - {None} - set(self._staff)
        if wanted:
            staff = get_user_model().objects.filter(pk__in=wanted, is_active=True, email__gt="")
            self._staff.update(staff.in_bulk())
        return rows

    def of(self, responsible_id):
        responsible = self._staff.get(responsible_id)
        return (responsible,) if responsible else self.editors()

    def editors(self):
        if self._editors is None:
            group, _ = Group.objects.get_or_create(name=settings.REMINDER_EDITORS_GROUP)
            members = group.user_set.filter(is_active=True, email__gt="").order_by("pk")
            self._editors = tuple(members)
        return self._editors


# --- the digests ----------------------------------------------------------------------


def deliver_digest(recipient_id, day):
    """Send the recipient one digest of all their unsent reminders, at most one a day.

    Returns how it went and the rows sent. Raises whatever sending raised (after giving
    the lease back) so the caller can retry.
    """
    if ReminderLog.objects.filter(recipient_id=recipient_id, sent_on=day).exists():
        return Delivery.ALREADY_TODAY, []
    token = uuid.uuid4()
    if not lease_unsent(recipient_id, token):
        unsent = ReminderLog.objects.filter(recipient_id=recipient_id, sent_at__isnull=True)
        return (Delivery.BUSY if unsent.exists() else Delivery.NOTHING_PENDING), []
    rows = leased_rows(token)
    if not rows:
        return Delivery.NOTHING_PENDING, []
    try:
        send_digest(rows[0].recipient, rows)
    except Exception as error:
        ReminderLog.objects.filter(lease_token=token).update(
            lease_token=None,
            lease_until=None,
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    ReminderLog.objects.filter(lease_token=token).update(
        sent_at=timezone.now(), sent_on=day, lease_token=None, lease_until=None, last_error=""
    )
    return Delivery.SENT, rows


def lease_unsent(recipient_id, token):
    """Take the recipient's unsent rows that nobody holds (or whose holder's lease ran
    out: it died mid-send). The update is atomic, so two senders never hold a row."""
    now = timezone.now()
    lease_until = now + datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    with transaction.atomic():
        return ReminderLog.objects.filter(
            free, recipient_id=recipient_id, sent_at__isnull=True
        ).update(lease_token=token, lease_until=lease_until)


def leased_rows(token):
    """The rows under the lease, with what they are about; rows whose object has since
    been deleted are dropped, there is nothing left to remind of."""
    rows = list(
        ReminderLog.objects.filter(lease_token=token)
        .select_related("recipient__staff_profile")
        .prefetch_related(
            GenericPrefetch(
                "content_object",
                [
                    Project.objects.all(),
                    Milestone.objects.select_related("project"),
                    Agreement.objects.all(),
                ],
            )
        )
    )
    orphans = [row.pk for row in rows if row.content_object is None]
    if orphans:
        ReminderLog.objects.filter(pk__in=orphans).delete()
    return [row for row in rows if row.content_object is not None]


def send_digest(recipient, rows):
    with translation.override(language_of(recipient)):
        items = sorted((DigestItem.from_log(row) for row in rows), key=DigestItem.sort_key)
        context = {"recipient": recipient, "items": items, "site_url": settings.SITE_URL}
        subject = ngettext("KRUZ: %(count)d reminder", "KRUZ: %(count)d reminders", len(items)) % {
            "count": len(items)
        }
        text = render_to_string("projects/email/reminder_digest.txt", context)
        html = render_to_string("projects/email/reminder_digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


def language_of(recipient):
    profile = getattr(recipient, "staff_profile", None)
    return profile.language if profile else settings.LANGUAGE_CODE


@dataclasses.dataclass(frozen=True)
class DigestItem:
    rule: str
    label: str
    title: str
    context: str
    due_on: datetime.date
    due: str
    url: str

    @classmethod
    def from_log(cls, row):
        target = row.content_object
        project = target.project if isinstance(target, Milestone) else None
        return cls(
            rule=row.rule,
            label=row.get_rule_display(),
            title=localized_title(target),
            context=gettext("project: %(title)s") % {"title": localized_title(project)}
            if project
            else "",
            due_on=row.due_on,
            due=rule_due_label(row.rule, target, row.due_on),
            url=admin_url(project or target),
        )

    def sort_key(self):
        return (RULE_ORDER.index(self.rule), self.due_on, self.title)


def rule_due_label(rule, target, due_on):
    """due_label, knowing that a report's due date is counted from the project's latest
    report or its start (Project.report_due_label)."""
    if rule in (ReminderRule.REPORT_DUE, ReminderRule.REPORT_OVERDUE):
        return target.report_due_label(due_on)
    return due_label(target, due_on)


def due_label(target, due_on):
    """The due date as precisely as the record knows it: "April 2027", not 1 April."""
    for name in ("due_on", "expires_on", "planned_end"):
        if getattr(target, name, None) == due_on:
            return format_partial_date(due_on, getattr(target, f"{name}_precision"))
    return format_partial_date(due_on, DatePrecision.DAY)


def localized_title(target):
    """The title in the active language where it has been translated (projects,
    milestones and agreements all keep title_ko, title_uz, title_ru)."""
    language = (translation.get_language() or "en")[:2]
    return getattr(target, f"title_{language}", "") or target.title


def admin_path(target):
    meta = target._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])


def admin_url(target):
    return f"{settings.SITE_URL}{admin_path(target)}"
