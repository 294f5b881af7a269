"""On the real record (fixtures/record/): every citation of every published project,
agreement, engagement, official and organization is quoted on its page, and no staff note
reaches any public page."""

import html
import re

import pytest
from django.apps import apps

from diplomacy.models import Agreement, Engagement, Official, Organization
from projects.models import Project
from tests.public.test_html_validity import sitemap_paths
from tests.public.whole_record import whole_record  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("whole_record")]

NOTE = re.compile(r'<li id="note-(\d+)" value="\1">(.*?)</li>', re.DOTALL)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def notes(content):
    """{number: the note's HTML}"""
    return {int(number): body for number, body in NOTE.findall(content)}


def assert_every_citation_quoted(content, record):
    shown = "\n".join(notes(content).values())
    for citation in record.public_citations:
        assert f'<blockquote lang="en">{html.escape(citation.quote)}</blockquote>' in shown, (
            record.slug,
            citation.pk,
        )
        assert html.escape(citation.source.title) in shown
    assert len(notes(content)) == len(record.public_citations)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_citation_of_every_published_project_is_quoted_on_its_page(client, language):
    projects = Project.objects.published().with_public_parts()
    assert projects
    for project in projects:
        assert project.public_citations, project.slug
        assert_every_citation_quoted(page(client, f"/{language}/projects/{project.slug}/"), project)


@pytest.mark.parametrize("language", ["en", "uz"])
def test_every_citation_of_every_published_agreement_is_quoted_on_its_page(client, language):
    agreements = Agreement.objects.published().with_public_parts()
    assert agreements
    for agreement in agreements:
        content = page(client, f"/{language}/agreements/{agreement.slug}/")
        assert_every_citation_quoted(content, agreement)
        assert 'id="sources-heading"' in content


@pytest.mark.parametrize(
    ("model", "language"), [(Engagement, "ru"), (Official, "ko"), (Organization, "en")]
)
def test_every_citation_of_every_other_published_record_is_quoted_on_its_page(
    client, model, language
):
    records = model.objects.published().with_public_parts()
    assert any(record.public_citations for record in records)
    for record in records:
        content = page(client, f"/{language}{record.get_absolute_url()[3:]}")
        assert_every_citation_quoted(content, record)


def test_an_engagement_date_carries_marks_that_lead_to_its_notes(client):
    engagement = next(
        e
        for e in Engagement.objects.published().with_public_parts()
        if any(c.fact == "started_on" for c in e.public_citations)
    )
    content = page(client, engagement.get_absolute_url())
    date_dd = re.search(r"<dt>Date</dt><dd>(.*?)</dd>", content).group(1)
    marks = [int(n) for n in re.findall(r'<a href="#note-(\d+)" id="cite-\1">', date_dd)]
    dated = [c for c in engagement.public_citations if c.fact in ("started_on", "ended_on")]
    assert len(marks) == len(dated)


def test_a_shown_fact_carries_marks_that_lead_to_its_notes(client):
    project = Project.objects.public().get(slug="childrens-hospital-tashkent")
    content = page(client, project.get_absolute_url())
    by_number = notes(content)
    status = [c for c in project.public_citations if c.fact == "status"]
    assert status
    status_dd = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", content).group(1)
    marks = [int(n) for n in re.findall(r'<a href="#note-(\d+)" id="cite-\1">', status_dd)]
    assert len(marks) == len(status)
    for number in marks:
        assert f'<a href="#cite-{number}">Status</a>' in by_number[number]
    assert {html.escape(c.quote) for c in status} <= {
        re.search(r"<blockquote[^>]*>(.*?)</blockquote>", by_number[n], re.DOTALL).group(1)
        for n in marks
    }


def editorial_notes():
    """Every staff note in the database, whitespace joined, from every model that has one."""
    found = []
    for model in apps.get_models():
        if any(field.name == "editorial_note" for field in model._meta.concrete_fields):
            notes = model._base_manager.exclude(editorial_note="")
            found += [
                " ".join(note.split()) for note in notes.values_list("editorial_note", flat=True)
            ]
    return found


def test_no_editorial_note_appears_on_any_public_page(client):
    staff_notes = editorial_notes()
    assert len(staff_notes) > 20
    # A note's first sentence is enough to recognise it, and survives being cut short.
    openings = {note.split(". ")[0][:80] for note in staff_notes}
    paths = sitemap_paths(client)
    assert any("/agreements/" in path for path in paths)
    for path in paths:
        content = client.get(path).content.decode()
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())
        leaked = [opening for opening in openings if opening in text]
        assert not leaked, (path, leaked)
