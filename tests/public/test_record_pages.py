"""Every public record has a page: engagements, officials and organizations, with every
name that refers to another public record linking to it; sectors and regions as lists
that lead to the filtered project list."""

import datetime

import pytest

from diplomacy.models import EngagementParticipant
from kruz.records import Publication
from tests.factories import (
    EngagementFactory,
    FundingFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def visit(record):
    """The record's state visit with a minister who signed its loan and worked at KOICA."""
    engagement, agreement, koica = record["engagement"], record["agreement"], record["koica"]
    engagement.started_on = datetime.date(2017, 11, 1)
    engagement.started_on_precision = "month"
    engagement.outcomes = "Both sides agreed to build the hospital."
    engagement.save()
    minister = OfficialFactory(slug="abdulaziz-kamilov", name="Abdulaziz Kamilov", country="UZ")
    ministry = OrganizationFactory(slug="mfa-uz", name="Ministry of Foreign Affairs", country="UZ")
    PositionFactory(
        official=minister,
        organization=ministry,
        title="Minister of Foreign Affairs",
        started_on=datetime.date(2012, 1, 1),
        started_on_precision="year",
    )
    EngagementParticipant.objects.create(
        engagement=engagement, official=minister, role="counterpart", capacity="Foreign Minister"
    )
    agreement.engagement = engagement
    agreement.save()
    agreement.signatories.add(minister)
    agreement.parties.add(koica)
    return {**record, "minister": minister, "ministry": ministry}


def test_it_shows_an_engagement_at_its_precision_with_links_to_everything_it_names(client, visit):
    page = text(client.get("/en/engagements/state-visit-2017/"))

    assert "November 2017" in page and "1 November 2017" not in page
    assert "Seoul, South Korea" in page
    assert "State visit to Seoul" in page
    assert 'href="/en/officials/abdulaziz-kamilov/">Abdulaziz Kamilov</a>, Counterpart' in page
    assert "(Foreign Minister)" in page
    assert "Both sides agreed to build the hospital." in page
    assert 'href="/en/agreements/hospital-loan/"' in page
    assert 'href="/en/projects/childrens-hospital/"' in page
    assert 'href="/en/projects/kindergartens/"' in page


def test_it_lists_heads_of_delegation_and_hosts_before_the_others(client, visit):
    president = OfficialFactory(slug="president", name="Zeta President")
    EngagementParticipant.objects.create(
        engagement=visit["engagement"], official=president, role="head"
    )

    page = text(client.get("/en/engagements/state-visit-2017/"))

    assert page.index("Zeta President") < page.index("Abdulaziz Kamilov")


def test_it_lists_engagements_linking_to_their_pages(client, visit):
    EngagementFactory(slug="draft-visit", title="A draft visit", publication=Publication.DRAFT)

    page = text(client.get("/en/engagements/"))

    assert 'href="/en/engagements/state-visit-2017/"' in page
    assert "A draft visit" not in page


def test_it_shows_an_officials_positions_engagements_and_agreements(client, visit):
    page = text(client.get("/en/officials/abdulaziz-kamilov/"))

    assert "Minister of Foreign Affairs" in page
    assert "2012 – ?" in page  # the end the sources leave open
    assert 'href="/en/organizations/mfa-uz/"' in page
    assert 'href="/en/engagements/state-visit-2017/"' in page
    assert 'href="/en/agreements/hospital-loan/"' in page


def test_it_never_names_a_draft_organization_in_an_officials_positions(client, visit):
    hidden = OrganizationFactory(name="Hidden Committee", publication=Publication.DRAFT)
    PositionFactory(official=visit["minister"], organization=hidden, title="Chair")

    page = text(client.get("/en/officials/abdulaziz-kamilov/"))

    assert "Chair" in page and "Hidden Committee" not in page


def test_it_shows_what_an_organization_funds_per_currency_and_what_it_signs(client, visit):
    koica, hospital = visit["koica"], visit["hospital"]
    FundingFactory(project=hospital, funder=koica, amount=None, currency_id=None)
    FundingFactory(project=hospital, funder=koica, amount=1_000_000, currency_id="KRW")
    ParticipatingOrganizationFactory(project=hospital, organization=koica)

    page = text(client.get("/en/organizations/koica/"))

    assert "Total in USD" in page and "USD 310,000,000" in page  # 2 × (150m + 5m)
    assert "KRW 1,000,000" in page
    assert "The amount of 1 funding is not disclosed" in page
    assert 'href="/en/projects/childrens-hospital/"' in page
    assert "Implementing" in page
    assert 'href="/en/agreements/hospital-loan/"' in page
    assert 'href="/en/engagements/state-visit-2017/"' in page  # its agreement was signed there
    assert 'href="/en/projects/?funder=koica"' in page


def test_it_lists_an_engagement_of_an_organization_only_while_its_person_held_office(client, visit):
    minister = visit["minister"]
    later = EngagementFactory(slug="later-visit", started_on=datetime.date(2019, 5, 2))
    EngagementParticipant.objects.create(engagement=later, official=minister, role="head")
    position = minister.positions.get()
    position.ended_on, position.ended_on_precision = datetime.date(2018, 1, 1), "year"
    position.save()

    page = text(client.get("/en/organizations/mfa-uz/"))

    assert 'href="/en/engagements/state-visit-2017/"' in page
    assert 'href="/en/engagements/later-visit/"' not in page
    assert 'href="/en/officials/abdulaziz-kamilov/"' in page


def test_it_lists_organizations_and_officials(client, visit):
    assert 'href="/en/organizations/koica/"' in text(client.get("/en/organizations/"))
    officials = text(client.get("/en/officials/"))
    assert 'href="/en/officials/abdulaziz-kamilov/"' in officials
    assert "Minister of Foreign Affairs" in officials


def test_it_links_names_on_agreement_and_project_pages_to_their_records(client, visit):
    agreement = text(client.get("/en/agreements/hospital-loan/"))
    assert 'href="/en/engagements/state-visit-2017/"' in agreement
    assert 'href="/en/officials/abdulaziz-kamilov/"' in agreement
    assert 'href="/en/organizations/koica/"' in agreement
    project = text(client.get("/en/projects/childrens-hospital/"))
    assert 'href="/en/organizations/koica/"' in project
    assert 'href="/en/engagements/state-visit-2017/"' in project
    assert 'href="/en/engagements/state-visit-2017/"' in text(client.get("/en/"))
    assert 'href="/en/engagements/state-visit-2017/"' in text(client.get("/en/timeline/"))


def test_it_quotes_the_sources_of_an_engagement(client, visit):
    source = SourceFactory(title="Joint statement", url="https://example.org/statement")
    engagement = visit["engagement"]
    engagement.sources.add(source)
    engagement.citations.create(source=source, fact="started_on", quote="In November 2017 …")

    page = text(client.get("/en/engagements/state-visit-2017/"))

    assert "In November 2017 …" in page
    assert 'href="https://example.org/statement"' in page


@pytest.mark.parametrize(
    ("model", "path"),
    [
        ("engagement", "/en/engagements/{}/"),
        ("minister", "/en/officials/{}/"),
        ("koica", "/en/organizations/{}/"),
    ],
)
def test_it_answers_404_for_a_draft_and_redirects_a_renamed_record(client, visit, model, path):
    record = visit[model]
    old_slug = record.slug
    record.slug = f"{old_slug}-renamed"
    record.save()

    response = client.get(path.format(old_slug))
    assert response.status_code == 301
    assert response["Location"] == path.format(record.slug)

    record.unpublish()
    assert client.get(path.format(record.slug)).status_code == 404


def test_it_lists_sectors_in_use_with_links_to_their_projects(client, visit):
    page = text(client.get("/en/sectors/"))

    assert 'href="/en/projects/?sector=12191"' in page
    assert "2 projects" in page


def test_it_lists_regions_with_counts_and_projects_without_one(client, visit):
    hospital = visit["hospital"]
    hospital.region = ""
    hospital.save()

    page = text(client.get("/en/regions/"))

    assert 'href="/en/projects/?region=UZ-SA"' in page
    assert 'href="/en/projects/?region=UZ-AN"' not in page  # no project there: no link
    assert "1 published project is nationwide" in page


def test_it_marks_the_current_section_in_the_main_navigation(client, visit):
    page = text(client.get("/en/officials/abdulaziz-kamilov/"))
    assert 'href="/en/officials/" aria-current="page"' in page
    assert 'href="/en/agreements/" aria-current="page"' not in page


def test_it_links_feed_entries_about_officials_and_organizations_to_their_pages(client, visit):
    feed = client.get("/en/feed/").content.decode()

    assert "/en/officials/abdulaziz-kamilov/" in feed
    assert "/en/organizations/mfa-uz/" in feed
