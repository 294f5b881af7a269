"""The indexes bench/ relies on still match the queries that need them (PostgreSQL).

A test table is small, so the planner would rather scan it whatever the indexes; with
sequential scans and sorts priced out (enable_seqscan, enable_sort off) it takes an
index whenever one can answer the query. A query that stops matching its index (a changed
order, search expression or condition) then shows a scan or a sort of the whole table
here, long before it shows at 100,000 projects in bench/RESULTS.md."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import reminders
from projects.admin import YearFilter
from projects.dashboard import reports_due
from projects.filters import ProjectFilterSet
from projects.models import Project
from tests.factories import MilestoneFactory, ProjectFactory, StatusReportFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are PostgreSQL's (DATABASE_URL)"
    ),
]

DAY = datetime.date(2025, 6, 2)


@pytest.fixture(autouse=True)
def record():
    for index in range(30):
        project = ProjectFactory(
            title=f"Hospital in Khiva #{index}", planned_end=DAY - datetime.timedelta(days=1)
        )
        StatusReportFactory(project=project, reported_on=DAY - datetime.timedelta(days=80))
        MilestoneFactory(project=project, due_on=DAY, done_on=None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def explain(recorded):
    """The plans of every query recorded by CaptureQueriesContext, as one text."""
    plans = []
    with connection.cursor() as cursor:
        for query in recorded.captured_queries:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n".join(plans)


def test_a_public_page_of_projects_reads_the_published_title_index():
    found = plan(Project.objects.published().order_by("title", "pk")[:20])

    assert "projects_project_published" in found
    assert "Seq Scan" not in found


def test_a_region_and_status_reads_the_region_index_with_no_distinct():
    filtered = ProjectFilterSet(
        {"region": "UZ-TK", "status": ["2"]}, queryset=Project.objects.published()
    ).qs
    found = plan(filtered.order_by("title", "pk")[:20])

    # On a test table where every project matches, the title index is as good a way in.
    assert "projects_project_in_region" in found or "projects_project_published" in found
    assert "Unique" not in found and "Aggregate" not in found


def test_the_bounded_count_reads_an_index_of_published_projects():
    found = plan(Project.objects.published().order_by().values("pk")[:10001])

    assert "projects_project_published" in found or "projects_project_in_region" in found
    assert "Seq Scan" not in found


def test_search_matches_in_the_text_index_first_then_orders_the_matches():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = on")  # the matches are few: sorting is right
    found = plan(Project.objects.published().search("Khiva").order_by("title", "pk")[:20])

    assert "InitPlan" in found
    assert "projects_project_search" in found
    # never a walk of the projects computing each one's text vector to test it
    assert "Filter: (to_tsvector" not in found


def test_the_reminder_scan_reads_what_is_due_off_its_indexes():
    with CaptureQueriesContext(connection) as recorded:
        due = reminders.find_due_items(DAY)
    found = explain(recorded)

    assert len(due) == 30 * 2  # each project's milestone and its planned end
    for index in ("projects_project_report_due", "projects_milestone_open"):
        assert index in found
    assert "projects_project_running" in found
    assert "Seq Scan on projects_project " not in found
    assert "Seq Scan on projects_milestone " not in found


def test_the_dashboards_reports_due_read_the_report_date_index():
    with CaptureQueriesContext(connection) as recorded:
        overdue, this_week = reports_due(DAY + datetime.timedelta(days=30))
    found = explain(recorded)

    assert len(overdue) == 10  # LIST_LENGTH of the thirty projects' reports
    assert "projects_project_report_due" in found
    assert "Seq Scan on projects_project " not in found


def test_the_admin_changelist_order_reads_the_title_index():
    found = plan(Project.objects.order_by("title", "-pk")[:100])

    assert "projects_project_title" in found
    assert "Seq Scan" not in found


def test_the_admin_year_filter_reads_the_span_indexes():
    with CaptureQueriesContext(connection) as recorded:
        years = YearFilter.lookups(None, None, None)
    found = explain(recorded)

    assert years
    assert "projects_project_starts" in found and "projects_project_ends" in found
    assert "Seq Scan" not in found
