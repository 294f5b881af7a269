"""The scan's cost grows with what is due, not with the number of projects."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.reminders import claim_reminders
from tests.factories import MilestoneFactory, ProjectFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


def add_quiet_projects(count):
    """Projects in implementation with a recent report: nothing about them is due."""
    for project in ProjectFactory.create_batch(count):
        StatusReportFactory(project=project, reported_on=DAY - datetime.timedelta(days=10))


def scan_queries():
    with CaptureQueriesContext(connection) as queries:
        claim_reminders(DAY)
    return len(queries)


def test_it_runs_the_same_queries_for_200_projects_as_for_5_when_few_are_due():
    alice = UserFactory(username="alice")
    MilestoneFactory(project=ProjectFactory(responsible=alice), due_on=DAY)
    ProjectFactory(responsible=None)
    add_quiet_projects(5)
    claim_reminders(DAY)  # the first scan also creates the Editors group and caches types
    few = scan_queries()

    add_quiet_projects(195)
    assert scan_queries() == few
    # reports due, the staff responsible (read once for every rule), the Editors (group,
    # members), milestones, past end, agreements (+ their projects' staff), the insert
    # (savepoint, insert, release), the recipients still to send to.
    assert few == 12
