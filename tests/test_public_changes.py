"""A change the public cannot see moves no public timestamp, ETag or ?updated_since=
entry, and makes no public event; what the public could never see leaves no trace."""

import pytest
from django.test import Client
from django.utils import timezone

from kruz.models import PublicEvent
from tests.factories import (
    FundingFactory,
    OrganizationFactory,
    ProjectFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def changed_since(moment):
    response = Client().get("/api/v1/projects/", {"updated_since": moment.isoformat()})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def hospital():
    return ProjectFactory(slug="hospital")


@pytest.mark.parametrize(
    "hidden_change",
    [
        lambda project: StatusReportFactory(project=project, is_internal=True),
        lambda project: StatusReportFactory(project=project, publication="draft"),
        lambda project: FundingFactory(
            project=project, funder=OrganizationFactory(publication="draft")
        ),
        lambda project: (
            setattr(project, "editorial_note", "Dates checked again.") or project.save()
        ),
        lambda project: setattr(project, "responsible", UserFactory()) or project.save(),
        lambda project: (
            setattr(project, "reminders_snoozed_until", timezone.localdate()) or project.save()
        ),
    ],
    ids=[
        "internal report",
        "draft report",
        "draft funder",
        "editorial note",
        "responsible person",
        "snooze",
    ],
)
def test_it_moves_nothing_public_for_a_change_the_public_cannot_see(hospital, hidden_change):
    page = Client().get("/en/projects/hospital/")
    detail = Client().get("/api/v1/projects/hospital/")
    moment = timezone.now()
    events = PublicEvent.objects.count()

    hidden_change(hospital)

    hospital.refresh_from_db()
    assert hospital.updated_at < moment
    assert changed_since(moment)["results"] == []
    assert PublicEvent.objects.count() == events
    again = Client().get("/api/v1/projects/hospital/", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert again.status_code == 304
    assert Client().get("/en/projects/hospital/").content == page.content


def test_it_moves_the_public_timestamp_for_a_public_report(hospital):
    moment = timezone.now()
    StatusReportFactory(project=hospital, is_internal=False)
    assert [row["slug"] for row in changed_since(moment)["results"]] == ["hospital"]
    assert PublicEvent.objects.filter(kind="changed", identifier="hospital").exists()


def test_it_never_names_a_deleted_draft_in_a_sync():
    moment = timezone.now()
    ProjectFactory(slug="abandoned-idea", publication="draft").delete()
    body = changed_since(moment)
    assert body["removed"] == []
    assert not PublicEvent.objects.filter(identifier="abandoned-idea").exists()


def test_it_reports_a_deleted_published_record_once(hospital):
    moment = timezone.now()
    hospital.delete()
    assert [gone["id"] for gone in changed_since(moment)["removed"]] == ["hospital"]


def test_it_announces_publication_and_unpublication_but_not_draft_edits():
    project = ProjectFactory(slug="plan", publication="draft")
    project.title = "Plan, revised"
    project.save()
    project.publish()
    project.unpublish()
    kinds = list(PublicEvent.objects.filter(identifier="plan").values_list("kind", flat=True))
    assert kinds == ["published", "unpublished"]
