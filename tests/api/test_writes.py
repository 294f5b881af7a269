"""Writes follow the model's rules and the version check, and bad input is a 400."""

import pytest

from tests.factories import FundingFactory, OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_stale_update_with_409(alice):
    project = ProjectFactory(title="Hospital")
    project.title = "Children's hospital"
    project.save()  # someone else saved meanwhile: version 2
    response = alice.patch(f"/api/v1/projects/{project.slug}/", {"title": "Old", "version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    project.refresh_from_db()
    assert project.title == "Children's hospital"


def test_it_requires_the_version_on_update(alice):
    project = ProjectFactory()
    response = alice.patch(f"/api/v1/projects/{project.slug}/", {"title": "New"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_it_refuses_a_stale_delete_with_409(alice):
    project = ProjectFactory()
    project.save()
    assert alice.delete(f"/api/v1/projects/{project.slug}/?version=1").status_code == 409
    assert alice.delete(f"/api/v1/projects/{project.slug}/").status_code == 400
    assert type(project).objects.filter(pk=project.pk).exists()


def test_it_answers_the_model_rules_field_by_field(alice):
    response = alice.post(
        "/api/v1/projects/",
        {
            "slug": "hospital",
            "title": "Hospital",
            "summary": "A hospital.",
            "kind": "development",
            "status": 4,
            "budget": "100.00",
            "latitude": "10.0",
            "longitude": "69.2",
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert "currency" in errors["budget_currency"][0]
    assert "outside Uzbekistan" in errors["latitude"][0]
    assert "actual end" in errors["actual_end"][0]


def test_it_answers_bad_types_and_choices_with_400(alice):
    response = alice.post(
        "/api/v1/agreements/",
        {"slug": "not a slug", "title": "", "kind": "treaty", "status": "signed", "value": "x"},
    )
    assert response.status_code == 400
    assert {"slug", "title", "kind", "value"} <= set(response.json())


def test_it_refuses_a_date_order_the_database_refuses(alice):
    response = alice.post(
        "/api/v1/agreements/",
        {
            "slug": "mou",
            "title": "MoU",
            "kind": "mou",
            "status": "signed",
            "signed_on": "2020-01-01",
            "expires_on": "2019-01-01",
        },
    )
    assert response.status_code == 400
    assert "expires_on" in response.json()


def test_it_refuses_a_duplicate_slug(alice):
    ProjectFactory(slug="hospital")
    response = alice.post(
        "/api/v1/projects/",
        {"slug": "hospital", "title": "H", "summary": "S", "kind": "development", "status": 1},
    )
    assert response.status_code == 400
    assert "slug" in response.json()


def test_it_keeps_a_month_precise_date_on_the_first(alice):
    response = alice.post(
        "/api/v1/engagements/",
        {
            "slug": "visit",
            "title": "Visit",
            "kind": "visit",
            "started_on": "2017-11-23",
            "started_on_precision": "month",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["started_on"] == "2017-11-01"


def test_it_answers_deleting_a_referenced_record_with_409(alice):
    funder = OrganizationFactory()
    FundingFactory(funder=funder)
    response = alice.delete(f"/api/v1/organizations/{funder.slug}/?version={funder.version}")
    assert response.status_code == 409
    assert type(funder).objects.filter(pk=funder.pk).exists()


def test_it_does_not_let_the_api_publish(alice):
    project = ProjectFactory(publication="draft")
    response = alice.patch(
        f"/api/v1/projects/{project.slug}/", {"publication": "published", "version": 1}
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.publication == "draft"
