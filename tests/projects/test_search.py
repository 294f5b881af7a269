"""A project is found whatever script or spelling the reader uses (ProjectQuerySet.search)."""

import pytest
from django.db import connection

from projects.models import Project
from tests.factories import OfficialFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def airport():
    return ProjectFactory(
        slug="urgench-airport",
        title="Modernisation of Urgench International Airport",
        title_uz="Urganch xalqaro aeroportini modernizatsiya qilish",
        title_ru="Модернизация международного аэропорта Ургенча",
        title_ko="우르겐치 국제공항 현대화",
    )


@pytest.fixture
def hospital():
    """English only: other spellings must come from the search, not from translations."""
    return ProjectFactory(slug="hospital", title="Children's hospital in Tashkent")


def found(text):
    return set(Project.objects.search(text).values_list("slug", flat=True))


@pytest.mark.parametrize("text", ["Urgench", "Urganch", "Ургенч", "우르겐치", "urgench airport"])
def test_it_finds_urgench_in_every_spelling(airport, hospital, text):
    assert found(text) == {"urgench-airport"}


@pytest.mark.parametrize("text", ["Tashkent", "Toshkent", "Ташкент", "타슈켄트", "tashkent"])
def test_it_finds_tashkent_in_every_spelling_without_translations(airport, hospital, text):
    assert found(text) == {"hospital"}


def test_it_finds_a_korean_name_in_hangul_or_romanised():
    ProjectFactory(
        slug="kindergartens", title="Korean-model kindergartens", title_ko="한국형 유치원"
    )
    assert found("유치원") == {"kindergartens"}
    assert found("kindergartens") == {"kindergartens"}


def test_it_needs_every_word(airport, hospital):
    assert found("Urgench hospital") == set()


def test_it_finds_officials_by_korean_or_romanised_name(client):
    OfficialFactory(slug="kang-kyung-wha", name="Kang Kyung-wha", name_ko="강경화")
    for text in ("강경화", "Kang Kyung-wha", "kyung"):
        response = client.get("/api/v1/officials/", {"q": text})
        assert [row["slug"] for row in response.json()["results"]] == ["kang-kyung-wha"]


def test_it_searches_through_the_api(client, airport, hospital):
    response = client.get("/api/v1/projects/", {"q": "Ургенч"})
    assert [row["slug"] for row in response.json()["results"]] == ["urgench-airport"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_it_serves_the_search_from_the_gin_index(airport):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Project.objects.search("Urganch").explain()
    assert "projects_project_search" in plan
