"""Bad project data is refused by model validation with field-level messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    FundingFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_it_refuses_a_planned_end_before_the_planned_start():
    project = ProjectFactory.build(
        planned_start=datetime.date(2022, 1, 1), planned_end=datetime.date(2021, 1, 1)
    )
    assert "planned_end" in errors_of(project)


def test_it_refuses_an_actual_end_before_the_actual_start():
    project = ProjectFactory.build(
        actual_start=datetime.date(2022, 5, 1), actual_end=datetime.date(2022, 4, 30)
    )
    assert errors_of(project)["actual_end"] == ["This date cannot be before actual start."]


def test_it_refuses_a_negative_budget():
    project = ProjectFactory.build(budget=Decimal("-5"), budget_currency_id="USD")
    assert "budget" in errors_of(project)


def test_it_refuses_a_budget_without_currency():
    project = ProjectFactory.build(budget=Decimal("196000000"))
    assert errors_of(project)["budget_currency"] == ["Give the currency of the amount."]


def test_it_refuses_an_unknown_currency():
    funding = FundingFactory.build(project=ProjectFactory(), currency_id="XXZ")
    funding.funder.save()
    assert "currency" in errors_of(funding)


def test_it_refuses_a_negative_funding_amount():
    funding = FundingFactory(amount=Decimal("10"))
    funding.amount = Decimal("-10")
    assert errors_of(funding)["amount"]


def test_it_accepts_funding_whose_amount_the_source_does_not_give():
    funding = FundingFactory(amount=None, currency_id=None)
    funding.full_clean()


def test_it_refuses_an_unknown_dac_sector():
    share = ProjectSectorFactory.build(project=ProjectFactory(), sector_id=99999)
    assert "sector" in errors_of(share)


def test_it_refuses_a_sector_share_over_100_percent():
    share = ProjectSectorFactory.build(project=ProjectFactory(), percentage=Decimal("120"))
    assert "percentage" in errors_of(share)


@pytest.mark.parametrize("progress", [-1, 101])
def test_it_refuses_progress_outside_0_to_100(progress):
    report = StatusReportFactory(progress=50)
    report.progress = progress
    assert "progress" in errors_of(report)


def test_it_refuses_a_report_dated_in_the_future():
    report = StatusReportFactory.build(
        project=ProjectFactory(), reported_on=datetime.date.today() + datetime.timedelta(days=2)
    )
    assert "reported_on" in errors_of(report)


def test_it_refuses_a_milestone_done_in_the_future():
    milestone = MilestoneFactory.build(
        project=ProjectFactory(), done_on=datetime.date.today() + datetime.timedelta(days=2)
    )
    assert "done_on" in errors_of(milestone)


def test_it_refuses_a_point_outside_uzbekistan():
    project = ProjectFactory.build(latitude=Decimal("37.5"), longitude=Decimal("127.0"))
    assert "longitude" in errors_of(project)


def test_it_refuses_half_a_point():
    project = ProjectFactory.build(latitude=Decimal("41.3"))
    assert "longitude" in errors_of(project)


def test_it_refuses_a_reporting_interval_under_a_week():
    project = ProjectFactory.build(reporting_interval_days=3)
    assert "reporting_interval_days" in errors_of(project)


def test_it_refuses_a_closed_project_without_its_actual_end():
    project = ProjectFactory.build(status=4)
    assert "actual_end" in errors_of(project)


def test_it_refuses_an_unknown_status():
    project = ProjectFactory.build(status=9)
    assert "status" in errors_of(project)


def test_it_refuses_a_second_project_with_the_same_slug():
    ProjectFactory(slug="ktx-trains")
    assert "slug" in errors_of(ProjectFactory.build(slug="ktx-trains"))


def test_it_keeps_a_month_precise_date_on_the_first_of_the_month():
    project = ProjectFactory.build(
        actual_start=datetime.date(2020, 10, 17), actual_start_precision="month"
    )
    project.full_clean()
    assert project.actual_start == datetime.date(2020, 10, 1)
