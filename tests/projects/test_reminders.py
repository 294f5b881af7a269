"""What the daily scan finds, who hears of it, and what the digest says."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from diplomacy.models import Agreement
from kruz.models import StaffProfile
from projects.models import Project, ReminderLog, ReminderRule
from projects.reminders import find_due_items
from projects.tasks import scan_reminders
from tests.factories import (
    AgreementFactory,
    MilestoneFactory,
    ProjectFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


def days(number):
    return datetime.timedelta(days=number)


def quiet_project(**fields):
    """A project in implementation with nothing due on DAY: reported ten days ago,
    ending next year."""
    project = ProjectFactory(planned_end=datetime.date(2026, 12, 31), **fields)
    StatusReportFactory(project=project, reported_on=DAY - days(10))
    return project


def found(day=DAY):
    return {(item.rule, item.target.pk, item.due_on, item.period) for item in find_due_items(day)}


def scan(day=DAY, capture=None):
    with capture(execute=True):
        scan_reminders.delay(day.isoformat())


@pytest.fixture
def alice():
    return UserFactory(username="alice", first_name="Alice")


@pytest.fixture
def capture(django_capture_on_commit_callbacks, eager_celery, mailoutbox):
    return django_capture_on_commit_callbacks


def test_it_finds_a_report_due_within_a_week_of_the_latest_report_plus_interval(alice):
    project = ProjectFactory(responsible=alice, reporting_interval_days=30)
    StatusReportFactory(project=project, reported_on=DAY - days(40))
    StatusReportFactory(project=project, reported_on=DAY - days(25))

    assert found() == {(ReminderRule.REPORT_DUE, project.pk, DAY + days(5), DAY + days(5))}


def test_it_counts_the_first_report_from_the_start_of_the_project(alice):
    project = ProjectFactory(
        responsible=alice, planned_start=DAY - days(100), actual_start=DAY - days(85)
    )

    assert found() == {(ReminderRule.REPORT_DUE, project.pk, DAY + days(5), DAY + days(5))}


def test_it_repeats_an_overdue_report_weekly_not_daily(alice):
    project = ProjectFactory(responsible=alice, reporting_interval_days=30)
    StatusReportFactory(project=project, reported_on=DAY - days(33))
    due_on = DAY - days(3)
    week_start = due_on + days(1)

    assert found() == {(ReminderRule.REPORT_OVERDUE, project.pk, due_on, week_start)}
    assert found(DAY + days(4)) == found()
    assert found(DAY + days(5)) == {
        (ReminderRule.REPORT_OVERDUE, project.pk, due_on, week_start + days(7))
    }


def test_it_finds_milestones_due_within_14_days_and_overdue_but_not_done_or_later(alice):
    project = quiet_project(responsible=alice)
    soon = MilestoneFactory(project=project, due_on=DAY + days(14))
    late = MilestoneFactory(project=project, due_on=DAY - days(1))
    MilestoneFactory(project=project, due_on=DAY + days(15))
    MilestoneFactory(project=project, due_on=DAY - days(5), done_on=DAY - days(6))

    assert found() == {
        (ReminderRule.MILESTONE_DUE, soon.pk, soon.due_on, soon.due_on),
        (ReminderRule.MILESTONE_OVERDUE, late.pk, late.due_on, DAY),
    }


def test_it_finds_projects_past_their_planned_end_still_in_implementation(alice):
    project = quiet_project(responsible=alice)
    Project.objects.filter(pk=project.pk).update(planned_end=DAY - days(1))
    finished = quiet_project(status=Project.Status.FINALISATION, actual_end=DAY - days(1))
    Project.objects.filter(pk=finished.pk).update(planned_end=DAY - days(30))

    assert found() == {(ReminderRule.PROJECT_PAST_END, project.pk, DAY - days(1), DAY)}


def test_it_finds_agreements_in_force_expiring_within_90_days(alice):
    expiring = AgreementFactory(status=Agreement.Status.IN_FORCE, expires_on=DAY + days(90))
    AgreementFactory(status=Agreement.Status.IN_FORCE, expires_on=DAY + days(91))
    AgreementFactory(status=Agreement.Status.SIGNED, expires_on=DAY + days(10))
    AgreementFactory(status=Agreement.Status.IN_FORCE, expires_on=None)

    assert found() == {
        (ReminderRule.AGREEMENT_EXPIRING, expiring.pk, expiring.expires_on, expiring.expires_on)
    }


def test_it_reads_the_thresholds_from_settings(alice, settings):
    project = quiet_project(responsible=alice)
    milestone = MilestoneFactory(project=project, due_on=DAY + days(20))
    assert found() == set()

    settings.REMINDER_MILESTONE_DAYS_AHEAD = 30

    assert found() == {
        (ReminderRule.MILESTONE_DUE, milestone.pk, milestone.due_on, milestone.due_on)
    }


def test_it_skips_projects_not_in_implementation_or_snoozed(alice):
    ProjectFactory(responsible=alice, status=Project.Status.PIPELINE)
    snoozed = ProjectFactory(responsible=alice, reminders_snoozed_until=DAY)
    MilestoneFactory(project=snoozed, due_on=DAY)
    snooze_over = ProjectFactory(responsible=alice, reminders_snoozed_until=DAY - days(1))

    assert {item.target for item in find_due_items(DAY)} == {snooze_over}


def test_it_sends_to_the_editors_when_a_project_has_no_responsible(capture):
    Group.objects.filter(name="Editors").delete()
    ProjectFactory(responsible=None)
    assert find_due_items(DAY)[0].recipients == ()
    bob, charlie = UserFactory(username="bob"), UserFactory(username="charlie")
    editors = Group.objects.get(name="Editors")
    editors.user_set.add(bob, charlie)
    UserFactory(username="dave", is_active=False).groups.add(editors)

    scan(capture=capture)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "bob@example.org",
        "charlie@example.org",
    ]


def test_it_sends_one_digest_per_recipient_listing_every_item_with_admin_links(
    alice, capture, settings
):
    settings.SITE_URL = "https://kruz.example.uz"
    project = ProjectFactory(responsible=alice, title="Children's hospital")
    milestone = MilestoneFactory(project=project, title="Hand over the wards", due_on=DAY)
    agreement = AgreementFactory(
        status=Agreement.Status.IN_FORCE, expires_on=DAY + days(30), title="EDCF loan"
    )
    agreement.projects.add(project)
    other_project = ProjectFactory(responsible=UserFactory(username="bob"))

    scan(capture=capture)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    digest = next(message for message in mail.outbox if message.to == ["alice@example.org"])
    html = digest.alternatives[0].content
    assert digest.subject == "KRUZ: 3 reminders"
    assert "Status report overdue: Children's hospital" in digest.body
    assert f'<a href="https://kruz.example.uz/admin/projects/project/{project.pk}/change/">' in html
    for text in (digest.body, html):
        assert "Status report overdue" in text and "Children&#x27;s hospital" in text.replace(
            "Children's", "Children&#x27;s"
        )
        assert "Milestone due soon" in text and "Hand over the wards" in text
        assert "Agreement expiring" in text and "EDCF loan" in text
        assert f"https://kruz.example.uz/admin/projects/project/{project.pk}/change/" in text
        assert f"https://kruz.example.uz/admin/diplomacy/agreement/{agreement.pk}/change/" in text
    assert digest.alternatives[0].mimetype == "text/html"
    assert milestone.title not in mail.outbox[1].body
    assert other_project.title not in digest.body


def test_it_writes_the_digest_in_the_recipients_language(alice, capture):
    StaffProfile.objects.create(user=alice, language="ko")
    ProjectFactory(responsible=alice, title="Children's hospital", title_ko="어린이 병원")
    MilestoneFactory(project=quiet_project(responsible=alice), due_on=datetime.date(2025, 6, 12))

    scan(capture=capture)

    (digest,) = mail.outbox
    assert "어린이 병원" in digest.body
    assert "2025년 6월 12일" in digest.body
    assert '<html lang="ko">' in digest.alternatives[0].content


def test_it_logs_each_reminder_as_sent(alice, capture):
    project = ProjectFactory(responsible=alice)

    scan(capture=capture)

    (log,) = ReminderLog.objects.all()
    assert (log.rule, log.content_object, log.recipient, log.scanned_on) == (
        ReminderRule.REPORT_OVERDUE,
        project,
        alice,
        DAY,
    )
    assert log.sent_at is not None and log.lease_token is None


def test_it_sends_one_digest_a_day_and_keeps_later_finds_for_the_next(alice, capture):
    project = quiet_project(responsible=alice)
    MilestoneFactory(project=project, due_on=DAY + days(3))
    scan(capture=capture)

    MilestoneFactory(project=project, title="Added at noon", due_on=DAY + days(5))
    scan(capture=capture)
    assert len(mail.outbox) == 1

    scan(DAY + days(1), capture=capture)
    assert len(mail.outbox) == 2
    assert "Added at noon" in mail.outbox[1].body
    assert not ReminderLog.objects.filter(sent_at__isnull=True).exists()


def test_it_counts_a_month_precise_milestone_as_due_until_its_month_ends(alice, capture):
    project = quiet_project(responsible=alice)
    milestone = MilestoneFactory(
        project=project,
        title="Operations begin",
        due_on=datetime.date(2025, 6, 1),
        due_on_precision="month",
    )

    assert (ReminderRule.MILESTONE_DUE, milestone.pk) in {
        (rule, pk) for rule, pk, *_ in found(datetime.date(2025, 6, 20))
    }
    assert (ReminderRule.MILESTONE_OVERDUE, milestone.pk) in {
        (rule, pk) for rule, pk, *_ in found(datetime.date(2025, 7, 1))
    }
    scan(datetime.date(2025, 6, 20), capture)
    (digest,) = mail.outbox
    assert "June 2025" in digest.body
    assert "June 1, 2025" not in digest.body
