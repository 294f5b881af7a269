"""A project page's record is cached; the cached record must follow every change to what
it shows: the project, its parts, and the organizations, sectors and records it names."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Sector
from tests.factories import AgreementFactory, MilestoneFactory, SourceFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/projects/childrens-hospital/"


def page(client, url=PAGE):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_an_edit_to_the_project(client, record):
    page(client)
    hospital = record["hospital"]
    hospital.summary = "A new wing opened in 2024."
    hospital.save()
    assert "A new wing opened in 2024." in page(client)


def test_the_project_list_shows_an_edit_at_once(client, record):
    assert "Children&#x27;s hospital in Tashkent" in page(client, "/en/projects/")
    hospital = record["hospital"]
    hospital.title = "Tashkent children's hospital, renamed"
    hospital.save()
    listed = page(client, "/en/projects/")
    assert "Tashkent children&#x27;s hospital, renamed" in listed
    assert "Children&#x27;s hospital in Tashkent" not in listed


def test_it_shows_a_new_milestone(client, record):
    page(client)
    MilestoneFactory(project=record["hospital"], title="Roof finished")
    assert "Roof finished" in page(client)


def test_it_shows_a_renamed_funder(client, record):
    assert "Korea International Cooperation Agency" in page(client)
    koica = record["koica"]
    koica.name = "KOICA, renamed"
    koica.save()
    content = page(client)
    assert "KOICA, renamed" in content
    assert "Korea International Cooperation Agency" not in content


def test_it_shows_a_renamed_sector(client, record):
    page(client)
    sector = Sector.objects.get(code=12191)
    sector.name = "Renamed medical services"
    sector.save()
    assert "Renamed medical services</a> (12191)" in page(client)


def test_it_drops_an_agreement_once_unpublished(client, record):
    assert "Loan agreement for the children" in page(client)
    record["agreement"].unpublish()
    assert "Loan agreement for the children" not in page(client)


def test_it_follows_the_agreements_linked_to_the_project(client, record):
    page(client)
    hospital = record["hospital"]
    hospital.agreements.remove(record["agreement"])
    assert "Loan agreement for the children" not in page(client)
    hospital.agreements.add(AgreementFactory(title="Grant agreement for the new wing"))
    assert "Grant agreement for the new wing" in page(client)


def test_it_shows_a_newly_linked_source(client, record):
    page(client)
    record["hospital"].sources.add(SourceFactory(title="Ministry press release"))
    assert "Ministry press release" in page(client)


def test_it_keeps_one_cached_record_per_language(client, record):
    assert "타슈켄트 어린이병원" not in page(client)
    assert "<h1>타슈켄트 어린이병원</h1>" in page(client, "/ko/projects/childrens-hospital/")
    assert "<h1>Children&#x27;s hospital in Tashkent</h1>" in page(client)


def test_it_never_shows_a_project_once_unpublished(client, record):
    page(client)
    record["hospital"].unpublish()
    assert client.get(PAGE).status_code == 404


def test_it_reads_the_record_only_when_it_changed(client, record):
    with CaptureQueriesContext(connection) as first:
        page(client)
    with CaptureQueriesContext(connection) as second:
        page(client)
    assert len(second) == len(first) - 11  # the project again and its ten parts
    assert not any('"projects_funding"."id"' in query["sql"] for query in second)
