"""Two staff members open the same project and both save: the second save is refused
with the differences, keeps what they typed, and can then be made deliberately."""

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import FundingFactory, ProjectFactory
from tests.kruz.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_project():
    project = ProjectFactory(title="Children's hospital", publication="draft")
    FundingFactory(project=project)
    return project


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def test_it_refuses_the_second_save_and_shows_what_changed(alice, bob, client_for, draft_project):
    alice_session, bob_session = client_for(alice), client_for(bob)
    alice_page = alice_session.get(change_url(draft_project))
    bob_page = bob_session.get(change_url(draft_project))

    saved = alice_session.post(
        change_url(draft_project), form_data(alice_page, title="Tashkent children's hospital")
    )
    assert saved.status_code == 302
    refused = bob_session.post(
        change_url(draft_project), form_data(bob_page, location="Yunusabad district")
    )

    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "alice saved this project" in errors
    assert "Title — saved: “Tashkent children's hospital”; yours: “Children's hospital”" in errors
    assert "Location — saved: “—”; yours: “Yunusabad district”" in errors
    draft_project.refresh_from_db()
    assert draft_project.title == "Tashkent children's hospital"
    assert draft_project.location == ""


def test_it_keeps_the_refused_input_in_the_form(alice, bob, client_for, draft_project):
    alice_session, bob_session = client_for(alice), client_for(bob)
    alice_page = alice_session.get(change_url(draft_project))
    bob_page = bob_session.get(change_url(draft_project))
    alice_session.post(change_url(draft_project), form_data(alice_page, title="Renamed"))

    refused = bob_session.post(
        change_url(draft_project), form_data(bob_page, location="Yunusabad district")
    )

    assert 'value="Yunusabad district"' in refused.content.decode()


def test_it_saves_the_refused_form_when_submitted_again(alice, bob, client_for, draft_project):
    alice_session, bob_session = client_for(alice), client_for(bob)
    alice_page = alice_session.get(change_url(draft_project))
    bob_page = bob_session.get(change_url(draft_project))
    alice_session.post(change_url(draft_project), form_data(alice_page, title="Renamed"))
    refused = bob_session.post(
        change_url(draft_project), form_data(bob_page, location="Yunusabad district")
    )

    again = bob_session.post(change_url(draft_project), form_data(refused))

    assert again.status_code == 302
    draft_project.refresh_from_db()
    assert draft_project.location == "Yunusabad district"
    assert draft_project.title == "Children's hospital"  # bob chose to keep his version


def test_it_counts_an_inline_change_as_a_change_of_the_project(
    alice, bob, client_for, draft_project
):
    alice_session, bob_session = client_for(alice), client_for(bob)
    alice_page = alice_session.get(change_url(draft_project))
    bob_page = bob_session.get(change_url(draft_project))
    alice_session.post(
        change_url(draft_project), form_data(alice_page, **{"fundings-0-amount": "5"})
    )

    refused = bob_session.post(change_url(draft_project), form_data(bob_page, location="Chilanzar"))

    assert refused.status_code == 200
    assert Project.objects.get().location == ""
