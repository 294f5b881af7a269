"""A draft never leaks through a link from a published record: not the engagement an
agreement was signed at, not a funder named in the IATI file."""

import datetime

import pytest
from lxml import etree

from tests.api.test_iati import schema_dir  # noqa: F401 - a fixture
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement_signed_at_a_draft():
    engagement = EngagementFactory(slug="secret-visit", publication="draft")
    return AgreementFactory(slug="loan", engagement=engagement)


def test_it_names_a_published_engagement(anonymous):
    AgreementFactory(slug="loan", engagement=EngagementFactory(slug="state-visit"))

    assert anonymous.get("/api/v1/agreements/loan/").json()["engagement"] == "state-visit"


def test_it_hides_a_draft_engagement_from_anonymous_clients(anonymous, agreement_signed_at_a_draft):
    response = anonymous.get("/api/v1/agreements/loan/")

    assert response.json()["engagement"] is None
    assert b"secret-visit" not in response.content


def test_it_hides_a_draft_engagement_from_an_integration_without_the_view_permission(
    bob, agreement_signed_at_a_draft
):
    assert bob.get("/api/v1/agreements/loan/").json()["engagement"] is None


def test_it_hides_a_draft_engagement_even_from_an_integration_that_reads_drafts(
    alice, agreement_signed_at_a_draft
):
    # A published record has one representation, the same for every reader (and cached).
    assert alice.get("/api/v1/agreements/loan/").json()["engagement"] is None


def test_it_keeps_the_draft_engagement_when_an_integration_updates_the_agreement(
    alice, agreement_signed_at_a_draft
):
    response = alice.patch("/api/v1/agreements/loan/", {"title": "Loan", "version": 1})

    assert response.status_code == 200, response.json()
    agreement_signed_at_a_draft.refresh_from_db()
    assert agreement_signed_at_a_draft.engagement.slug == "secret-visit"


@pytest.fixture
def funded_by_a_draft():
    project = ProjectFactory(slug="hospital")
    ParticipatingOrganizationFactory(project=project)
    ProjectSectorFactory(project=project)  # all IATI needs, so the activity is in the file
    secret = OrganizationFactory(
        name="Secret Fund", iati_identifier="XM-SECRET", publication="draft"
    )
    FundingFactory(project=project, funder=secret, committed_on=datetime.date(2020, 1, 15))
    return project


def test_it_leaves_a_draft_funders_funding_out_of_the_iati_file(client, funded_by_a_draft):
    response = client.get("/iati/activities.xml")

    activities = etree.fromstring(response.content).findall("iati-activity")
    assert [a.findtext("iati-identifier") for a in activities] == [
        funded_by_a_draft.iati_identifier
    ]
    assert activities[0].findall("transaction") == []
    assert b"Secret Fund" not in response.content and b"XM-SECRET" not in response.content


def test_it_stays_valid_iati_without_the_draft_funder(client, schema_dir, funded_by_a_draft):  # noqa: F811
    schema = etree.XMLSchema(etree.parse(str(schema_dir / "iati-activities-schema.xsd")))

    schema.assertValid(etree.fromstring(client.get("/iati/activities.xml").content))
