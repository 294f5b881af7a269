import pytest

from kruz.records import Publication
from projects.models import ActivityStatus, ProjectChange
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_logs_a_change_to_a_published_field():
    project = ProjectFactory()
    project.status = ActivityStatus.FINALISATION
    project.save()
    assert [change.field for change in project.changes.all()] == ["status"]


def test_it_logs_nothing_when_nothing_public_changed():
    project = ProjectFactory()
    project.reporting_interval_days = 30
    project.save()
    assert not ProjectChange.objects.exists()


def test_it_logs_nothing_while_the_project_is_a_draft():
    project = ProjectFactory(publication=Publication.DRAFT)
    project.title = "Draft working title"
    project.save()
    assert not ProjectChange.objects.exists()


def test_it_shows_the_change_log_on_the_project_page(client):
    project = ProjectFactory()
    project.summary = "A revised summary."
    project.save()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Summary changed" in page
