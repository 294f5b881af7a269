"""Bad input gets a 4xx with a clear message, never a 500: request bodies are JSON, bounded
in size and depth before they are parsed; searches are bounded; numbers are whole where
they must be; cursors tell nothing about records the client cannot see."""

import base64
import json
from urllib.parse import parse_qs, urlparse

import pytest

from api.parsers import MAX_DEPTH
from tests.factories import OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ORGANIZATION = {"slug": "koica", "name": "KOICA", "kind": "agency", "country": "KR"}


def post_raw(client, body, content_type="application/json"):
    return client.generic("POST", "/api/v1/organizations/", body, content_type=content_type)


@pytest.mark.parametrize("body", ["[" * 100_000, "[" * 100_000 + "]" * 100_000])
def test_it_refuses_a_deeply_nested_body_with_400(alice, body):
    response = post_raw(alice, body)

    assert response.status_code == 400
    assert "levels deep" in response.json()["detail"]


def test_it_reads_a_body_as_deep_as_the_limit(alice):
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    body = json.dumps({**ORGANIZATION, "name_ko": "x"})[:-1] + f', "extra": {nested}}}'

    response = post_raw(alice, body)

    assert response.status_code == 201, response.json()


def test_it_counts_brackets_inside_strings_as_text(alice):
    response = post_raw(alice, json.dumps({**ORGANIZATION, "name": "[" * 90 + "{" * 90}))

    assert response.status_code == 201, response.json()


def test_it_refuses_a_body_over_the_size_limit_with_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_raw(alice, json.dumps({**ORGANIZATION, "name": "x" * 2000}))

    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]


def test_it_answers_a_body_over_the_site_wide_limit_in_json_too(alice, settings):
    settings.MAX_REQUEST_BODY = 100  # kruz.security.RequestSizeLimitMiddleware
    response = post_raw(alice, json.dumps({**ORGANIZATION, "name": "x" * 200}))

    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
)
def test_it_takes_json_bodies_only(alice, content_type):
    response = post_raw(alice, "slug=koica&name=KOICA", content_type=content_type)

    assert response.status_code == 415
    assert "detail" in response.json()


def test_it_refuses_invalid_json_with_400(alice):
    response = post_raw(alice, '{"slug": "koica",')

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


@pytest.mark.parametrize("resource", ["projects", "agreements", "organizations", "sectors"])
def test_it_bounds_the_words_of_a_search(anonymous, resource):
    response = anonymous.get(f"/api/v1/{resource}/", {"q": " ".join(["word"] * 11)})

    assert response.status_code == 400
    assert response.json()["q"] == ["Search with at most 10 words."]
    assert anonymous.get(f"/api/v1/{resource}/", {"q": " ".join(["w"] * 10)}).status_code == 200


def test_it_bounds_the_length_of_a_search(anonymous):
    response = anonymous.get("/api/v1/projects/", {"q": "x" * 201})

    assert response.status_code == 400
    assert "200" in response.json()["q"][0]


@pytest.mark.parametrize("resource", ["projects", "agreements", "engagements"])
@pytest.mark.parametrize("year", ["2019.5", "twenty", "1990"])
def test_it_takes_a_whole_year_only(anonymous, resource, year):
    response = anonymous.get(f"/api/v1/{resource}/", {"year": year})

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_it_refuses_a_fractional_sector_category(anonymous):
    assert anonymous.get("/api/v1/sectors/", {"category": "121.5"}).status_code == 400


def cursor_position(url):
    token = parse_qs(urlparse(url).query)["cursor"][0]
    return parse_qs(base64.b64decode(token).decode())


def test_its_cursor_holds_the_last_public_identifier_shown_not_a_key(anonymous):
    first = ProjectFactory(slug="alpha")
    for number in range(5):
        ProjectFactory(slug=f"beta-{number}", publication="draft")
    ProjectFactory(slug="gamma")

    page = anonymous.get("/api/v1/projects/?cursor=&page_size=1").json()
    position = cursor_position(page["next"])
    assert position["p"] == ["alpha"]
    assert str(first.pk) not in position["p"]

    second = anonymous.get(page["next"]).json()
    assert [row["slug"] for row in second["results"]] == ["gamma"]
    assert cursor_position(second["previous"])["p"] == ["gamma"]


def test_it_refuses_a_forged_cursor_with_400(anonymous):
    response = anonymous.get("/api/v1/projects/", {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_it_walks_sectors_by_their_code(anonymous):
    response = anonymous.get("/api/v1/sectors/?cursor=&page_size=2")

    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert codes == sorted(codes)


def test_it_shows_a_missing_website_as_null_and_removes_one_written_as_null(alice):
    organization = OrganizationFactory(website="")
    detail = alice.get(f"/api/v1/organizations/{organization.slug}/").json()
    assert detail["website"] is None

    organization.website = "https://example.org/"
    organization.save()
    response = alice.patch(
        f"/api/v1/organizations/{organization.slug}/",
        {"website": None, "version": organization.version},
        format="json",
    )

    assert response.status_code == 200, response.json()
    organization.refresh_from_db()
    assert organization.website == ""
