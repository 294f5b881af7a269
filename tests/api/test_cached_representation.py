"""The API serves each record's representation from the shared cache, keyed by the record
and its public digest: a change to any part of the record, or to a record it names, shows
in the next answer at once, with no list of relations to invalidate by hand."""

import pytest

from projects.models import Sector
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectCitationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    SourceFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/projects/hospital/"


@pytest.fixture
def hospital():
    project = ProjectFactory(slug="hospital")
    FundingFactory(project=project, funder=OrganizationFactory(slug="koica", name="KOICA"))
    project.sources.add(SourceFactory(slug="mofa", title="Ministry release"))
    return project


def shown(client):
    response = client.get(DETAIL)
    assert response.status_code == 200
    return response.content.decode()


def rename(record, field, value):
    setattr(record, field, value)
    record.save()


CHANGES = {
    "its own field": lambda project: rename(project, "summary", "CHANGED summary"),
    "a new funding": lambda project: FundingFactory(
        project=project, funder=OrganizationFactory(name="CHANGED funder")
    ),
    "a funder renamed": lambda project: rename(
        project.fundings.get().funder, "name", "CHANGED KOICA"
    ),
    "a participant": lambda project: ParticipatingOrganizationFactory(
        project=project, organization=OrganizationFactory(name="CHANGED builder")
    ),
    "a milestone": lambda project: MilestoneFactory(project=project, title="CHANGED milestone"),
    "a public report": lambda project: StatusReportFactory(
        project=project, narrative="CHANGED report"
    ),
    "a sector share": lambda project: ProjectSectorFactory(project=project, sector_id=11220),
    "a sector renamed": lambda project: (
        ProjectSectorFactory(project=project, sector_id=12191),
        rename(Sector.objects.get(code=12191), "name", "CHANGED medical services"),
    ),
    "an agreement linked": lambda project: project.agreements.add(
        AgreementFactory(title="CHANGED agreement")
    ),
    "an engagement linked": lambda project: project.engagements.add(
        EngagementFactory(title="CHANGED visit")
    ),
    "a source renamed": lambda project: rename(project.sources.get(), "title", "CHANGED release"),
    "a citation": lambda project: ProjectCitationFactory(
        project=project, source=project.sources.get(), quote="CHANGED quote"
    ),
    "the funding's funder unpublished": lambda project: (
        rename(project.fundings.get().funder, "name", "CHANGED then hidden"),
        project.fundings.get().funder.unpublish(),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_it_shows_a_change_to_any_part_at_once(anonymous, hospital, change):
    before = shown(anonymous)  # now cached
    CHANGES[change](hospital)
    after = shown(anonymous)
    assert after != before
    if change == "the funding's funder unpublished":
        assert "KOICA" not in after and "CHANGED" not in after
    elif change == "a sector share":
        assert '"code":11220' in after
    else:
        assert "CHANGED" in after


def test_it_serves_a_warm_detail_from_the_cache(anonymous, hospital, django_assert_num_queries):
    shown(anonymous)
    # Warm: the record's cache key (its id, slug, version and digest), inside the test's
    # savepoint; none of the parts, none of the records it names.
    with django_assert_num_queries(3):
        shown(anonymous)
