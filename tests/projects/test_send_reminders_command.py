import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import ReminderLog
from tests.factories import MilestoneFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def send_reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def hospital():
    alice = UserFactory(username="alice")
    project = ProjectFactory(responsible=alice, title="Children's hospital")
    MilestoneFactory(project=project, title="Hand over the wards", due_on=datetime.date(2025, 6, 9))
    return project


def test_it_prints_what_it_would_send_and_changes_nothing_on_a_dry_run(hospital, mailoutbox):
    output = send_reminders("--dry-run", "--date", "2025-06-02")

    assert "Would send alice@example.org 2 reminder(s):" in output
    assert "milestone_due: Hand over the wards (due 2025-06-09)" in output
    assert "report_overdue: Children's hospital" in output
    assert mailoutbox == [] and not ReminderLog.objects.exists()


def test_it_sends_once_and_prints_what_it_sent(hospital, mailoutbox):
    output = send_reminders("--date", "2025-06-02")

    assert "Sent alice@example.org 2 reminder(s):" in output
    assert "milestone_due: Hand over the wards (due 2025-06-09)" in output
    assert len(mailoutbox) == 1
    assert send_reminders("--date", "2025-06-02") == "2025-06-02: nothing to send.\n"
    assert "nothing new to send" in send_reminders("--dry-run", "--date", "2025-06-02")
    assert len(mailoutbox) == 1


def test_it_scans_as_of_today_by_default(hospital, mailoutbox):
    send_reminders()

    assert ReminderLog.objects.filter(scanned_on=datetime.date.today()).count() >= 1


def test_it_rejects_a_malformed_date_clearly():
    with pytest.raises(CommandError, match="'2025-13-01' is not a date in the form YYYY-MM-DD"):
        send_reminders("--date", "2025-13-01")
