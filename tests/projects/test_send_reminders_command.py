import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from kruz.records import DatePrecision
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
    assert "milestone_due: Hand over the wards (due June 9, 2025)" in output
    assert "report_overdue: Children's hospital" in output
    assert mailoutbox == [] and not ReminderLog.objects.exists()


def test_it_sends_once_and_prints_what_it_sent(hospital, mailoutbox):
    output = send_reminders("--date", "2025-06-02")

    assert "Sent alice@example.org 2 reminder(s):" in output
    assert "milestone_due: Hand over the wards (due June 9, 2025)" in output
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


def test_it_shows_a_due_date_known_to_the_year_as_its_year(hospital):
    MilestoneFactory(
        project=hospital,
        title="Open the second wing",
        due_on=datetime.date(2025, 1, 1),
        due_on_precision=DatePrecision.YEAR,
    )

    output = send_reminders("--dry-run", "--date", "2026-03-02")

    assert "milestone_overdue: Open the second wing (due 2025)" in output


@pytest.fixture
def editors():
    return Group.objects.get_or_create(name="Editors")[0]


@pytest.fixture
def nobody_responsible():
    """As after the README's set-up before the fix: no responsible person, no Editor."""
    project = ProjectFactory(title="Aral Sea response")
    MilestoneFactory(project=project, title="Plant the saxaul", due_on=datetime.date(2025, 6, 9))
    return project


@pytest.mark.parametrize("dry_run", [["--dry-run"], []])
def test_it_names_what_is_due_with_nobody_to_receive_it_and_how_to_fix_it(
    nobody_responsible, dry_run, settings
):
    settings.SITE_URL = "https://kruz.example.uz"

    output = send_reminders(*dry_run, "--date", "2025-06-02")

    assert "2 item(s) due with nobody to receive a reminder:" in output
    assert "Milestone due soon: Plant the saxaul (due June 9, 2025)" in output
    assert "Status report overdue: Aral Sea response" in output
    assert "The project has no responsible staff member, and the Editors group" in output
    assert "Assign a responsible staff member (with an e-mail address) on the project" in output
    project_page = f"https://kruz.example.uz/admin/projects/project/{nobody_responsible.pk}/change/"
    assert project_page in output
    assert "Editors group: https://kruz.example.uz/admin/auth/group/" in output


def test_it_says_why_when_the_responsible_person_cannot_receive_mail(nobody_responsible):
    nobody_responsible.responsible = UserFactory(username="mute", email="")
    nobody_responsible.save()

    output = send_reminders("--dry-run", "--date", "2025-06-02")

    assert "Its responsible staff member is inactive or has no e-mail address" in output


def test_it_names_nothing_unreachable_once_an_editor_can_receive(nobody_responsible, editors):
    editors.user_set.add(UserFactory(username="erin"))

    output = send_reminders("--dry-run", "--date", "2025-06-02")

    assert "Would send erin@example.org 2 reminder(s):" in output
    assert "nobody to receive" not in output
