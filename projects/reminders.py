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
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from diplomacy.models import Agreement
from kruz.records import DatePrecision, format_partial_date, period_passed
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
    editors = Editors()
    return [
        *report_items(day, editors),
        *milestone_items(day, editors),
        *past_end_items(day, editors),
        *agreement_items(day, editors),
    ]


def claim_reminders(day):
    """Log every due item for each recipient (at most once, by the unique constraint),
    commit, and return the ids of the recipients with reminders still to send."""
    rows = [row for item in find_due_items(day) for row in item.log_rows(day)]
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


def report_items(day, editors):
    horizon = day + datetime.timedelta(days=settings.REMINDER_REPORT_DAYS_AHEAD)
    projects = (
        Project.objects.remindable(day)
        .with_next_report_due_on()
        .filter(next_report_due_on__lte=horizon)
        .select_related("responsible")
    )
    for project in projects:
        due_on = project.next_report_due_on
        yield due_or_overdue(
            ReminderRule.REPORT_DUE, ReminderRule.REPORT_OVERDUE, project, due_on, day, editors
        )


def milestone_items(day, editors):
    horizon = day + datetime.timedelta(days=settings.REMINDER_MILESTONE_DAYS_AHEAD)
    milestones = Milestone.objects.filter(
        done_on__isnull=True,
        due_on__lte=horizon,
        project__in=Project.objects.remindable(day),
    ).select_related("project__responsible")
    for milestone in milestones:
        recipients = recipients_of(milestone.project, editors)
        yield due_or_overdue(
            ReminderRule.MILESTONE_DUE,
            ReminderRule.MILESTONE_OVERDUE,
            milestone,
            milestone.due_on,
            day,
            editors,
            recipients,
            deadline=milestone.deadline,
        )


def past_end_items(day, editors):
    projects = (
        Project.objects.remindable(day)
        .filter(period_passed("planned_end", day))
        .select_related("responsible")
    )
    for project in projects:
        period = repeat_period(project.planned_end, day)
        recipients = recipients_of(project, editors)
        yield DueItem(
            ReminderRule.PROJECT_PAST_END, project, project.planned_end, period, recipients
        )


def agreement_items(day, editors):
    """Agreements in force that expire within the horizon (or already have: the record
    then needs its status corrected). They go to the staff responsible for the projects
    implementing them, or to the Editors."""
    horizon = day + datetime.timedelta(days=settings.REMINDER_AGREEMENT_DAYS_AHEAD)
    with_responsible = Project.objects.filter(
        responsible__is_active=True, responsible__email__gt=""
    ).select_related("responsible")
    agreements = Agreement.objects.filter(
        status=Agreement.Status.IN_FORCE, expires_on__isnull=False, expires_on__lte=horizon
    ).prefetch_related(Prefetch("projects", with_responsible, to_attr="responsible_projects"))
    for agreement in agreements:
        people = {project.responsible for project in agreement.responsible_projects}
        recipients = tuple(sorted(people, key=lambda user: user.pk)) or editors.users()
        yield DueItem(
            ReminderRule.AGREEMENT_EXPIRING,
            agreement,
            agreement.expires_on,
            agreement.expires_on,
            recipients,
        )


def due_or_overdue(
    due_rule, overdue_rule, target, due_on, day, editors, recipients=None, deadline=None
):
    """Due: one reminder before the date. Overdue: one again every few days after the
    deadline (the end of the due period, for a date kept to the month or year)."""
    recipients = recipients or recipients_of(target, editors)
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


def recipients_of(project, editors):
    responsible = project.responsible
    if responsible and responsible.is_active and responsible.email:
        return (responsible,)
    return editors.users()


class Editors:
    """The Editors group's active members with an e-mail address, read once per scan."""

    def __init__(self):
        self._users = None

    def users(self):
        if self._users is None:
            group, _ = Group.objects.get_or_create(name=settings.REMINDER_EDITORS_GROUP)
            members = group.user_set.filter(is_active=True, email__gt="").order_by("pk")
            self._users = tuple(members)
        return self._users


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
            due=due_label(target, row.due_on),
            url=admin_url(project or target),
        )

    def sort_key(self):
        return (RULE_ORDER.index(self.rule), self.due_on, self.title)


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


def admin_url(target):
    meta = target._meta
    path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
    return f"{settings.SITE_URL}{path}"
