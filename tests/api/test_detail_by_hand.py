"""The project detail is written by hand (ProjectSerializer.to_representation) for
speed; it must stay byte for byte what DRF's declared fields would answer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.renderers import ORJSONRenderer
from kruz.records import Publication
from projects.models import Project
from projects.serializers import ProjectSerializer
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Publication.DRAFT


def project_with_every_part(**fields):
    values = {
        "budget": Decimal("2500000.50"),
        "budget_currency_id": "USD",
        "latitude": Decimal("41.31100"),
        "longitude": Decimal("69.27970"),
        "title_ko": "병원",
        "description": "Built in two phases.",
    }
    project = ProjectFactory(**{**values, **fields})
    ProjectSectorFactory(project=project, percentage=Decimal("60"))
    ProjectSectorFactory(project=project, sector_id=12220, percentage=Decimal("40"))
    FundingFactory(project=project, funder=OrganizationFactory(acronym="KOICA"))
    FundingFactory(
        project=project, amount=None, currency_id=None, editorial_note="No amount given."
    )
    FundingFactory(project=project, funder=OrganizationFactory(publication=DRAFT))
    ParticipatingOrganizationFactory(project=project)
    ParticipatingOrganizationFactory(project=project, organization__publication=DRAFT)
    MilestoneFactory(project=project, done_on=datetime.date(2025, 7, 1), title_ru="Этап")
    MilestoneFactory(project=project, due_on=datetime.date(2024, 3, 1), due_on_precision="month")
    StatusReportFactory(project=project)
    StatusReportFactory(project=project, reported_on=datetime.date(2025, 4, 1))
    StatusReportFactory(project=project, is_internal=True)
    project.agreements.add(AgreementFactory(), AgreementFactory(publication=DRAFT))
    project.engagements.add(
        EngagementFactory(started_on=datetime.date(2024, 6, 14)), EngagementFactory()
    )
    return project


def drf_answer(project, path):
    """What DRF's own field-by-field representation renders for the project."""
    request = Request(APIRequestFactory().get(path))
    project = Project.objects.for_api_detail().get(pk=project.pk)
    serializer = ProjectSerializer(project, context={"request": request})
    return ORJSONRenderer().render(serializers.Serializer.to_representation(serializer, project))


@pytest.mark.parametrize("zone", ["Asia/Tashkent", "UTC"])
def test_it_answers_what_drf_would_for_a_published_project(anonymous, zone):
    project = project_with_every_part()
    path = f"/api/v1/projects/{project.slug}/"
    with timezone.override(zone):
        response = anonymous.get(path)
        assert response.status_code == 200
        assert response.content == drf_answer(project, path)


def test_it_answers_what_drf_would_for_a_draft_read_by_staff(alice):
    project = project_with_every_part(
        publication=DRAFT,
        region="",
        budget=None,
        budget_currency_id=None,
        latitude=None,
        longitude=None,
    )
    path = f"/api/v1/projects/{project.slug}/"
    response = alice.get(path)
    assert response.status_code == 200
    assert response.content == drf_answer(project, path)


def test_it_answers_a_write_with_what_drf_would(alice):
    project = project_with_every_part()
    path = f"/api/v1/projects/{project.slug}/"
    response = alice.patch(path, {"title": "Renamed", "latitude": "41.3", "version": 1})
    assert response.status_code == 200
    assert response.content == drf_answer(project, path)
    assert response.json()["latitude"] == "41.30000"


@pytest.mark.parametrize(
    ("ending", "sector_url_ending"),
    [(".json", "/sectors/12191.json"), ("/?format=json", "/sectors/12191/?format=json")],
)
def test_it_leaves_urls_with_a_format_to_drf(anonymous, ending, sector_url_ending):
    project = project_with_every_part()
    path = f"/api/v1/projects/{project.slug}{ending}"
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.json()["sectors"][0]["url"].endswith(sector_url_ending)
    if ending.startswith("/?"):  # a suffix reaches the serializer through the view only
        assert response.content == drf_answer(project, path)
