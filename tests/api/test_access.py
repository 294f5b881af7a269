"""Every endpoint, read and written by an anonymous client, by an integration without
permissions (bob) and by one with them (alice)."""

import pytest

from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    OfficialFactory,
    OrganizationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

RESOURCES = {
    "projects": (
        ProjectFactory,
        {
            "slug": "urgench-airport",
            "title": "Urgench airport",
            "summary": "A new terminal.",
            "kind": "investment",
            "status": 2,
        },
    ),
    "agreements": (
        AgreementFactory,
        {
            "slug": "air-services",
            "title": "Air services agreement",
            "kind": "agreement",
            "status": "signed",
            "signed_on": "2019-04-19",
        },
    ),
    "engagements": (
        EngagementFactory,
        {
            "slug": "state-visit-2019",
            "title": "State visit",
            "kind": "state_visit",
            "started_on": "2019-04-18",
        },
    ),
    "organizations": (
        OrganizationFactory,
        {"slug": "koica", "name": "Korea International Cooperation Agency", "kind": "agency"},
    ),
    "officials": (
        OfficialFactory,
        {"slug": "kang-kyung-wha", "name": "Kang Kyung-wha", "country": "KR"},
    ),
}
resource_names = pytest.mark.parametrize("resource", RESOURCES)


def arrange(resource, **fields):
    factory, _payload = RESOURCES[resource]
    return factory(**fields)


@resource_names
def test_it_lists_only_published_records_to_anonymous_clients(anonymous, resource):
    published = arrange(resource, publication="published")
    arrange(resource, publication="draft")
    response = anonymous.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    assert [record["slug"] for record in response.json()["results"]] == [published.slug]


@resource_names
def test_it_hides_a_draft_detail_from_anonymous_clients(anonymous, resource):
    draft = arrange(resource, publication="draft")
    assert anonymous.get(f"/api/v1/{resource}/{draft.slug}/").status_code == 404


@resource_names
def test_it_hides_drafts_from_an_integration_without_the_view_permission(bob, resource):
    draft = arrange(resource, publication="draft")
    assert bob.get(f"/api/v1/{resource}/{draft.slug}/").status_code == 404


@resource_names
def test_it_shows_drafts_to_an_integration_with_the_view_permission(alice, resource):
    draft = arrange(resource, publication="draft")
    response = alice.get(f"/api/v1/{resource}/{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["publication"] == "draft"


@resource_names
def test_it_refuses_anonymous_writes(anonymous, resource):
    record = arrange(resource)
    _factory, payload = RESOURCES[resource]
    assert anonymous.post(f"/api/v1/{resource}/", payload).status_code == 401
    url = f"/api/v1/{resource}/{record.slug}/"
    assert anonymous.patch(url, {"version": 1}).status_code == 401
    assert anonymous.delete(f"{url}?version=1").status_code == 401
    assert type(record).objects.count() == 1


@resource_names
def test_it_refuses_writes_without_the_model_permission(bob, resource):
    record = arrange(resource)
    _factory, payload = RESOURCES[resource]
    assert bob.post(f"/api/v1/{resource}/", payload).status_code == 403
    url = f"/api/v1/{resource}/{record.slug}/"
    assert bob.patch(url, {"version": 1}).status_code == 403
    assert bob.delete(f"{url}?version=1").status_code == 403
    assert type(record).objects.count() == 1


@resource_names
def test_it_creates_a_draft_with_the_add_permission(alice, resource):
    factory, payload = RESOURCES[resource]
    response = alice.post(f"/api/v1/{resource}/", payload)
    assert response.status_code == 201, response.json()
    created = factory._meta.model.objects.get(slug=payload["slug"])
    assert created.publication == "draft"
    assert response.json()["url"].endswith(f"/api/v1/{resource}/{created.slug}/")


@resource_names
def test_it_updates_with_the_change_permission(alice, resource):
    record = arrange(resource)
    response = alice.patch(
        f"/api/v1/{resource}/{record.slug}/", {"slug": "renamed", "version": record.version}
    )
    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert (record.slug, record.version) == ("renamed", 2)


@resource_names
def test_it_deletes_with_the_delete_permission(alice, resource):
    record = arrange(resource)
    response = alice.delete(f"/api/v1/{resource}/{record.slug}/?version={record.version}")
    assert response.status_code == 204
    assert not type(record).objects.exists()


def test_it_reads_sectors_anonymously(anonymous):
    response = anonymous.get("/api/v1/sectors/12191/")
    assert response.status_code == 200
    assert response.json()["code"] == 12191


@pytest.mark.parametrize("client_name", ["anonymous", "bob", "alice"])
def test_it_never_writes_sectors(request, client_name):
    client = request.getfixturevalue(client_name)
    response = client.post("/api/v1/sectors/", {"code": 99999, "name": "New", "category": 999})
    assert response.status_code in (401, 403, 405)
    assert client.delete("/api/v1/sectors/12191/").status_code in (401, 403, 405)


def test_it_refuses_a_revoked_token(alice, alice_user):
    alice_user.api_tokens.revoke()
    response = alice.get("/api/v1/projects/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_it_links_the_api_root_to_every_resource(anonymous):
    response = anonymous.get("/api/v1/")
    assert set(response.json()) == {*RESOURCES, "sectors", "webhooks"}
