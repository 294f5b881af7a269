"""Every fact of a published project or agreement is shown with the passage of the source
it rests on, and no staff note about how the record was made reaches a public page."""

import re

import pytest
from django.utils import translation

from kruz.records import Publication
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

NOTE = re.compile(r'<li id="note-(\d+)" value="\1">(.*?)</li>', re.DOTALL)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def notes(content):
    """{number: the note's HTML}"""
    return {int(number): body for number, body in NOTE.findall(content)}


def test_a_note_names_the_source_its_publisher_date_and_address(client, record):
    source = SourceFactory(
        title="Agreement signed",
        publisher="Ministry of Foreign Affairs",
        url="https://example.org/release",
        published_on="2018-04-01",
        published_on_precision="month",
    )
    agreement = record["agreement"]
    agreement.sources.add(source)
    agreement.citations.create(source=source, fact="status", quote="It is in force.")
    content = page(client, agreement.get_absolute_url())
    (note,) = notes(content).values()
    assert "It is in force." in note
    assert '<a href="https://example.org/release">Agreement signed</a>' in note
    assert "Ministry of Foreign Affairs" in note
    assert "April 2018" in note and "2018-04" not in note.replace("2018-04-01", "")
    with translation.override("ko"):
        assert "2018년 4월" in page(client, agreement.get_absolute_url().replace("/en/", "/ko/"))


def test_a_note_quoting_a_draft_source_is_not_shown(client, record):
    draft = SourceFactory(title="Unchecked draft", publication=Publication.DRAFT)
    agreement = record["agreement"]
    agreement.citations.create(source=draft, fact="status", quote="Rumoured to be in force.")
    content = page(client, agreement.get_absolute_url())
    assert "Rumoured" not in content and "Unchecked draft" not in content


def test_the_cached_project_page_follows_a_new_citation_and_a_source_change(client, record):
    hospital = record["hospital"]
    url = hospital.get_absolute_url()
    page(client, url)
    source = SourceFactory(title="Ministry release", publisher="Ministry of Health")
    hospital.sources.add(source)
    hospital.citations.create(source=source, fact="status", quote="The hospital is open.")
    content = page(client, url)
    assert "The hospital is open." in content and "Ministry of Health" in content
    source.publisher = "Ministry of Health of Uzbekistan"
    source.save()
    assert "Ministry of Health of Uzbekistan" in page(client, url)
