"""A published record renamed keeps its old addresses: its page and its API detail answer
the old slug with a permanent redirect, and a sync sees a change, not a removal."""

import pytest

from tests.factories import AgreementFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def rename(record, slug):
    record.slug = slug
    record.save()


def test_it_redirects_the_old_project_page_permanently(client):
    project = ProjectFactory(slug="old-hospital")
    rename(project, "childrens-hospital")
    response = client.get("/ko/projects/old-hospital/")
    assert response.status_code == 301
    assert response["Location"] == "/ko/projects/childrens-hospital/"


def test_it_redirects_the_old_agreement_page_permanently(client):
    rename(AgreementFactory(slug="loan-1"), "edcf-loan")
    response = client.get("/en/agreements/loan-1/")
    assert (response.status_code, response["Location"]) == (301, "/en/agreements/edcf-loan/")


def test_it_redirects_the_old_api_detail_permanently(client):
    project = ProjectFactory(slug="old-hospital")
    rename(project, "childrens-hospital")
    rename(project, "tashkent-childrens-hospital")
    response = client.get("/api/v1/projects/old-hospital/")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/projects/tashkent-childrens-hospital/")


def test_it_keeps_answering_404_for_a_slug_no_published_record_had(client):
    draft = ProjectFactory(slug="draft-name", publication="draft")
    rename(draft, "other-name")
    assert client.get("/en/projects/draft-name/").status_code == 404
    assert client.get("/api/v1/projects/never-was/").status_code == 404


def test_it_lets_a_new_record_take_a_former_slug(client):
    rename(ProjectFactory(slug="airport"), "urgench-airport")
    ProjectFactory(slug="airport", title="Another airport")
    assert client.get("/en/projects/airport/").status_code == 200
