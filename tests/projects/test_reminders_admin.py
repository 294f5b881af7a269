import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from projects.models import Project, ReminderLog
from projects.reminders import claim_reminders
from tests.factories import ProjectFactory, UserFactory
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


@pytest.fixture
def admin_client_as_alice(client):
    alice = UserFactory(username="alice", is_superuser=True)
    verified_login(client, alice)
    return client


@pytest.fixture
def logged(db):
    ProjectFactory(responsible=UserFactory(username="bob"))
    claim_reminders(DAY)
    return ReminderLog.objects.get()


def test_it_lists_the_log_filtered_by_rule_recipient_and_date(admin_client_as_alice, logged):
    url = reverse("admin:projects_reminderlog_changelist")
    query = {
        "rule__exact": logged.rule,
        "recipient__id__exact": logged.recipient_id,
        "scanned_on__gte": "2025-06-01",
        "scanned_on__lt": "2025-06-03",
    }

    response = admin_client_as_alice.get(url, query)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = admin_client_as_alice.get(url, {"rule__exact": "milestone_due"})
    assert response.context["cl"].result_count == 0


def test_it_keeps_the_log_read_only(admin_client_as_alice, logged):
    change_url = reverse("admin:projects_reminderlog_change", args=[logged.pk])

    assert admin_client_as_alice.get(reverse("admin:projects_reminderlog_add")).status_code == 403
    response = admin_client_as_alice.post(change_url, {"rule": "milestone_due"})
    assert response.status_code == 403
    delete_url = reverse("admin:projects_reminderlog_delete", args=[logged.pk])
    assert admin_client_as_alice.post(delete_url, {"post": "yes"}).status_code == 403
    logged.refresh_from_db()
    assert logged.rule == "report_overdue"


def test_it_lets_staff_with_the_permission_snooze_a_project(client):
    charlie = UserFactory(username="charlie")
    charlie.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_project", "change_project"])
    )
    project = ProjectFactory()
    verified_login(client, charlie)

    response = client.post(
        reverse("admin:projects_project_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(project.pk),
            "form-0-reminders_snoozed_until": "2025-07-01",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.reminders_snoozed_until == datetime.date(2025, 7, 1)
    assert Project.objects.remindable(datetime.date(2025, 7, 1)).count() == 0
    assert Project.objects.remindable(datetime.date(2025, 7, 2)).get() == project


def test_it_refuses_snoozing_to_staff_without_the_permission(client):
    verified_login(client, UserFactory(username="dave"))

    response = client.get(reverse("admin:projects_project_changelist"))

    assert response.status_code == 403
