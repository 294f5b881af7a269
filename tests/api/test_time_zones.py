"""One time-zone convention for every timestamp KRUZ gives out: UTC, written with Z, in
the API's JSON, the CSV exports and the IATI file alike (docs/readme/api.md)."""

import csv
import io
import re

import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import (
    FundingFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
)

pytestmark = pytest.mark.django_db

UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def test_the_json_gives_every_timestamp_in_utc_with_z(anonymous, settings):
    assert settings.TIME_ZONE == "Asia/Tashkent"  # +05:00: a local offset would show
    project = ProjectFactory()
    moment = timezone.now()
    ProjectFactory().delete()

    rows = anonymous.get("/api/v1/projects/", {"updated_since": moment.isoformat()}).json()
    detail = anonymous.get(f"/api/v1/projects/{project.slug}/").json()
    sectors = anonymous.get("/api/v1/sectors/", {"page_size": 1}).json()["results"]

    stamps = [detail["updated_at"], *(row["removed_at"] for row in rows["removed"])]
    stamps += [row["updated_at"] for row in sectors]
    stamps += [anonymous.get("/api/v1/projects/").json()["results"][0]["updated_at"]]
    assert len(stamps) >= 3
    for stamp in stamps:
        assert UTC_Z.match(stamp), stamp


def test_the_csv_gives_timestamps_in_utc_with_z(anonymous):
    ProjectFactory()
    response = anonymous.get("/api/v1/projects/export/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert UTC_Z.match(row["updated_at"]), row["updated_at"]


def test_the_iati_file_gives_timestamps_in_utc_with_z(client):
    project = ProjectFactory()
    FundingFactory(project=project)
    ParticipatingOrganizationFactory(project=project, organization=OrganizationFactory())
    ProjectSectorFactory(project=project)  # IATI takes a project with its sectors
    root = etree.fromstring(client.get("/iati/activities.xml").content)
    assert UTC_Z.match(root.get("generated-datetime"))
    (activity,) = root.findall("iati-activity")
    assert UTC_Z.match(activity.get("last-updated-datetime"))


def test_the_iati_organisation_file_gives_its_timestamp_in_utc_with_z(client):
    root = etree.fromstring(client.get("/iati/organisation.xml").content)
    assert UTC_Z.match(root.get("generated-datetime"))
