"""Each public page costs the same number of queries however many rows it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.models import Engagement, EngagementParticipant, Official, Organization
from projects.models import Project
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
)
from tests.public.conftest import add_project

pytestmark = pytest.mark.django_db

# Public pages read outside a transaction (kruz.views.public_page): no savepoint.
PAGES = {
    "/en/": 11,  # figures: projects by status and region, budgets, funding, agreements
    # + the three stamps of the filter options, and, cold, the four queries counting them
    "/en/projects/": 9,
    "/en/projects/?region=UZ-TK&year=2022&instrument=110": 9,
    "/en/projects.csv": 0,
    # the key (project, digest) and, cold, the project with its public parts
    "/en/projects/project-0/": 12,
    "/en/agreements/": 3,  # + the statuses and kinds in use, counted
    # the agreement and its public parts, sources and citations included
    "/en/agreements/agreement-0/": 6,
    "/en/timeline/": 3,
    "/en/engagements/": 2,
    # the engagement, its sources, citations, participants, agreements and projects
    "/en/engagements/visit-0/": 6,
    "/en/officials/": 3,  # + each official's positions, in one query
    "/en/officials/signatory-0/": 7,
    "/en/organizations/": 2,
    # + its fundings, totals per currency, undisclosed count, roles, engagements, people
    "/en/organizations/funder-0/": 10,
    "/en/sectors/": 1,
    "/en/regions/": 1,
    "/en/search/?q=project": 10,  # a count and a page of matches for each of five kinds
}


def add_rows(start, count):
    """`count` projects, each funded, reported on, with milestones, agreements, visits;
    each row's records also tied to the first row's (its funder, visit and signatory), so
    the first row's pages show more with every row."""
    for index in range(start, start + count):
        funder = OrganizationFactory(slug=f"funder-{index}")
        agreement = AgreementFactory(slug=f"agreement-{index}")
        agreement.parties.add(funder)
        official = OfficialFactory(slug=f"signatory-{index}")
        agreement.signatories.add(official)
        engagement = EngagementFactory(slug=f"visit-{index}")
        project = add_project(
            f"Project {index}",
            slug=f"project-{index}",
            funder=funder,
            agreement=agreement,
            engagement=engagement,
        )
        tie_to_first_row(index, project, agreement, official)


def tie_to_first_row(index, project, agreement, official):
    first_funder = Organization.objects.get(slug="funder-0")
    first_visit = Engagement.objects.get(slug="visit-0")
    FundingFactory(project=project, funder=first_funder, currency_id="KRW")
    ParticipatingOrganizationFactory(project=project, organization=first_funder)
    PositionFactory(official=official, organization=first_funder)
    EngagementParticipant.objects.create(engagement=first_visit, official=official, role="head")
    agreement.engagement = first_visit
    agreement.save()
    agreement.parties.add(first_funder)
    project.engagements.add(first_visit)
    if index:
        first_signatory = Official.objects.get(slug="signatory-0")
        agreement.signatories.add(first_signatory)
        EngagementParticipant.objects.create(
            engagement=Engagement.objects.get(slug=f"visit-{index}"),
            official=first_signatory,
            role="delegate",
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", PAGES)
def test_it_costs_the_same_queries_for_one_row_and_for_many(client, url, django_assert_num_queries):
    add_rows(0, 1)
    cache.clear()  # cold: the filter form and project records are read, not cached
    with django_assert_num_queries(PAGES[url]):
        client.get(url)
    add_rows(1, 4)
    cache.clear()
    with django_assert_num_queries(PAGES[url]):
        client.get(url)


def test_it_lists_projects_without_reading_unchanged_filter_options(client):
    add_rows(0, 1)
    client.get("/en/projects/")
    add_rows(1, 4)
    client.get("/en/projects/")
    assert queries_for(client, "/en/projects/?page=2") == 5


def test_it_lists_ten_thousand_projects_in_the_same_queries(client):
    add_rows(0, 1)
    client.get("/en/projects/")  # the filter form, cached from here on
    few = queries_for(client, "/en/projects/?page=3")
    Project.objects.bulk_create(
        Project(
            slug=f"bulk-{n}",
            title=f"Bulk {n}",
            summary="-",
            kind="development",
            status=2,
            publication="published",
        )
        for n in range(10_000)
    )
    client.get("/en/projects/")  # the options count the new projects, once
    many = queries_for(client, "/en/projects/?page=300")
    assert many == few
