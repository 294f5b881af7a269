"""A change to a row shown as part of a record (a project's funding, an agreement's
signatories…) is a change of that record for ?updated_since= and Last-Modified, without
bumping the record's version."""

import datetime
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from diplomacy.models import Agreement, AgreementSignatory, EngagementParticipant, Official
from projects.models import Milestone, Project, StatusReport
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


def changed_since(client, resource, moment):
    response = client.get(f"/api/v1/{resource}/", {"updated_since": moment.isoformat()})
    assert response.status_code == 200, response.json()
    return [record["slug"] for record in response.json()["results"]]


def test_it_lists_a_project_whose_funding_changed(anonymous):
    funding = FundingFactory()
    ProjectFactory()  # unchanged
    before = timezone.now()

    funding.amount = 2_500_000
    funding.save()

    assert changed_since(anonymous, "projects", before) == [funding.project.slug]


def test_it_lists_a_project_whose_milestone_was_deleted(anonymous):
    milestone = MilestoneFactory()
    before = timezone.now()

    milestone.delete()

    assert changed_since(anonymous, "projects", before) == [milestone.project.slug]


def test_it_lists_a_project_whose_milestones_were_deleted_in_bulk(anonymous):
    milestone = MilestoneFactory()
    before = timezone.now()

    Milestone.objects.filter(pk=milestone.pk).delete()  # the admin's "delete selected"

    assert changed_since(anonymous, "projects", before) == [milestone.project.slug]


@pytest.mark.parametrize(
    "add_part",
    [
        lambda project: ProjectSectorFactory(project=project),
        lambda project: FundingFactory(project=project),
        lambda project: ParticipatingOrganizationFactory(project=project),
        lambda project: MilestoneFactory(project=project),
        lambda project: StatusReportFactory(project=project),
    ],
    ids=["sector share", "funding", "participant", "milestone", "status report"],
)
def test_it_lists_a_project_when_a_part_is_added(anonymous, add_part):
    project = ProjectFactory()
    before = timezone.now()

    add_part(project)

    assert changed_since(anonymous, "projects", before) == [project.slug]


def test_it_lists_a_project_whose_status_report_was_published_in_bulk(anonymous):
    report = StatusReportFactory(publication="draft")
    before = timezone.now()

    StatusReport.objects.filter(pk=report.pk).publish()

    assert changed_since(anonymous, "projects", before) == [report.project.slug]


def test_it_lists_both_projects_when_funding_moves_from_one_to_another(anonymous):
    funding = FundingFactory()
    old_project, new_project = funding.project, ProjectFactory()
    before = timezone.now()

    funding = type(funding).objects.get(pk=funding.pk)
    funding.project = new_project
    funding.save()

    assert sorted(changed_since(anonymous, "projects", before)) == sorted(
        [old_project.slug, new_project.slug]
    )


def test_it_lists_an_agreement_whose_signatory_changed(anonymous):
    agreement = AgreementFactory()
    AgreementFactory()  # unchanged
    before = timezone.now()

    AgreementSignatory.objects.create(agreement=agreement, official=OfficialFactory())

    assert changed_since(anonymous, "agreements", before) == [agreement.slug]


def test_it_lists_an_engagement_whose_participant_left(anonymous):
    participant = EngagementParticipant.objects.create(
        engagement=EngagementFactory(), official=OfficialFactory(), role="head"
    )
    EngagementFactory()  # unchanged
    before = timezone.now()

    participant.delete()

    assert changed_since(anonymous, "engagements", before) == [participant.engagement.slug]


def test_it_lists_an_official_whose_position_changed(anonymous):
    position = PositionFactory(started_on=datetime.date(2017, 6, 1))
    OfficialFactory()  # unchanged
    before = timezone.now()

    position.ended_on = datetime.date(2021, 2, 8)
    position.save()

    assert changed_since(anonymous, "officials", before) == [position.official.slug]


def test_it_keeps_the_records_version_so_an_open_form_still_saves():
    funding = FundingFactory()
    project_as_opened = Project.objects.get(pk=funding.project.pk)
    agreement = AgreementFactory()
    agreement_as_opened = Agreement.objects.get(pk=agreement.pk)
    official = OfficialFactory()

    funding.amount = 1
    funding.save()
    AgreementSignatory.objects.create(agreement=agreement, official=official)

    project_as_opened.title = "Renamed"
    project_as_opened.save()  # no VersionConflict
    agreement_as_opened.save()
    assert Project.objects.get(pk=funding.project.pk).version == project_as_opened.version == 2
    assert Official.objects.get(pk=official.pk).version == 1


def test_it_moves_the_iati_files_last_modified_when_a_milestone_changes(anonymous):
    milestone = MilestoneFactory()
    ParticipatingOrganizationFactory(project=milestone.project)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Project.objects.update(updated_at=an_hour_ago)

    milestone.done_on = datetime.date(2025, 6, 30)
    milestone.save()

    last_modified = parsedate_to_datetime(anonymous.get("/iati/activities.xml")["Last-Modified"])
    assert last_modified > an_hour_ago
