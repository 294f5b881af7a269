"""A changelist costs the same number of queries whatever its row count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kruz.records import Publication
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "projects_project": lambda: factories.FundingFactory().project,
    "projects_funding": factories.FundingFactory,
    "projects_milestone": factories.MilestoneFactory,
    "projects_statusreport": factories.StatusReportFactory,
    "projects_projectsector": factories.ProjectSectorFactory,
    "projects_participatingorganization": factories.ParticipatingOrganizationFactory,
    "diplomacy_agreement": lambda: factories.AgreementFactory(
        engagement=factories.EngagementFactory(), value=1, value_currency_id="USD"
    ),
    "diplomacy_engagement": factories.EngagementFactory,
    "diplomacy_organization": factories.OrganizationFactory,
    "diplomacy_official": factories.OfficialFactory,
    "diplomacy_position": factories.PositionFactory,
    "diplomacy_source": factories.SourceFactory,
    "diplomacy_engagementparticipant": lambda: factories.EngagementFactory().participations.create(
        official=factories.OfficialFactory(), role="head"
    ),
    "diplomacy_agreementsignatory": lambda: factories.AgreementFactory().signings.create(
        official=factories.OfficialFactory(), on_behalf_of=factories.OrganizationFactory()
    ),
}


def changelist_queries(session, name):
    with CaptureQueriesContext(connection) as queries:
        response = session.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_it_lists_10_or_200_rows_in_the_same_number_of_queries(name, bob, client_for):
    session = client_for(bob)
    for _ in range(10):
        CHANGELISTS[name]()
    at_10 = changelist_queries(session, name)
    for _ in range(190):
        CHANGELISTS[name]()

    assert changelist_queries(session, name) == at_10


def test_it_lists_2000_projects_in_the_queries_of_10(bob, client_for):
    session = client_for(bob)
    funder = factories.OrganizationFactory(name="EDCF", acronym="EDCF")
    for _ in range(10):
        factories.FundingFactory(funder=funder)
    at_10 = changelist_queries(session, "projects_project")
    Project.objects.bulk_create(
        Project(
            slug=f"bulk-{n}",
            title=f"Bulk project {n}",
            summary="-",
            kind="development",
            status=2,
            publication=Publication.DRAFT,
        )
        for n in range(1990)
    )

    assert changelist_queries(session, "projects_project") == at_10
