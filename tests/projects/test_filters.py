"""ProjectFilterSet: the one set of filters the public list and the API share."""

import datetime

import pytest

from projects.filters import ProjectFilterSet
from projects.models import Project
from tests.factories import (
    FundingFactory,
    OrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
)

pytestmark = pytest.mark.django_db


def filtered(**params):
    filterset = ProjectFilterSet(params, queryset=Project.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("slug", flat=True))


def test_it_finds_projects_active_in_a_year():
    ProjectFactory(
        slug="hospital",
        planned_start=datetime.date(2018, 1, 1),
        planned_end=datetime.date(2019, 1, 1),
        actual_start=datetime.date(2018, 1, 1),
        actual_end=datetime.date(2020, 10, 1),
    )
    ProjectFactory(slug="kindergartens", planned_start=datetime.date(2021, 1, 1))
    assert filtered(year="2020") == {"hospital"}
    assert filtered(year="2024") == {"kindergartens"}


def test_it_finds_projects_by_funder_without_duplicates():
    koica = OrganizationFactory(slug="koica")
    hospital = ProjectFactory(slug="hospital")
    FundingFactory(project=hospital, funder=koica)
    FundingFactory(project=hospital, funder=koica, instrument=421)
    ProjectFactory(slug="ktx")
    assert filtered(funder="koica") == {"hospital"}
    assert list(ProjectFilterSet({"funder": "koica"}, queryset=Project.objects.all()).qs) == [
        hospital
    ]


def test_it_finds_projects_by_instrument_and_sector():
    FundingFactory(project=ProjectFactory(slug="hospital"), instrument=421)
    ProjectSectorFactory(project=ProjectFactory(slug="kindergartens"), sector_id=11240)
    assert filtered(instrument="421") == {"hospital"}
    assert filtered(sector="11240") == {"kindergartens"}


def test_it_searches_translations_too():
    ProjectFactory(slug="urgench", title="Urgench airport", title_ru="Аэропорт Ургенч")
    assert filtered(q="Ургенч") == {"urgench"}


@pytest.mark.parametrize(
    "params", [{"year": "soon"}, {"status": "42"}, {"region": "Mars"}, {"sector": "99999"}]
)
def test_it_reports_malformed_filters_as_errors(params):
    assert not ProjectFilterSet(params, queryset=Project.objects.all()).is_valid()
