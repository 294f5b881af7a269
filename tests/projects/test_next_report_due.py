"""Project.next_report_due_on is stored so the daily scan reads what is due off an index;
every way a project or its reports change must keep it right."""

import datetime

import pytest
from django.core.management import call_command

from projects.models import Project, StatusReport
from tests.factories import ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 10)


def stored(project):
    return Project.objects.values_list("next_report_due_on", flat=True).get(pk=project.pk)


def days(number):
    return datetime.timedelta(days=number)


def test_a_new_project_counts_from_its_actual_start_else_its_planned_start():
    planned_only = ProjectFactory(planned_start=START, actual_start=None)
    started = ProjectFactory(planned_start=START, actual_start=START + days(5))
    undated = ProjectFactory(planned_start=None, actual_start=None)

    assert stored(planned_only) == START + days(90)
    assert stored(started) == START + days(95)
    assert stored(undated) is None


def test_saving_the_project_follows_its_interval_and_dates():
    project = ProjectFactory(planned_start=START, actual_start=None)

    project.reporting_interval_days = 30
    project.actual_start = START + days(1)
    project.save()

    assert stored(project) == START + days(31)


def test_a_report_moves_it_and_deleting_the_latest_moves_it_back():
    project = ProjectFactory(planned_start=START, actual_start=None, reporting_interval_days=30)
    StatusReportFactory(project=project, reported_on=START + days(20))
    latest = StatusReportFactory(project=project, reported_on=START + days(50))

    assert stored(project) == START + days(80)

    latest.delete()
    assert stored(project) == START + days(50)

    StatusReport.objects.filter(project=project).delete()  # a bulk delete, as the admin's
    assert stored(project) == START + days(30)


def test_moving_a_report_to_another_project_changes_both():
    first = ProjectFactory(planned_start=START, actual_start=None, reporting_interval_days=30)
    second = ProjectFactory(planned_start=START, actual_start=None, reporting_interval_days=30)
    report = StatusReportFactory(project=first, reported_on=START + days(40))

    report = StatusReport.objects.get(pk=report.pk)  # as the admin loads it
    report.project = second
    report.save()

    assert stored(first) == START + days(30)
    assert stored(second) == START + days(70)


def test_the_real_record_loaded_from_fixtures_has_it():
    call_command("load_record", verbosity=0)

    running = Project.objects.filter(status=Project.Status.IMPLEMENTATION)
    dated = running.exclude(actual_start=None, planned_start=None)
    assert dated.exists()
    assert not dated.filter(next_report_due_on=None).exists()
    for project in dated:
        start = project.actual_start or project.planned_start
        assert project.next_report_due_on == start + days(project.reporting_interval_days)


def test_history_leaves_the_derived_date_out():
    project = ProjectFactory(planned_start=START)

    assert not hasattr(project.history.first(), "next_report_due_on")
