"""The schema is a contract a generated client can trust: a client generated from the
served /api/schema/ by a standard generator (openapi-python-client), unmodified, talks to
a live server over HTTP and does an integrator's whole round: list, page, walk with a
cursor, filter, search, read a detail, create, update, hit a conflict, and delete.

The client is generated at test time into a temporary directory, never committed."""

import importlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.api.conftest import grant
from tests.factories import ProjectFactory, UserFactory

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "kruz_client"


@pytest.fixture
def generated(live_server, tmp_path):
    """The generated package, imported from a temporary directory."""
    response = httpx.get(
        f"{live_server.url}/api/schema/",
        headers={"Accept": "application/vnd.oai.openapi+json"},
        timeout=30,
    )
    response.raise_for_status()
    schema = tmp_path / "schema.json"
    schema.write_bytes(response.content)
    # The generator formats its output with ruff, found on PATH beside it.
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(  # noqa: S603 - our own virtualenv's generator, fixed arguments
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def publisher_key():
    from api.models import ApiToken

    user = UserFactory(username="integration", is_staff=False)
    for action in ("view", "add", "change", "delete", "publish"):
        grant(user, f"diplomacy.{action}_organization")
    token = ApiToken(name="generated client", user=user)
    key = token.issue_key()
    token.save()
    return key


def cursor_of(url):
    return parse_qs(urlparse(url).query, keep_blank_values=True)["cursor"][0]


def test_a_generated_client_does_an_integrators_whole_round(generated, live_server, publisher_key):
    client_module = generated("client")
    models = generated("models")
    projects_list = generated("api.projects.projects_list")
    projects_retrieve = generated("api.projects.projects_retrieve")
    create = generated("api.organizations.organizations_create")
    update = generated("api.organizations.organizations_partial_update")
    destroy = generated("api.organizations.organizations_destroy")
    retrieve = generated("api.organizations.organizations_retrieve")
    for number in range(3):
        ProjectFactory(slug=f"hospital-{number}", title=f"Hospital {number}", region="UZ-TK")
    ProjectFactory(slug="school", title="School in Khiva", region="UZ-XO")
    ProjectFactory(slug="draft", title="Hospital draft", publication="draft")

    anonymous = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    integration = client_module.AuthenticatedClient(
        base_url=live_server.url,
        token=publisher_key,
        prefix="Token",
        raise_on_unexpected_status=True,
    )

    # List, and page through numbered pages.
    first = projects_list.sync(client=anonymous, page_size=3)
    assert first.count == 4
    assert [row.slug for row in first.results] == ["hospital-0", "hospital-1", "hospital-2"]
    second = projects_list.sync(client=anonymous, page_size=3, page=2)
    assert [row.slug for row in second.results] == ["school"]

    # Walk the whole list with a cursor.
    walked, cursor = [], ""
    while cursor is not None:
        page = projects_list.sync(client=anonymous, cursor=cursor, page_size=3)
        walked += [row.slug for row in page.results]
        cursor = cursor_of(page.next_) if page.next_ else None
    assert walked == ["hospital-0", "hospital-1", "hospital-2", "school"]

    # Filter, order, and search.
    region = models.ProjectsListRegion("UZ-XO")
    filtered = projects_list.sync(client=anonymous, region=region)
    assert [row.slug for row in filtered.results] == ["school"]
    ordered = projects_list.sync(
        client=anonymous, ordering=models.ProjectsListOrdering("-title"), page_size=2
    )
    assert [row.slug for row in ordered.results] == ["school", "hospital-2"]
    found = projects_list.sync(client=anonymous, q="Khiva")
    assert [row.slug for row in found.results] == ["school"]

    # Bad input is a typed answer, not an exception or None.
    refused = projects_list.sync(client=anonymous, q=" ".join(["word"] * 11))
    assert isinstance(refused, models.FieldErrors)
    assert refused.additional_properties["q"] == ["Search with at most 10 words."]
    missing = projects_retrieve.sync(client=anonymous, slug="draft")
    assert isinstance(missing, models.Error)

    # Read a detail.
    detail = projects_retrieve.sync(client=anonymous, slug="school")
    assert detail.title == "School in Khiva"
    assert detail.version is generated("types").UNSET  # only writers are told the version

    # Create, update, conflict, delete.
    created = create.sync(
        client=integration,
        body=models.OrganizationRequest(
            slug="koica",
            name="Korea International Cooperation Agency",
            kind=models.OrganizationKind("agency"),
        ),
    )
    assert isinstance(created, models.Organization), created
    assert created.publication == models.Publication("draft")
    assert created.website is None

    updated = update.sync(
        client=integration,
        slug="koica",
        body=models.PatchedOrganizationRequest(
            acronym="KOICA", website="https://www.koica.go.kr/", version=created.version
        ),
    )
    assert isinstance(updated, models.Organization), updated
    assert updated.acronym == "KOICA"
    assert updated.version == created.version + 1

    stale = update.sync(
        client=integration,
        slug="koica",
        body=models.PatchedOrganizationRequest(acronym="K", version=created.version),
    )
    assert isinstance(stale, models.Conflict), stale
    assert stale.current_version == updated.version

    stale_delete = destroy.sync_detailed(client=integration, slug="koica", version=created.version)
    assert stale_delete.status_code == 409
    deleted = destroy.sync_detailed(client=integration, slug="koica", version=updated.version)
    assert deleted.status_code == 204
    gone = retrieve.sync(client=integration, slug="koica")
    assert isinstance(gone, models.Error)
