"""The project detail's nesting, the CSV exports, HTTP revalidation, throttling and the
cost of a list."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


def test_it_nests_funding_organizations_milestones_and_public_reports(anonymous):
    project = ProjectFactory(slug="hospital")
    ProjectSectorFactory(project=project)
    FundingFactory(project=project, funder=OrganizationFactory(slug="edcf"), instrument=421)
    FundingFactory(project=project, funder=OrganizationFactory(publication="draft"))
    ParticipatingOrganizationFactory(
        project=project, organization=OrganizationFactory(slug="koica")
    )
    MilestoneFactory(project=project, title="Opening")
    StatusReportFactory(project=project, narrative="Public report")
    StatusReportFactory(project=project, narrative="Internal", is_internal=True)
    StatusReportFactory(project=project, narrative="Draft", publication="draft")
    project.agreements.add(AgreementFactory(slug="loan"), AgreementFactory(publication="draft"))
    body = anonymous.get("/api/v1/projects/hospital/").json()
    assert body["funding"][0]["funder"]["slug"] == "edcf"
    assert body["funding"][0]["funder"]["url"].endswith("/api/v1/organizations/edcf/")
    assert len(body["funding"]) == 1, "funding by a draft organization is left out, not null"
    assert body["participating_organizations"][0]["organization"]["slug"] == "koica"
    assert [m["title"] for m in body["milestones"]] == ["Opening"]
    assert [r["narrative"] for r in body["status_reports"]] == ["Public report"]
    assert [a["slug"] for a in body["agreements"]] == ["loan"]
    assert body["sectors"][0]["sector"]["code"] == 12191


def test_it_keeps_the_list_lean(anonymous):
    StatusReportFactory(project=ProjectFactory())
    row = anonymous.get("/api/v1/projects/").json()["results"][0]
    assert "status_reports" not in row and "funding" not in row


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_filtered_projects_as_csv(anonymous):
    ProjectFactory(slug="hospital", region="UZ-TK", title="=HYPERLINK()")
    ProjectFactory(slug="airport", region="UZ-XO")
    ProjectFactory(slug="draft", region="UZ-TK", publication="draft")
    response = anonymous.get("/api/v1/projects/export/?region=UZ-TK")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["slug"] for row in rows] == ["hospital"]
    assert rows[0]["title"] == "'=HYPERLINK()"


def test_it_exports_agreements_as_csv(anonymous):
    AgreementFactory(slug="mou", status="signed")
    AgreementFactory(slug="treaty", status="in_force")
    response = anonymous.get("/api/v1/agreements/export/?status=in_force")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["slug"] for row in rows] == ["treaty"]


def test_it_refuses_a_bad_export_filter_in_json(anonymous):
    response = anonymous.get("/api/v1/projects/export/?region=Mars")
    assert response.status_code == 400
    assert "region" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/projects/hospital/"])
def test_it_answers_304_to_a_matching_etag(anonymous, url):
    ProjectFactory(slug="hospital")
    first = anonymous.get(url)
    assert first["ETag"]
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_it_sends_a_new_etag_after_a_change(anonymous):
    project = ProjectFactory(slug="hospital")
    first = anonymous.get("/api/v1/projects/hospital/")
    project.title = "Renamed"
    project.save()
    again = anonymous.get("/api/v1/projects/hospital/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_it_throttles_anonymous_clients_with_a_clear_429(anonymous, alice, settings):
    from rest_framework.throttling import AnonRateThrottle

    AnonRateThrottle.THROTTLE_RATES = {"anon": "2/minute"}
    try:
        statuses = [anonymous.get("/api/v1/sectors/").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        response = anonymous.get("/api/v1/sectors/")
        assert "throttled" in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
        assert alice.get("/api/v1/sectors/").status_code == 200
    finally:
        AnonRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "resource", ["projects", "agreements", "engagements", "organizations", "officials"]
)
def test_it_costs_the_same_queries_for_10_or_200_rows(anonymous, alice, resource):
    factories = {
        "projects": lambda: ProjectSectorFactory().project,
        "agreements": AgreementFactory,
        "engagements": EngagementFactory,
        "organizations": OrganizationFactory,
        "officials": OfficialFactory,
    }
    for _ in range(12):
        factories[resource]()
    for client in (anonymous, alice):
        small = queries_for(client, f"/api/v1/{resource}/?page_size=10")
        large = queries_for(client, f"/api/v1/{resource}/?page_size=200")
        assert small == large
