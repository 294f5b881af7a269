import datetime

import pytest

from projects.models import Milestone
from tests.factories import FundingFactory, MilestoneFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_project_with_funding():
    funding = FundingFactory(project=ProjectFactory(title="Children's hospital"))
    funding.full_clean()
    assert str(funding.project) == "Children's hospital"


def test_it_makes_a_month_precise_milestone_overdue_only_after_its_month():
    operations = MilestoneFactory(due_on=datetime.date(2027, 4, 1), due_on_precision="month")
    assert operations.deadline == datetime.date(2027, 4, 30)
    assert not operations.is_overdue(datetime.date(2027, 4, 30))
    assert operations.is_overdue(datetime.date(2027, 5, 1))
    assert not Milestone.objects.overdue(datetime.date(2027, 4, 30)).exists()
    assert list(Milestone.objects.overdue(datetime.date(2027, 5, 1))) == [operations]


def test_it_shows_a_milestone_done_in_a_month_without_an_invented_day(client):
    milestone = MilestoneFactory(
        title="Hospital opened",
        due_on=datetime.date(2020, 10, 1),
        due_on_precision="month",
        done_on=datetime.date(2020, 10, 1),
        done_on_precision="month",
    )
    page = client.get(f"/en/projects/{milestone.project.slug}/").content.decode()
    assert "Done on October 2020" in page
    assert "Oct. 1, 2020" not in page


def test_it_names_the_sources_of_a_project_on_its_page(client):
    project = ProjectFactory()
    project.sources.add(
        SourceFactory(title="Outcome of Korea-Uzbekistan Foreign Ministers' Meeting"),
        SourceFactory(title="A draft source", publication="draft"),
    )
    page = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "Outcome of Korea-Uzbekistan Foreign Ministers&#x27; Meeting" in page
    assert "A draft source" not in page
