"""A published record renamed keeps its old addresses: its page and its API detail answer
the old slug with a permanent redirect, and a sync sees a change, not a removal."""

import pytest
from django.utils import timezone

from tests.api.conftest import grant, token_client
from tests.factories import (
    AgreementFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    UserFactory,
)

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


def test_a_rename_through_the_api_is_a_change_to_a_sync_and_keeps_the_iati_identity(client):
    project = ProjectFactory(slug="old-hospital", title="Children's hospital")
    ProjectSectorFactory(project=project)
    ParticipatingOrganizationFactory(project=project)
    before = timezone.now()
    writer = UserFactory(username="integration", is_staff=False)
    grant(writer, *(f"projects.{a}_project" for a in ("view", "change", "publish")))
    api = token_client(writer)
    version = api.get("/api/v1/projects/old-hospital/").json()["version"]

    answer = api.patch(
        "/api/v1/projects/old-hospital/",
        {"slug": "childrens-hospital", "version": version},
        format="json",
    )

    assert answer.status_code == 200, answer.content
    since = before.isoformat().replace("+00:00", "Z")
    sync = client.get("/api/v1/projects/", {"updated_since": since}).json()
    assert [row["slug"] for row in sync["results"]] == ["childrens-hospital"]
    assert sync["removed"] == []
    assert client.get("/en/projects/old-hospital/").status_code == 301
    assert client.get("/api/v1/projects/old-hospital/").status_code == 301
    iati = client.get("/iati/activities.xml").content.decode()
    assert "<iati-identifier>UZ-KRUZ-old-hospital</iati-identifier>" in iati
