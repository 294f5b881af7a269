"""History: every change keeps who made it, when and what changed, and the record's
History page shows it together with the changes to its inline rows."""

import pytest
from django.urls import reverse

from kruz.records import Publication
from tests.factories import FundingFactory, OrganizationFactory, ProjectFactory
from tests.kruz.forms import form_data

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def history_page(session, project):
    response = session.get(reverse("admin:projects_project_history", args=[project.pk]))
    assert response.status_code == 200
    return response


def test_it_records_who_changed_which_field(alice, client_for):
    project = ProjectFactory(title="Aral Sea programme", publication=Publication.DRAFT)
    session = client_for(alice)
    session.post(change_url(project), form_data(session.get(change_url(project)), title="Aral"))

    latest = project.history.first()

    assert latest.history_user == alice
    assert latest.title == "Aral"
    entry = history_page(session, project).context["entries"][0]
    assert entry.who == alice
    changes = [(c.field, c.old, c.new) for c in entry.changes]
    assert changes == [("title", "Aral Sea programme", "Aral")]


def test_it_shows_inline_changes_on_the_record_history(alice, client_for):
    project = ProjectFactory(publication=Publication.DRAFT)
    funding = FundingFactory(project=project, funder=OrganizationFactory(name="EDCF"))
    session = client_for(alice)
    page = session.get(change_url(project))

    session.post(change_url(project), form_data(page, **{"fundings-0-amount": "2500000"}))

    entries = history_page(session, project).context["entries"]
    funding_changes = [e for e in entries if e.subject == f"funding #{funding.pk}"]
    assert funding_changes[0].who == alice
    assert [(c.field, c.old, c.new) for c in funding_changes[0].changes] == [
        ("amount", "1000000.00", "2500000.00")
    ]


def test_it_shows_deleted_inline_rows(alice, client_for):
    project = ProjectFactory(publication=Publication.DRAFT)
    funding = FundingFactory(project=project)
    session = client_for(alice)
    page = session.get(change_url(project))

    session.post(change_url(project), form_data(page, **{"fundings-0-DELETE": "on"}))

    entries = history_page(session, project).context["entries"]
    assert any(e.action == "Deleted" and e.subject == f"funding #{funding.pk}" for e in entries)


def test_it_records_a_bulk_publication_with_its_publisher(bob, client_for):
    project = ProjectFactory(publication=Publication.DRAFT)
    session = client_for(bob)

    session.post(
        reverse("admin:projects_project_changelist"),
        {"action": "publish_selected", "_selected_action": [project.pk]},
    )

    entry = history_page(session, project).context["entries"][0]
    assert entry.who == bob
    assert entry.reason == "Published"
    assert [(c.field, c.old, c.new) for c in entry.changes][0] == (
        "publication",
        "Draft",
        "Published",
    )


def test_it_names_related_records_in_the_history(alice, client_for):
    project = ProjectFactory(publication=Publication.DRAFT)
    FundingFactory(project=project, funder=OrganizationFactory(name="KOICA"))

    page = history_page(client_for(alice), project).content.decode()

    assert "KOICA" in page
    assert "Created" in page
