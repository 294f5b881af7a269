"""The project list's filter form is cached while nothing is filtered; the cached form
must follow every change to the funder and sector options, and never offer a draft. The
form offers the funders and sectors of published projects, each with its count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.models import Organization
from projects.models import Sector
from tests.factories import FundingFactory, OrganizationFactory, ProjectSectorFactory

pytestmark = pytest.mark.django_db

LIST = "/en/projects/"


def funder_option(organization):
    return f'<option value="{organization.slug}">{organization} (1)</option>'


def funder(**fields):
    """An organization that funds one published project, so the form offers it."""
    organization = OrganizationFactory(**fields)
    FundingFactory(funder=organization)
    return organization


def page(client, url=LIST):
    return client.get(url).content.decode()


def test_it_offers_a_funder_published_after_the_form_was_cached(client):
    page(client)
    organization = funder(name="Newly Published Fund")
    assert funder_option(organization) in page(client)


def test_it_never_offers_a_draft_funder_and_offers_it_once_published(client):
    draft = funder(name="Draft Fund", publication="draft")
    assert "Draft Fund" not in page(client)
    draft.publish()
    assert funder_option(draft) in page(client)


def test_it_drops_a_funder_once_unpublished(client):
    organization = funder(name="Withdrawn Fund")
    assert funder_option(organization) in page(client)
    organization.unpublish()
    assert "Withdrawn Fund" not in page(client)


def test_it_drops_funders_unpublished_in_bulk(client):
    organization = funder(name="Withdrawn Fund")
    assert funder_option(organization) in page(client)
    Organization.objects.filter(pk=organization.pk).unpublish()
    assert "Withdrawn Fund" not in page(client)


def test_it_drops_a_deleted_funder(client):
    funder(name="Older Fund")
    organization = funder(name="Deleted Fund")
    assert funder_option(organization) in page(client)
    organization.fundings.all().delete()  # a funder of record cannot be deleted
    organization.delete()
    assert "Deleted Fund" not in page(client)


def test_it_shows_a_renamed_funder(client):
    organization = funder(name="Old Name Fund")
    assert funder_option(organization) in page(client)
    organization.name = "New Name Fund"
    organization.save()
    content = page(client)
    assert funder_option(organization) in content
    assert "Old Name Fund" not in content


def test_it_shows_a_renamed_sector(client):
    ProjectSectorFactory(sector_id=12191)
    assert '<option value="12191">Medical services (1)</option>' in page(client)
    sector = Sector.objects.get(code=12191)
    sector.name = "Renamed medical services"
    sector.save()
    assert '<option value="12191">Renamed medical services (1)</option>' in page(client)


def test_it_keeps_one_cached_form_per_language(client):
    assert "재원 제공 기관" not in page(client)
    assert "재원 제공 기관" in page(client, "/ko/projects/")  # "Funder"
    assert "재원 제공 기관" not in page(client)


def test_it_renders_a_filtered_form_with_its_choices_after_caching_the_unfiltered_one(client):
    organization = funder(name="Chosen Fund")
    page(client)
    chosen = f'<option value="{organization.slug}" selected>{organization} (1)</option>'
    assert chosen in page(client, f"{LIST}?funder={organization.slug}")
    assert chosen not in page(client, f"{LIST}?page=1")


def test_it_reads_the_options_only_when_they_changed(client):
    funder()
    with CaptureQueriesContext(connection) as first:
        page(client)
    with CaptureQueriesContext(connection) as second:
        page(client)
    # The options are not counted again: statuses, kinds and regions in one query, then
    # sectors, funders and instruments.
    assert len(second) == len(first) - 4
    assert not any('"diplomacy_organization"."name"' in query["sql"] for query in second)
    assert not any('"projects_funding"' in query["sql"] for query in second)
