"""Bad diplomacy data is refused by model validation with field-level messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_it_refuses_an_engagement_that_ends_before_it_starts():
    engagement = EngagementFactory.build(
        started_on=datetime.date(2018, 4, 18), ended_on=datetime.date(2018, 4, 17)
    )
    assert "ended_on" in errors_of(engagement)


def test_it_refuses_an_agreement_in_force_before_it_was_signed():
    agreement = AgreementFactory.build(
        signed_on=datetime.date(2017, 11, 23), entered_into_force_on=datetime.date(2017, 1, 1)
    )
    assert "entered_into_force_on" in errors_of(agreement)


def test_it_refuses_a_signed_agreement_without_its_date():
    agreement = AgreementFactory.build(status="signed", signed_on=None)
    assert errors_of(agreement)["signed_on"] == ["A signed agreement needs its date of signature."]


def test_it_accepts_an_agreement_under_negotiation_without_a_signature():
    AgreementFactory.build(
        status="negotiation", signed_on=None, negotiation_started_on=datetime.date(2021, 1, 1)
    ).full_clean()


def test_it_refuses_an_agreement_value_without_currency():
    agreement = AgreementFactory.build(value=Decimal("196000000"))
    assert "value_currency" in errors_of(agreement)


def test_it_refuses_a_negative_agreement_value():
    agreement = AgreementFactory.build(value=Decimal("-1"), value_currency_id="USD")
    assert "value" in errors_of(agreement)


def test_it_refuses_an_unknown_agreement_status():
    assert "status" in errors_of(AgreementFactory.build(status="ratified"))


def test_it_refuses_an_unknown_country():
    assert "country" in errors_of(OfficialFactory.build(country="XX"))


def test_it_refuses_a_position_that_ends_before_it_starts():
    position = PositionFactory.build(
        official=OfficialFactory(),
        organization=OrganizationFactory(),
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2017, 1, 1),
    )
    assert "ended_on" in errors_of(position)


def test_it_compares_partial_dates_by_what_is_known():
    position = PositionFactory(
        started_on=datetime.date(2017, 6, 18),
        ended_on=datetime.date(2017, 1, 1),
        ended_on_precision="year",
    )
    # Ending "in 2017" is not before starting on 18 June 2017.
    position.full_clean()


def test_it_refuses_a_year_precise_end_before_the_start_year():
    position = PositionFactory.build(
        official=OfficialFactory(),
        organization=OrganizationFactory(),
        started_on=datetime.date(2017, 6, 18),
        ended_on=datetime.date(2016, 1, 1),
        ended_on_precision="year",
    )
    assert "ended_on" in errors_of(position)
