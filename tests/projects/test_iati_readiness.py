"""Whether the IATI file holds a project, and what it still needs: one answer
(Project.iati_gaps), shown to staff in the admin and to token holders who may change it."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Project
from tests.api.conftest import grant, token_client
from tests.factories import (
    FundingFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    UserFactory,
)
from tests.kruz.conftest import staff_member

pytestmark = pytest.mark.django_db


def read(project):
    return Project.objects.with_iati_parts().get(pk=project.pk)


@pytest.fixture
def ready():
    project = ProjectFactory(slug="ready", title="Ready")
    ProjectSectorFactory(project=project)
    ParticipatingOrganizationFactory(project=project)
    return project


@pytest.fixture
def undated():
    return ProjectFactory(slug="undated", title="Undated", planned_start=None)


def test_a_project_with_a_start_a_participant_and_a_sector_has_no_gaps(ready):
    assert read(ready).iati_gaps() == []


def test_it_names_each_missing_piece(undated):
    assert read(undated).iati_gaps() == [
        "a start date, planned or actual",
        "a participating organisation or a funder",
        "a DAC sector",
    ]


def test_a_funder_counts_as_a_participant_but_an_unpublished_one_does_not(undated):
    undated.planned_start = datetime.date(2020, 1, 1)
    undated.save()
    ProjectSectorFactory(project=undated)
    hidden = FundingFactory(project=undated, funder=OrganizationFactory(publication="draft"))
    assert read(undated).iati_gaps() == ["a participating organisation or a funder"]
    hidden.funder.publish()
    assert read(undated).iati_gaps() == []


def test_shares_not_adding_up_to_100_are_a_gap(ready):
    ready.sector_shares.update(percentage=60)
    assert read(ready).iati_gaps() == ["sector shares adding up to 100"]


def test_the_database_gives_the_same_answer(ready, undated):
    draft = ProjectFactory(slug="draft", publication="draft")
    ProjectSectorFactory(project=draft)
    ParticipatingOrganizationFactory(project=draft)
    shares_off = ProjectFactory(slug="shares-off")
    ProjectSectorFactory(project=shares_off, percentage=50)
    FundingFactory(project=shares_off)
    future = ProjectFactory(slug="future", actual_start=datetime.date(2999, 1, 1))
    ProjectSectorFactory(project=future)
    ParticipatingOrganizationFactory(project=future)
    by_python = {p.slug for p in Project.objects.with_iati_parts() if not p.iati_gaps()}
    by_database = set(Project.objects.iati_ready().values_list("slug", flat=True))
    assert by_python == by_database == {"ready"}
    assert set(Project.objects.iati_not_ready().values_list("slug", flat=True)) == {
        "undated",
        "draft",
        "shares-off",
        "future",
    }


def test_the_admin_shows_readiness_on_the_change_page_and_in_the_list(client, undated, ready):
    from tests.logins import verified_login

    session = verified_login(client, staff_member("carla", "Viewers"))
    page = session.get(reverse("admin:projects_project_change", args=[undated.pk]))
    text = page.content.decode()
    assert "Not in the IATI activity file. It still needs:" in text
    assert "<li>a start date, planned or actual</li>" in text
    assert "UZ-KRUZ-undated" in text
    page = session.get(reverse("admin:projects_project_change", args=[ready.pk]))
    assert "In the IATI activity file." in page.content.decode()
    listed = session.get(reverse("admin:projects_project_changelist"))
    rows = {str(p.title): p.held_in_iati_file for p in listed.context["cl"].result_list}
    assert rows == {"Ready": True, "Undated": False}
    missing = session.get(reverse("admin:projects_project_changelist") + "?iati=missing")
    assert [p.title for p in missing.context["cl"].result_list] == ["Undated"]


def test_the_api_tells_a_token_holder_who_may_change_the_project(undated):
    user = UserFactory(username="integrator", is_staff=False)
    grant(user, "projects.view_project", "projects.change_project")
    answer = token_client(user).get("/api/v1/projects/undated/").json()
    assert answer["iati_gaps"] == [
        "a start date, planned or actual",
        "a participating organisation or a funder",
        "a DAC sector",
    ]
    assert answer["iati_omissions"] == []


def test_the_api_tells_the_public_nothing_of_it(client, undated):
    answer = client.get("/api/v1/projects/undated/").json()
    assert "iati_gaps" not in answer and "version" not in answer


def test_staff_are_told_what_the_file_leaves_out(ready):
    FundingFactory(project=ready, amount=None, currency_id=None)
    ready.budget, ready.budget_currency_id = 5, "USD"
    ready.save()
    omissions = [str(note) for note in read(ready).iati_omissions()]
    assert len(omissions) == 2
    assert omissions[0].startswith("the total budget: IATI budgets cover a year at most")
    assert omissions[1].endswith(": its amount is not known")
