"""/<lang>/search/ finds the whole public record at once, grouped by kind, with the same
cross-script matching as the lists and the API (kruz.search), and refuses a search too
long to run cheaply with a message at the field."""

import pytest

from diplomacy.models import EngagementParticipant
from kruz.records import Publication
from kruz.search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS
from tests.factories import (
    EngagementFactory,
    OfficialFactory,
    OrganizationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgench(record):
    ProjectFactory(
        slug="urgench-airport",
        title="Modernization of Urgench Airport",
        title_uz="Urganch aeroportini modernizatsiya qilish",
        region="UZ-XO",
    )
    EngagementFactory(slug="khorezm-visit", title="Visit to Khorezm", place="Urgench")
    official = OfficialFactory(slug="governor", name="Governor of Khorezm")
    EngagementParticipant.objects.create(
        engagement=record["engagement"], official=official, role="host"
    )
    ProjectFactory(slug="secret", title="Urgench draft", publication=Publication.DRAFT)
    return record


def found(response):
    """{kind: [slug, …]} of the kinds with a match."""
    assert response.status_code == 200, response.content
    return {
        str(group["kind"]): [record.slug for record in group["records"]]
        for group in response.context["groups"]
        if group["total"]
    }


@pytest.mark.parametrize("spelling", ["Urgench", "Urganch", "Ургенч", "urgench airport"])
def test_it_finds_a_place_in_any_script_or_spelling(client, urgench, spelling):
    results = found(client.get("/en/search/", {"q": spelling}))

    assert results["Projects"] == ["urgench-airport"]
    if spelling != "urgench airport":
        assert results["Engagements"] == ["khorezm-visit"]  # by its place


def test_it_finds_korean_words_in_every_kind_that_has_them(client, urgench):
    results = found(client.get("/ko/search/", {"q": "병원"}))

    assert results == {"사업": ["childrens-hospital"], "협정": ["hospital-loan"]}


def test_it_groups_matches_by_kind_with_links_to_each_record(client, urgench):
    response = client.get("/en/search/", {"q": "khorezm"})
    page = response.content.decode()

    assert found(response) == {"Engagements": ["khorezm-visit"], "Officials": ["governor"]}
    assert 'href="/en/engagements/khorezm-visit/"' in page
    assert 'href="/en/officials/governor/"' in page
    assert "2 records found" in page


def test_it_finds_organizations_by_acronym(client, urgench):
    assert found(client.get("/en/search/", {"q": "KOICA"})) == {"Organizations": ["koica"]}


def test_it_never_finds_a_draft(client, urgench):
    OrganizationFactory(name="Urgench draft body", publication=Publication.DRAFT)

    response = client.get("/en/search/", {"q": "draft"})

    assert found(response) == {}
    assert "Urgench draft" not in response.content.decode()


def test_it_links_to_the_rest_of_a_long_group_in_its_list(client, urgench):
    for number in range(12):
        ProjectFactory(title=f"Urgench school {number}")

    response = client.get("/en/search/", {"q": "Urgench"})
    (projects,) = [group for group in response.context["groups"] if group["total"] == 13]

    assert len(projects["records"]) == 10
    assert 'href="/en/projects/?q=Urgench"' in response.content.decode()


def test_it_shows_an_empty_form_without_a_search(client, urgench):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert 'type="search"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (" ".join(["word"] * (MAX_SEARCH_WORDS + 1)), "Search for at most 10 words."),
        ("x" * (MAX_SEARCH_LENGTH + 1), "Ensure this value has at most 200 characters"),
        ("", "This field is required."),
        ("…!?", "Enter a word to search for."),
    ],
)
def test_it_refuses_a_search_it_cannot_run_with_a_message_at_the_field(client, query, message):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert response.context["groups"] == []


def test_it_says_so_in_the_readers_language(client):
    response = client.get("/ru/search/", {"q": "x" * (MAX_SEARCH_LENGTH + 1)})

    assert response.status_code == 400
    assert "200" in response.content.decode() and "Ensure" not in response.content.decode()


def test_it_accepts_a_search_at_the_limits(client, urgench):
    at_limit = " ".join(["Urgench"] * MAX_SEARCH_WORDS)

    assert found(client.get("/en/search/", {"q": at_limit}))["Projects"] == ["urgench-airport"]
