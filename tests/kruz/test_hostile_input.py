"""Hostile text — markup and script, right-to-left and zero-width characters, Hangul and
Cyrillic, strings as long as a field allows — is stored exactly as sent and shown escaped
everywhere it appears: public pages, the admin, API JSON, CSV and IATI XML. Oversized
request bodies are refused with 400 or 413, never a 500."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from lxml import etree
from rest_framework import serializers

from diplomacy.api import AgreementViewSet, EngagementViewSet, OfficialViewSet, OrganizationViewSet
from projects.api import ProjectViewSet
from tests.api.conftest import token_client
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    UserFactory,
)
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("kruz")</script><img src=x onerror=alert(1)>'
    "&amp; \"quoted\" 'single' "
    "\u202eevil\u202c \u200b\u200c\u200d\ufeff "
    "한국-우즈베키스탄 협력 Ташкент Ўзбекистон "
)
RAW_MARKERS = ("<script>alert", "<img src=x")  # the tags themselves, unescaped
VIEWSETS = {
    "projects": ProjectViewSet,
    "agreements": AgreementViewSet,
    "engagements": EngagementViewSet,
    "organizations": OrganizationViewSet,
    "officials": OfficialViewSet,
}
REQUIRED = {
    "projects": {"slug": "hostile", "kind": "investment", "status": 2},
    "agreements": {
        "slug": "hostile",
        "kind": "agreement",
        "status": "signed",
        "signed_on": "2019-04-19",
    },
    "engagements": {"slug": "hostile", "kind": "state_visit", "started_on": "2019-04-18"},
    "organizations": {"slug": "hostile", "kind": "agency"},
    "officials": {"slug": "hostile", "country": "KR"},
}


def hostile(length=None):
    """HOSTILE repeated to fill `length` characters (10,000 for unbounded text)."""
    length = length or 10_000
    return (HOSTILE * (length // len(HOSTILE) + 1))[:length]


def free_text_fields(resource):
    """The serializer's writable free-text fields with the model field behind each."""
    serializer = VIEWSETS[resource].serializer_class()
    model = serializer.Meta.model
    fields = {}
    for name, field in serializer.fields.items():
        if field.read_only or type(field) is not serializers.CharField:
            continue
        model_field = model._meta.get_field(field.source)
        if isinstance(model_field, models.SlugField | models.URLField | models.EmailField):
            continue
        if model_field.choices or model_field.validators[: -1 if model_field.max_length else None]:
            continue
        fields[name] = model_field
    return fields


@pytest.fixture
def publisher():
    user = UserFactory(username="hostile-publisher", is_staff=False)
    user.groups.add(Group.objects.get(name="Publishers"))
    return token_client(user)


@pytest.mark.parametrize("resource", VIEWSETS)
def test_it_stores_every_text_field_intact_through_the_api(publisher, resource):
    fields = free_text_fields(resource)
    payload = {name: hostile(field.max_length) for name, field in fields.items()}

    response = publisher.post(f"/api/v1/{resource}/", {**REQUIRED[resource], **payload})

    assert response.status_code == 201, response.json()
    record = VIEWSETS[resource].serializer_class.Meta.model.objects.get(slug="hostile")
    assert len(fields) >= 2
    for name, field in fields.items():
        assert getattr(record, field.attname) == payload[name], name
    detail = publisher.get(f"/api/v1/{resource}/hostile/").json()
    for name in fields:
        assert detail[name] == payload[name], name


def hostile_text(resource):
    """Every free-text field filled, the title with the payload once."""
    text = {
        field.attname: hostile(field.max_length) for field in free_text_fields(resource).values()
    }
    return {**text, "title": HOSTILE.strip()}


@pytest.fixture
def hostile_project():
    project = ProjectFactory(slug="hostile", **hostile_text("projects"))
    ProjectSectorFactory(project=project)
    FundingFactory(project=project)
    ParticipatingOrganizationFactory(project=project)
    agreement = AgreementFactory(slug="hostile", **hostile_text("agreements"))
    project.agreements.add(agreement)
    engagement = EngagementFactory(slug="hostile", **hostile_text("engagements"))
    project.engagements.add(engagement)
    return project


def assert_escaped(page, where):
    for marker in RAW_MARKERS:
        assert marker not in page, (where, marker)
    assert "&lt;script&gt;alert(" in page, where
    assert "\u202eevil" in page and "한국-우즈베키스탄" in page, where


def test_it_escapes_hostile_text_on_every_html_page(hostile_project):
    staff = verified_login(Client(), UserFactory(username="root", is_superuser=True))
    pages = [
        (Client(), "/en/projects/hostile/"),
        (Client(), "/ko/projects/"),
        (Client(), "/ru/agreements/hostile/"),
        (Client(), "/uz/agreements/"),
        (Client(), "/en/timeline/"),
        (Client(), "/ko/engagements/hostile/"),
        (Client(), "/ru/engagements/"),
        (Client(), "/uz/search/?q=한국-우즈베키스탄"),
        (staff, f"/admin/projects/project/{hostile_project.pk}/change/"),
        (staff, "/admin/projects/project/"),
        (staff, f"/admin/projects/project/{hostile_project.pk}/history/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_it_returns_hostile_text_as_json_strings(hostile_project):
    response = Client().get("/api/v1/projects/hostile/")

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["title"] == HOSTILE.strip()
    # JSON carries the text as it is; nosniff keeps a browser from reading it as HTML.
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_writes_hostile_text_into_csv_cells(hostile_project):
    for url in ("/en/projects.csv", "/api/v1/projects/export/"):
        response = Client().get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert any(HOSTILE.strip() in cell for row in rows for cell in row), url


def test_it_writes_hostile_text_as_xml_text_in_the_iati_file(hostile_project):
    response = Client().get("/iati/activities.xml")

    tree = etree.fromstring(response.content)
    titles = tree.xpath("//iati-activity/title/narrative/text()")
    assert HOSTILE.strip() in titles
    assert b"<script>" not in response.content


def test_it_refuses_a_json_body_over_the_data_limit_with_413(publisher):
    body = json.dumps({"slug": "big", "summary": "x" * 3_000_000})

    response = publisher.post("/api/v1/projects/", body, content_type="application/json")

    assert response.status_code == 413  # api.parsers.BoundedJSONParser, before parsing
    assert "bytes" in response.json()["detail"]


def test_it_refuses_a_body_over_the_request_limit_with_413(settings, caplog):
    settings.MAX_REQUEST_BODY = 1_000_000
    client = Client()

    response = client.post(
        "/admin/login/", b"x" * 1_000_001, content_type="application/octet-stream"
    )

    assert response.status_code == 413
    assert "refused a 1000001-byte body" in caplog.text


def test_it_refuses_too_many_form_fields_with_400():
    fields = {f"field{number}": "x" for number in range(2_001)}

    response = Client().post("/admin/login/", fields)

    assert response.status_code == 400


def test_it_refuses_an_oversized_spreadsheet_upload_with_413(settings):
    settings.MAX_REQUEST_BODY = 1_000_000
    staff = verified_login(Client(), UserFactory(username="root", is_superuser=True))
    upload = io.BytesIO(b"slug,title\n" + b"a,b\n" * 300_000)
    upload.name = "projects.csv"

    response = staff.post("/admin/projects/project/import/", {"import_file": upload, "format": "0"})

    assert response.status_code == 413
