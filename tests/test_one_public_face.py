"""One public face per record: a published record with a draft or internal part planted on
it shows the same safe thing through every channel, and the hidden part through none —
the pages in four languages, the API's lists and details, the three exports, the IATI file
and a reminder digest. Each channel must also show the record itself, so that a channel
that showed nothing could not pass."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from projects import reminders
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
    ProjectCitationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    SourceFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = "HIDDEN"  # every planted text carries it
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def planted(settings):
    """Published records, each with hidden parts planted on it."""
    settings.TIME_ZONE = "Asia/Tashkent"
    draft = {"publication": "draft"}
    staff = UserFactory(username="clerk", email="clerk@kruz.test")
    project = ProjectFactory(
        slug="open-hospital",
        title="Open hospital",
        title_ko="열린 병원",
        title_uz="Ochiq shifoxona",
        title_ru="Открытая больница",
        editorial_note=f"{HIDDEN} editorial note",
        responsible=staff,
    )
    FundingFactory(project=project, funder=OrganizationFactory(slug="open-funder"))
    ProjectSectorFactory(project=project)  # which the IATI file needs
    FundingFactory(
        project=project,
        funder=OrganizationFactory(name=f"{HIDDEN} draft funder", **draft),
        editorial_note=f"{HIDDEN} funding note",
    )
    ParticipatingOrganizationFactory(
        project=project, organization=OrganizationFactory(name=f"{HIDDEN} participant", **draft)
    )
    StatusReportFactory(project=project, narrative=f"{HIDDEN} internal report", is_internal=True)
    StatusReportFactory(project=project, narrative=f"{HIDDEN} draft report", **draft)
    project.agreements.add(AgreementFactory(title=f"{HIDDEN} draft agreement", **draft))
    project.engagements.add(EngagementFactory(title=f"{HIDDEN} draft engagement", **draft))
    draft_source = SourceFactory(title=f"{HIDDEN} draft source", **draft)
    project.sources.add(draft_source)
    ProjectCitationFactory(project=project, source=draft_source, quote=f"{HIDDEN} quote")
    MilestoneFactory(project=project, title="Opening", due_on=TODAY)

    agreement = AgreementFactory(slug="open-loan", title="Open loan")
    agreement.signatories.add(OfficialFactory(name=f"{HIDDEN} signatory", **draft))
    agreement.parties.add(OrganizationFactory(name=f"{HIDDEN} party", **draft))
    AgreementCitationFactory(agreement=agreement, source=draft_source, quote=f"{HIDDEN} said")
    project.agreements.add(agreement)

    engagement = EngagementFactory(slug="open-visit", title="Open visit")
    engagement.participations.create(
        official=OfficialFactory(name=f"{HIDDEN} delegate", **draft),
        role="delegate",
        capacity=f"{HIDDEN} capacity",
    )
    project.engagements.add(engagement)

    official = OfficialFactory(slug="open-minister", name="Open minister")
    PositionFactory(
        official=official, organization=OrganizationFactory(name=f"{HIDDEN} ministry", **draft)
    )
    return project


def get(path, **params):
    response = Client().get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def page_channels():
    for language in ("en", "ko", "uz", "ru"):
        for path in (
            "",
            "projects/",
            "projects/open-hospital/",
            "agreements/",
            "agreements/open-loan/",
            "timeline/",
            "projects.csv",
        ):
            yield f"/{language}/{path}"


API_CHANNELS = [
    "/api/v1/projects/",
    "/api/v1/projects/open-hospital/",
    "/api/v1/agreements/",
    "/api/v1/agreements/open-loan/",
    "/api/v1/engagements/",
    "/api/v1/engagements/open-visit/",
    "/api/v1/officials/",
    "/api/v1/officials/open-minister/",
    "/api/v1/organizations/",
    "/api/v1/projects/export/",
    "/api/v1/agreements/export/",
    "/iati/activities.xml",
]
# What each channel must show of the planted records (their slug, in a link or a cell).
SHOWN = {
    "agreements": "open-loan",
    "engagements": "open-visit",
    "officials": "open-minister",
    "organizations": "open-funder",
}


def expected_in(path):
    if path.count("/") == 2 and path.endswith("/"):  # an overview lists the latest visits
        return "Open visit"
    return next((slug for key, slug in SHOWN.items() if key in path), "open-hospital")


@pytest.mark.parametrize("path", [*page_channels(), *API_CHANNELS])
def test_it_shows_the_record_and_none_of_its_hidden_parts(planted, path):
    body = get(path)
    assert expected_in(path) in body
    assert HIDDEN not in body


def test_it_sends_a_digest_with_none_of_the_hidden_parts(planted, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for recipient_id in reminders.claim_reminders(TODAY):
        reminders.deliver_digest(recipient_id, TODAY)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "Open hospital" in message.body and "Opening" in html
    assert HIDDEN not in message.body + html
