"""What schemathesis found when it fuzzed every phase with a token, kept fixed."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "moment",
    [
        "4996-11-02T00:38:15-18:51",  # an offset no place has: the database refused it (500)
        "0001-01-01T00:00:00+05:00",  # before year 1 in UTC
        "9999-12-31T23:59:00-05:00",  # after year 9999 in UTC
    ],
)
def test_it_answers_an_impossible_updated_since_with_400(anonymous, moment):
    response = anonymous.get("/api/v1/organizations/", {"updated_since": moment})

    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_it_answers_a_create_with_the_full_detail(alice):
    response = alice.post(
        "/api/v1/agreements/",
        {"slug": "new", "title": "New", "kind": "declaration", "status": "negotiation"},
    )

    assert response.status_code == 201
    assert response.json()["parties"] == [] and response.json()["signatories"] == []
    project = alice.post(
        "/api/v1/projects/",
        {"slug": "new", "title": "New", "summary": "S", "kind": "development", "status": 1},
    ).json()
    assert project["agreements"] == [] and project["status_reports"] == []


def test_it_refuses_a_null_character_with_400(alice):
    """A NUL in a slug looked up by a related field reached PostgreSQL, which cannot
    compare or store it: the API answered 500."""
    agreement = alice.post(
        "/api/v1/agreements/",
        {"slug": "new", "title": "New", "kind": "declaration", "status": "negotiation"},
    ).json()

    response = alice.patch(
        f"/api/v1/agreements/{agreement['slug']}/",
        {"engagement": "a\x00b", "version": agreement["version"]},
    )

    assert response.status_code == 400
    (message,) = response.json()["engagement"]
    assert message.startswith("Remove the control character (U+0000)")
