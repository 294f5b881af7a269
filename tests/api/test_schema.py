"""The OpenAPI schema and its documentation page, served without any CDN."""

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
