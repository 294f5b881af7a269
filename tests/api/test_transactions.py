"""Reads run outside a transaction (no BEGIN and COMMIT per GET); writes stay atomic.
These tests commit for real, as production does, instead of inside a test transaction."""

from unittest import mock

import pytest
from django.db import connection

from projects.api import ProjectViewSet
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def transaction_states(client_call):
    """(method, whether a transaction was open) each time the view read its records."""
    states = []
    original = ProjectViewSet.get_queryset

    def spy(view):
        states.append((view.request.method, connection.in_atomic_block))
        return original(view)

    with mock.patch.object(ProjectViewSet, "get_queryset", spy):
        client_call()
    return states


def test_it_reads_a_list_and_a_detail_outside_a_transaction(anonymous):
    project = ProjectFactory()
    assert transaction_states(lambda: anonymous.get("/api/v1/projects/")) == [("GET", False)]
    assert transaction_states(lambda: anonymous.get(f"/api/v1/projects/{project.slug}/")) == [
        ("GET", False)
    ]


def test_it_writes_inside_a_transaction(alice):
    project = ProjectFactory()
    path = f"/api/v1/projects/{project.slug}/"
    states = transaction_states(lambda: alice.patch(path, {"title": "New", "version": 1}))
    assert states and set(states) == {("PATCH", True)}


def test_it_still_refuses_a_stale_update_with_409_and_keeps_the_newer_one(alice):
    project = ProjectFactory(title="Hospital")
    project.title = "Children's hospital"
    project.save()
    response = alice.patch(f"/api/v1/projects/{project.slug}/", {"title": "Old", "version": 1})
    assert response.status_code == 409
    project.refresh_from_db()
    assert (project.title, project.version) == ("Children's hospital", 2)
