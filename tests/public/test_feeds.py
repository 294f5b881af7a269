"""Atom feeds of public changes, site-wide and per project: a journalist follows a project
without an account. Each entry says what happened to which record, in the reader's
language, links to its page and is dated in UTC; a draft never makes one."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from kruz.models import PublicEvent
from kruz.records import Publication
from tests.factories import AgreementFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SITE = "https://kruz.example.org"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def feed(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return etree.fromstring(response.content)


def entries(atom):
    """[{"title", "summary", "link", "id", "updated", "published"}] newest first."""
    found = []
    for entry in atom.xpath("atom:entry", namespaces=ATOM):
        found.append(
            {
                "title": entry.findtext("atom:title", namespaces=ATOM),
                "summary": entry.findtext("atom:summary", namespaces=ATOM),
                "link": entry.find("atom:link", namespaces=ATOM).get("href"),
                "id": entry.findtext("atom:id", namespaces=ATOM),
                "updated": entry.findtext("atom:updated", namespaces=ATOM),
                "published": entry.findtext("atom:published", namespaces=ATOM),
            }
        )
    return found


def titles(atom):
    return [entry["title"] for entry in entries(atom)]


@pytest.fixture
def hospital(db):
    return ProjectFactory(slug="hospital", title="Children's hospital", title_ko="어린이병원")


def test_it_announces_a_published_record_with_a_link_to_its_page(client, hospital):
    (entry,) = entries(feed(client, "/en/feed/"))

    event = PublicEvent.objects.get()
    assert entry["title"] == "Published: Children's hospital (project)"
    assert entry["summary"] == "“Children&#x27;s hospital” is now in the public record."
    assert entry["link"] == f"{SITE}/en/projects/hospital/"
    assert entry["id"] == f"urn:uuid:{event.uuid}"


def test_it_announces_a_change_the_public_can_see(client, hospital):
    hospital.title = "Children's hospital in Tashkent"
    hospital.save()

    assert titles(feed(client, "/en/feed/")) == [
        "Changed: Children's hospital in Tashkent (project)",
        "Published: Children's hospital (project)",
    ]


def test_it_announces_an_unpublished_record_by_the_title_the_public_last_saw(client, hospital):
    hospital.title = "Draft title nobody may read"
    hospital.unpublish()

    atom = feed(client, "/en/feed/")

    latest = entries(atom)[0]
    assert latest["title"] == "Unpublished: Children's hospital (project)"
    assert "withdrawn from the public record" in latest["summary"]
    assert latest["link"] == f"{SITE}/en/projects/hospital/"
    assert b"nobody may read" not in etree.tostring(atom)


def test_it_announces_a_deleted_record(client, hospital):
    AgreementFactory(slug="loan", title="Loan agreement").delete()

    latest = entries(feed(client, "/en/feed/"))[0]

    assert latest["title"] == "Deleted: Loan agreement (agreement)"
    assert "was deleted from the record" in latest["summary"]
    assert latest["link"] == f"{SITE}/en/agreements/loan/"


def test_it_makes_no_entry_for_a_draft(client):
    draft = ProjectFactory(slug="draft", title="Secret draft", publication=Publication.DRAFT)
    draft.title = "Secret draft, edited"
    draft.save()
    draft.delete()

    atom = feed(client, "/en/feed/")

    assert entries(atom) == []
    assert b"Secret" not in etree.tostring(atom)


def test_it_writes_entries_in_the_readers_language(client, hospital):
    atom = feed(client, "/ko/feed/")

    (entry,) = entries(atom)
    assert "어린이병원" in entry["title"]
    assert entry["link"] == f"{SITE}/ko/projects/hospital/"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"


def test_it_dates_entries_in_utc(client, hospital, settings):
    assert settings.TIME_ZONE == "Asia/Tashkent"
    (entry,) = entries(feed(client, "/en/feed/"))

    event = PublicEvent.objects.get()
    assert entry["updated"].endswith("+00:00")
    assert entry["updated"] == entry["published"]
    assert entry["updated"].startswith(event.occurred_at.astimezone(datetime.UTC).isoformat()[:19])


def test_it_follows_one_project_in_its_own_feed(client, hospital):
    ProjectFactory(slug="kindergartens", title="Kindergartens")
    hospital.title = "Children's hospital in Tashkent"
    hospital.save()

    atom = feed(client, "/en/projects/hospital/feed/")

    assert atom.findtext("atom:title", namespaces=ATOM) == (
        "KRUZ: changes to “Children's hospital in Tashkent”"
    )
    assert atom.find("atom:link[@rel='self']", namespaces=ATOM).get("href") == (
        f"{SITE}/en/projects/hospital/feed/"
    )
    assert titles(atom) == [
        "Changed: Children's hospital in Tashkent (project)",
        "Published: Children's hospital (project)",
    ]


def test_it_keeps_a_withdrawn_projects_feed_so_its_readers_learn_it(client, hospital):
    hospital.unpublish()

    atom = feed(client, "/en/projects/hospital/feed/")

    assert titles(atom)[0] == "Unpublished: Children's hospital (project)"


def test_it_has_no_feed_for_a_project_that_was_never_public(client):
    ProjectFactory(slug="draft", publication=Publication.DRAFT)

    assert client.get("/en/projects/draft/feed/").status_code == 404
    assert client.get("/en/projects/nothing/feed/").status_code == 404


def test_it_sends_a_renamed_projects_feed_readers_to_its_new_address(client, hospital):
    hospital.slug = "childrens-hospital"
    hospital.save()

    response = client.get("/en/projects/hospital/feed/")

    assert response.status_code == 301
    assert response["Location"] == "/en/projects/childrens-hospital/feed/"


def test_it_refuses_to_be_posted_to(client, hospital):
    assert client.post("/en/feed/").status_code == 405
    assert client.post("/en/projects/hospital/feed/").status_code == 405


def test_it_lists_the_latest_fifty_changes(client):
    for number in range(55):
        ProjectFactory(slug=f"project-{number}")

    assert len(entries(feed(client, "/en/feed/"))) == 50


def test_it_is_served_in_every_language(client, hospital):
    for code, _name in settings.LANGUAGES:
        assert entries(feed(client, f"/{code}/feed/"))[0]["link"].startswith(f"{SITE}/{code}/")


def test_it_reads_the_same_number_of_queries_for_one_change_as_for_fifty(
    client, django_assert_max_num_queries
):
    ProjectFactory(slug="first")
    AgreementFactory(slug="first")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/feed/")
    for number in range(25):
        ProjectFactory(slug=f"project-{number}").unpublish()
        AgreementFactory(slug=f"agreement-{number}")

    with django_assert_max_num_queries(len(few)):
        client.get("/en/feed/")
