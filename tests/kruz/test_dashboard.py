"""The staff dashboard on the admin index: overdue, due this week, recently changed,
awaiting publication — in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from kruz.records import Publication
from projects.models import ActivityStatus
from tests.factories import (
    MilestoneFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_it_shows_overdue_and_this_weeks_milestones(alice, client_for):
    MilestoneFactory(title="Hospital wing handed over", due_on=days(-3))
    MilestoneFactory(title="Equipment delivered", due_on=days(2))
    MilestoneFactory(title="Already done", due_on=days(-3), done_on=days(-4))
    MilestoneFactory(title="Next month", due_on=days(30))

    dashboard = client_for(alice).get(INDEX).context["dashboard"]

    assert [m.title for m in dashboard["milestones_overdue"]] == ["Hospital wing handed over"]
    assert [m.title for m in dashboard["milestones_this_week"]] == ["Equipment delivered"]


def test_it_shows_overdue_and_this_weeks_status_reports(alice, client_for):
    late = ProjectFactory(title="Late", reporting_interval_days=30)
    StatusReportFactory(project=late, reported_on=days(-40))
    soon = ProjectFactory(title="Soon", reporting_interval_days=30)
    StatusReportFactory(project=soon, reported_on=days(-27))
    ProjectFactory(title="Closed", status=ActivityStatus.CLOSED, actual_end=days(-400))

    dashboard = client_for(alice).get(INDEX).context["dashboard"]

    assert [due.title for due in dashboard["reports_overdue"]] == ["Late"]
    assert [due.title for due in dashboard["reports_this_week"]] == ["Soon"]


def test_it_shows_what_awaits_publication_and_what_changed(alice, client_for):
    ProjectFactory(title="Draft project", publication=Publication.DRAFT)
    StatusReportFactory(publication=Publication.DRAFT)

    page = client_for(alice).get(INDEX)

    waiting = {
        str(item["label"]): item["count"]
        for item in page.context["dashboard"]["awaiting_publication"]
    }
    assert waiting == {"projects": 1, "status reports": 1}
    changed = [item["label"] for item in page.context["dashboard"]["recently_changed"]]
    assert "Draft project" in changed
    assert "Today’s work" in page.content.decode()


def test_it_builds_the_dashboard_in_a_fixed_number_of_queries(alice, client_for):
    session = client_for(alice)

    def index_queries():
        with CaptureQueriesContext(connection) as queries:
            session.get(INDEX)
        return len(queries)

    MilestoneFactory(due_on=days(-1))
    StatusReportFactory(publication=Publication.DRAFT)
    few = index_queries()
    MilestoneFactory.create_batch(30, due_on=days(-1))
    MilestoneFactory.create_batch(30, due_on=days(1))
    StatusReportFactory.create_batch(30, publication=Publication.DRAFT)

    assert index_queries() == few


def test_it_keeps_the_dashboard_from_staff_without_a_role(client_for):
    ProjectFactory(title="Secret draft", publication=Publication.DRAFT)

    page = client_for(UserFactory(username="nobody")).get(INDEX)

    assert page.context.get("dashboard") is None
    assert "Secret draft" not in page.content.decode()


def test_it_counts_development_projects_the_iati_file_cannot_take_yet(alice, client_for):
    ready = ProjectFactory(title="Ready")
    ProjectSectorFactory(project=ready)
    ParticipatingOrganizationFactory(project=ready)
    ProjectFactory(title="Undated", planned_start=None)  # and no participant, no sector
    ProjectFactory(title="Investment", kind="investment")  # not development cooperation
    ProjectFactory(title="Draft", publication=Publication.DRAFT)  # not published

    page = client_for(alice).get(INDEX)

    waiting = page.context["dashboard"]["iati_waiting"]
    assert waiting["count"] == 1
    listed = client_for(alice).get(waiting["url"]).context["cl"].result_list
    assert [project.title for project in listed] == ["Undated"]
    assert "Development projects not yet in the IATI file" in page.content.decode()


def test_it_names_what_is_due_with_nobody_to_remind_and_how_to_fix_it(bob, client_for):
    """No responsible staff member and no Editor with an e-mail address: the scan would
    send nothing, so the dashboard says so, and what to do."""
    project = ProjectFactory(title="Aral Sea response")
    MilestoneFactory(project=project, title="Plant the saxaul", due_on=days(-3))

    page = client_for(bob).get(INDEX)

    nobody = page.context["dashboard"]["nobody_to_remind"]
    assert ("Plant the saxaul", "milestone_overdue") in {(n.title, n.item.rule) for n in nobody}
    html = page.content.decode()
    assert "reminders nobody will receive" in html
    assert "The project has no responsible staff member, and the Editors group" in html
    assert "Assign a responsible staff member (with an e-mail address) on the project" in html
    assert f'href="/admin/projects/project/{project.pk}/change/"' in html
    assert "Add staff to the Editors group" in html


def test_it_names_nothing_when_every_reminder_reaches_someone(bob, client_for):
    project = ProjectFactory(title="Aral Sea response", responsible=bob)
    MilestoneFactory(project=project, title="Plant the saxaul", due_on=days(-3))

    page = client_for(bob).get(INDEX)

    assert page.context["dashboard"]["nobody_to_remind"] == []
    assert "nobody will receive" not in page.content.decode()


def test_it_names_the_unreachable_in_a_fixed_number_of_queries(bob, client_for):
    session = client_for(bob)

    def index_queries():
        with CaptureQueriesContext(connection) as queries:
            session.get(INDEX)
        return len(queries)

    mute = UserFactory(username="mute", email="")  # responsible, but cannot receive
    MilestoneFactory(due_on=days(-1))
    ProjectFactory(responsible=mute)
    few = index_queries()
    MilestoneFactory.create_batch(20, due_on=days(-1))
    ProjectFactory.create_batch(10, responsible=mute)

    assert index_queries() == few


def test_it_never_invents_the_day_a_report_counted_from_a_year_falls_due(alice, client_for):
    """Counted from a start known only to the year (2009), a report's due day would be
    invented ("April 1, 2009"): the dashboard says how it is counted instead; counted from
    a report's day, it gives the day."""
    ProjectFactory(
        title="Navoiy",
        planned_start=datetime.date(2009, 1, 1),
        planned_start_precision="year",
        actual_start=None,
        reporting_interval_days=90,
    )
    dated = ProjectFactory(title="Dated", reporting_interval_days=30)
    StatusReportFactory(project=dated, reported_on=days(-40))

    page = client_for(alice).get(INDEX)

    html = page.content.decode()
    assert "due 90 days after the start (2009)" in html
    assert "April 1, 2009" not in html
    dated_due = next(d for d in page.context["dashboard"]["reports_overdue"] if d.title == "Dated")
    assert dated_due.due == formats.date_format(days(-10), "DATE_FORMAT")
