import datetime
from decimal import Decimal

import pytest

from projects.models import Region
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)


def add_project(title, *, funder, agreement, engagement, **fields):
    """A published project with everything its page shows."""
    project = ProjectFactory(title=title, **fields)
    FundingFactory(project=project, funder=funder, amount=Decimal("150000000"))
    FundingFactory(project=project, funder=funder, instrument=410, amount=Decimal("5000000"))
    ProjectSectorFactory(project=project)
    MilestoneFactory(
        project=project, title=f"{title}: ground broken", due_on=datetime.date(2022, 3, 1)
    )
    StatusReportFactory(project=project, narrative=f"{title}: the walls are up.", progress=60)
    project.agreements.add(agreement)
    project.engagements.add(engagement)
    return project


@pytest.fixture
def record(db):
    """A small published record: two projects, an agreement in force, an engagement."""
    koica = OrganizationFactory(
        slug="koica", name="Korea International Cooperation Agency", acronym="KOICA"
    )
    agreement = AgreementFactory(
        slug="hospital-loan",
        title="Loan agreement for the children's hospital",
        title_ko="어린이병원 차관 협정",
        status="in_force",
        entered_into_force_on=datetime.date(2018, 1, 1),
    )
    engagement = EngagementFactory(
        slug="state-visit-2017",
        title="State visit to Seoul",
        started_on=datetime.date(2017, 11, 22),
        place="Seoul",
        place_ko="서울",
        place_uz="Seul",
        place_ru="Сеул",
        country="KR",
    )
    hospital = add_project(
        "Children's hospital in Tashkent",
        title_ko="타슈켄트 어린이병원",
        slug="childrens-hospital",
        funder=koica,
        agreement=agreement,
        engagement=engagement,
    )
    kindergartens = add_project(
        "Korean-model kindergartens",
        slug="kindergartens",
        region=Region.SAMARKAND,
        status=1,
        funder=koica,
        agreement=agreement,
        engagement=engagement,
    )
    return {
        "hospital": hospital,
        "kindergartens": kindergartens,
        "agreement": agreement,
        "engagement": engagement,
        "koica": koica,
    }
