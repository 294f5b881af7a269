import pytest

from tests.factories import FundingFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_project_with_funding():
    funding = FundingFactory(project=ProjectFactory(title="Children's hospital"))
    funding.full_clean()
    assert str(funding.project) == "Children's hospital"
