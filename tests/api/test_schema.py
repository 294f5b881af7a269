"""The OpenAPI schema and its documentation page, served without any CDN."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_it_serves_an_openapi_3_schema_of_every_resource(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for resource in ("projects", "agreements", "engagements", "organizations", "officials"):
        assert f"/api/v1/{resource}/" in schema["paths"]
        assert f"/api/v1/{resource}/{{slug}}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"q", "region", "sector", "ordering", "page", "cursor", "updated_since"} <= parameters
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_it_serves_the_docs_with_local_assets_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    external = re.findall(r"""(?:src|href)=["'](https?:)?//""", page)
    assert external == []
    assets = re.findall(r"""["'](/static/[^"']+)["']""", page)
    assert assets
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def served_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return response.json()


RECORD_TYPES = ("projects", "agreements", "engagements", "organizations", "officials", "sectors")


def operations(schema):
    """The record types' operations (other endpoints declare their own access)."""
    for path, methods in schema["paths"].items():
        if path.split("/")[3] not in RECORD_TYPES:
            continue
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_error_statuses_with_their_bodies(client):
    schema = served_schema(client)
    for path, method, operation in operations(schema):
        statuses = set(operation["responses"])
        assert {"400", "401", "414"} <= statuses, (path, method)
        if method == "get":
            assert {"304", "404", "429"} <= statuses, (path, method)
        else:
            assert {"403", "409"} <= statuses, (path, method)
        if method in ("post", "patch"):
            assert {"413", "415"} <= statuses, (path, method)
        for status, response in operation["responses"].items():
            if status[0] in "45" and status != "414":  # 414: gunicorn's, before Django
                body = response["content"]["application/json"]["schema"]["$ref"]
                assert body.rsplit("/", 1)[1] in schema["components"]["schemas"]
    project = schema["paths"]["/api/v1/projects/{slug}/"]
    assert "301" in project["get"]["responses"]
    conflict = project["patch"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert conflict == {"$ref": "#/components/schemas/Conflict"}
    assert "current_version" in schema["components"]["schemas"]["Conflict"]["properties"]
    throttled = schema["paths"]["/api/v1/projects/"]["get"]["responses"]["429"]
    assert throttled["headers"]["Retry-After"]["required"] is True


def test_it_declares_anonymous_reads_and_token_writes(client):
    for path, method, operation in operations(served_schema(client)):
        if method == "get":
            assert operation["security"] == [{"tokenAuth": []}, {}], path
        else:
            assert operation["security"] == [{"tokenAuth": []}], path


def test_it_takes_json_request_bodies_only(client):
    for path, _method, operation in operations(served_schema(client)):
        if "requestBody" in operation:
            assert list(operation["requestBody"]["content"]) == ["application/json"], path


def test_it_declares_the_version_a_delete_needs(client):
    schema = served_schema(client)
    for path, method, operation in operations(schema):
        if method == "delete":
            (version,) = [p for p in operation["parameters"] if p["name"] == "version"]
            assert version["in"] == "query" and version["required"] is True, path
            assert version["schema"]["type"] == "integer"


def test_it_declares_parameter_types_and_allowed_values(client):
    parameters = {
        p["name"]: p["schema"]
        for p in served_schema(client)["paths"]["/api/v1/agreements/"]["get"]["parameters"]
    }
    assert parameters["year"]["type"] == "integer"
    assert parameters["ordering"]["enum"] == [
        "title",
        "-title",
        "signed_on",
        "-signed_on",
        "updated_at",
        "-updated_at",
    ]
    assert parameters["q"]["maxLength"] == 200


def test_no_value_matches_two_branches_of_a_schema(client):
    """oneOf[uri, maxLength 0] let an empty string match both branches: strict validators
    failed every organisation without a website."""
    text = json.dumps(served_schema(client))
    assert '"maxLength": 0' not in text
    website = served_schema(client)["components"]["schemas"]["Organization"]["properties"][
        "website"
    ]
    assert website == {"type": "string", "format": "uri", "nullable": True, "maxLength": 200}


def test_it_documents_what_a_read_that_needs_a_permission_answers(client):
    """Webhook subscriptions are read only with a permission: 401 without a token, 403
    with one that lacks it, 404 for an address that names no subscription."""
    paths = served_schema(client)["paths"]
    for path in ("/api/v1/webhooks/", "/api/v1/webhooks/{id}/"):
        statuses = set(paths[path]["get"]["responses"])
        assert {"401", "403", "404"} <= statuses, path
        assert "{}" not in str(paths[path]["get"].get("security")), path
