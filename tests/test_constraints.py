"""The database itself refuses bad data: what skips model validation (queryset updates,
bulk inserts, raw SQL, fixtures) still cannot store it. CI runs these on PostgreSQL."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from diplomacy.models import Agreement, Engagement, Official, Organization, Position
from projects.models import Funding, Milestone, Project, ProjectSector, StatusReport
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

BAD_UPDATES = [
    # (factory, model, field values that break a rule)
    (ProjectFactory, Project, {"planned_end": datetime.date(2020, 1, 1)}),
    (ProjectFactory, Project, {"budget": Decimal("-1"), "budget_currency_id": "USD"}),
    (ProjectFactory, Project, {"budget": Decimal("1000")}),
    (ProjectFactory, Project, {"budget": Decimal("1000"), "budget_currency_id": "ZZZ"}),
    (ProjectFactory, Project, {"status": 9}),
    (ProjectFactory, Project, {"kind": "gift"}),
    (ProjectFactory, Project, {"region": "UZ-ZZ"}),
    (ProjectFactory, Project, {"publication": "secret"}),
    (ProjectFactory, Project, {"latitude": Decimal("41.3")}),
    (ProjectFactory, Project, {"latitude": Decimal("37.5"), "longitude": Decimal("127.0")}),
    (ProjectFactory, Project, {"reporting_interval_days": 0}),
    (
        ProjectFactory,
        Project,
        {"planned_start": datetime.date(2021, 1, 15), "planned_start_precision": "month"},
    ),
    (ProjectFactory, Project, {"planned_start_precision": "weeks"}),
    (ProjectSectorFactory, ProjectSector, {"percentage": Decimal("0")}),
    (ProjectSectorFactory, ProjectSector, {"percentage": Decimal("100.01")}),
    (ProjectSectorFactory, ProjectSector, {"sector_id": 99999}),
    (FundingFactory, Funding, {"amount": Decimal("-5")}),
    (FundingFactory, Funding, {"currency_id": None}),
    (FundingFactory, Funding, {"instrument": 999}),
    (
        MilestoneFactory,
        Milestone,
        {"due_on": datetime.date(2025, 6, 2), "due_on_precision": "year"},
    ),
    (StatusReportFactory, StatusReport, {"progress": 101}),
    (StatusReportFactory, StatusReport, {"status": "fine"}),
    (AgreementFactory, Agreement, {"entered_into_force_on": datetime.date(2000, 1, 1)}),
    (AgreementFactory, Agreement, {"signed_on": None}),
    (AgreementFactory, Agreement, {"value": Decimal("5")}),
    (AgreementFactory, Agreement, {"kind": "treaty-ish"}),
    (EngagementFactory, Engagement, {"ended_on": datetime.date(2018, 4, 1)}),
    (EngagementFactory, Engagement, {"country": "XX"}),
    (OfficialFactory, Official, {"country": "ZZ"}),
    (OrganizationFactory, Organization, {"kind": "club"}),
    (
        PositionFactory,
        Position,
        {"started_on": datetime.date(2020, 1, 1), "ended_on": datetime.date(2019, 1, 1)},
    ),
]


@pytest.mark.parametrize(
    ("factory", "model", "values"),
    BAD_UPDATES,
    ids=[f"{model.__name__}-{'-'.join(values)}" for _, model, values in BAD_UPDATES],
)
def test_it_refuses_bad_values_that_skip_validation(factory, model, values):
    instance = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=instance.pk).update(**values)
        connection.check_constraints()  # foreign keys are otherwise checked at commit


def test_it_refuses_a_bad_progress_written_in_raw_sql():
    report = StatusReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE projects_statusreport SET progress = 150 WHERE id = %s", [report.pk])


def test_it_refuses_a_second_participation_of_the_same_organization_in_the_same_role():
    participation = ParticipatingOrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipatingOrganizationFactory(
            project=participation.project,
            organization=participation.organization,
            role=participation.role,
        )


def test_it_refuses_the_same_sector_twice_in_one_project():
    share = ProjectSectorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectSector.objects.bulk_create(
            [ProjectSector(project=share.project, sector_id=share.sector_id, percentage=10)]
        )
        connection.check_constraints()


def test_it_refuses_bad_data_in_a_fixture(tmp_path):
    project = ProjectFactory()
    fixture = tmp_path / "bad.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "projects.statusreport",
                    "pk": 1,
                    "fields": {
                        "project": project.pk,
                        "reported_on": "2024-01-01",
                        "progress": 250,
                        "status": "on_track",
                        "narrative": "Too much progress.",
                        "created_at": "2024-01-01T00:00:00Z",
                        "updated_at": "2024-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)


def test_it_keeps_an_organization_that_funds_a_project():
    funding = FundingFactory()
    with pytest.raises(ProtectedError):
        funding.funder.delete()
    assert Organization.objects.filter(pk=funding.funder_id).exists()


def test_it_keeps_an_official_who_signed_or_took_part():
    engagement = EngagementFactory()
    official = OfficialFactory()
    engagement.participations.create(official=official, role="head")
    with pytest.raises(ProtectedError):
        official.delete()


def test_it_keeps_an_engagement_where_an_agreement_was_signed():
    agreement = AgreementFactory(engagement=EngagementFactory())
    with pytest.raises(ProtectedError):
        agreement.engagement.delete()
