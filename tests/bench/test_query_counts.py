"""Every path bench/ measures answers in a fixed number of queries: the same for 5 and
for 50 projects, and for a small and a large page. A new per-row query fails here long
before it shows in bench/RESULTS.md."""

import datetime
import math
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.paths import cursor_to_last_page
from projects import reminders, tasks
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
    UserFactory,
)
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)

# Inside a test's transaction every API request also opens and releases a savepoint
# (api.views.AtomicWritesOnly): two statements on top of what the path itself runs.
# Public pages read outside any transaction (kruz.views.public_page).
SAVEPOINT = 2

# path (with {page_size}) -> (queries cold, queries warm); the comments say what they are.
# Cold, the page's records are read with what they show; warm, their representations
# come from the cache, keyed by what the page's own query reads.
LISTS = {
    # count (bounded), page; cold also the page's projects and their sector codes
    "/api/v1/projects/?page_size={page_size}": (4 + SAVEPOINT, 2 + SAVEPOINT),
    "/api/v1/projects/?region=UZ-TK&status=2&page_size={page_size}": (4 + SAVEPOINT, 2 + SAVEPOINT),
    "/api/v1/projects/?q=Khiva&page_size={page_size}": (4 + SAVEPOINT, 2 + SAVEPOINT),
    # page (no count in a cursor walk); cold also the projects and their sector codes
    "/api/v1/projects/?cursor=&page_size={page_size}": (3 + SAVEPOINT, 1 + SAVEPOINT),
}


def add_projects(start, count):
    """`count` published projects in Tashkent, in implementation, each with two funders,
    a sector share, milestones, reports, an agreement and an engagement; every fifth is
    in Khiva."""
    for index in range(start, start + count):
        place = "Khiva" if index % 5 == 0 else "Tashkent"
        project = ProjectFactory(
            slug=f"bench-{index}", title=f"Hospital in {place} #{index}", region="UZ-TK"
        )
        FundingFactory.create_batch(2, project=project)
        ProjectSectorFactory(project=project)
        MilestoneFactory.create_batch(2, project=project, done_on=DAY)
        StatusReportFactory(project=project, reported_on=DAY - datetime.timedelta(days=10))
        project.agreements.add(AgreementFactory())
        project.engagements.add(EngagementFactory())


def queries_for(client, path, cold=True, **headers):
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code in (200, 304), response.content[:300]
    return len(queries)


@pytest.mark.parametrize("path", LISTS)
def test_it_lists_in_the_same_queries_at_every_page_size_and_data_size(client, path):
    add_projects(0, 5)
    few = queries_for(client, path.format(page_size=2))
    add_projects(5, 45)
    assert queries_for(client, path.format(page_size=40)) == few == LISTS[path][0]
    warm = queries_for(client, path.format(page_size=40), cold=False)
    assert warm == LISTS[path][1]


def test_it_reaches_the_deepest_cursor_page_in_the_same_queries(client):
    add_projects(0, 5)
    few = queries_for(client, f"/api/v1/projects/?{cursor_to_last_page(2)}")
    add_projects(5, 45)
    assert (
        queries_for(client, f"/api/v1/projects/?{cursor_to_last_page(20)}") == few == 3 + SAVEPOINT
    )


def test_it_reaches_the_deepest_numbered_page_in_the_same_queries(client):
    add_projects(0, 5)
    few = queries_for(client, "/api/v1/projects/?page_size=2&page=3")
    add_projects(5, 45)
    assert queries_for(client, "/api/v1/projects/?page_size=20&page=3") == few == 4 + SAVEPOINT


def test_it_revalidates_in_the_same_queries_as_the_list(client):
    add_projects(0, 5)
    path = "/api/v1/projects/?page_size=2"
    etag = client.get(path)["ETag"]
    assert queries_for(client, path, cold=False, HTTP_IF_NONE_MATCH=etag) == 2 + SAVEPOINT
    add_projects(5, 45)
    path = "/api/v1/projects/?page_size=40"
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert queries_for(client, path, cold=False, HTTP_IF_NONE_MATCH=etag) == 2 + SAVEPOINT


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # its cache key, the project, then one query per public part (sectors with their
        # names, funding, participants, milestones, public reports, agreements, engagements,
        # sources, citations)
        ("/api/v1/projects/bench-0/", 11 + SAVEPOINT),
        # the same and the public change log; a public page reads outside a transaction
        ("/en/projects/bench-0/", 12),
    ],
)
def test_it_shows_a_project_in_the_same_queries_however_many_rows_it_has(client, path, expected):
    add_projects(0, 5)
    few = queries_for(client, path)
    project_rows = ProjectFactory._meta.model.objects.get(slug="bench-0")
    FundingFactory.create_batch(5, project=project_rows)
    MilestoneFactory.create_batch(5, project=project_rows, done_on=DAY)
    project_rows.agreements.add(*AgreementFactory.create_batch(3))
    assert queries_for(client, path) == few == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/api/v1/projects/bench-0/", 1 + SAVEPOINT), ("/en/projects/bench-0/", 1)],
)
def test_it_shows_a_warm_project_from_its_cache_key_alone(client, path, expected):
    """Warm, a detail reads only the record's cache key (its id, version and public
    digest): no part, no related record."""
    add_projects(0, 5)
    queries_for(client, path)
    assert queries_for(client, path, cold=False) == expected


def test_it_shows_the_public_list_in_the_same_queries(client):
    add_projects(0, 5)
    few = queries_for(client, "/en/projects/")
    add_projects(5, 45)
    assert queries_for(client, "/en/projects/?page=2") == few


def test_it_shows_the_admin_changelist_in_the_same_queries(client):
    verified_login(client, UserFactory(username="alice", is_staff=True, is_superuser=True))
    add_projects(0, 5)
    few = queries_for(client, "/admin/projects/project/")
    add_projects(5, 45)
    assert queries_for(client, "/admin/projects/project/") == few


def test_it_finds_due_items_in_the_same_queries_for_50_projects_as_for_5():
    alice = UserFactory(username="alice", email="alice@kruz.test")
    MilestoneFactory(project=ProjectFactory(responsible=alice), due_on=DAY)
    add_projects(0, 5)
    reminders.find_due_items(DAY)  # creates the Editors group once
    with CaptureQueriesContext(connection) as few:
        due = len(reminders.find_due_items(DAY))
    add_projects(5, 45)  # reported recently, milestones done: nothing more is due
    with CaptureQueriesContext(connection) as many:
        assert len(reminders.find_due_items(DAY)) == due
    assert len(many) == len(few)


def test_it_enqueues_digests_in_batches_not_one_task_per_project(
    settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_RECIPIENTS_PER_TASK = 20
    for index in range(45):
        bob = UserFactory(username=f"bob-{index}", email=f"bob{index}@kruz.test")
        MilestoneFactory(project=ProjectFactory(responsible=bob), due_on=DAY)
    enqueued = []
    with mock.patch.object(
        tasks.send_digests, "delay", side_effect=lambda *args: enqueued.append(args)
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.scan_reminders(DAY.isoformat()) == 45
    assert len(enqueued) == math.ceil(45 / 20)
    assert sorted(len(batch) for batch, _day in enqueued) == [5, 20, 20]
