"""The project list's filter form is cached while nothing is filtered; the cached form
must follow every change to the funder and sector options, and never offer a draft."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.models import Organization
from projects.models import Sector
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST = "/en/projects/"


def funder_option(organization):
    return f'<option value="{organization.slug}">{organization}</option>'


def page(client, url=LIST):
    return client.get(url).content.decode()


def test_it_offers_a_funder_published_after_the_form_was_cached(client):
    page(client)
    organization = OrganizationFactory(name="Newly Published Fund")
    assert funder_option(organization) in page(client)


def test_it_never_offers_a_draft_funder_and_offers_it_once_published(client):
    draft = OrganizationFactory(name="Draft Fund", publication="draft")
    assert "Draft Fund" not in page(client)
    draft.publish()
    assert funder_option(draft) in page(client)


def test_it_drops_a_funder_once_unpublished(client):
    organization = OrganizationFactory(name="Withdrawn Fund")
    assert funder_option(organization) in page(client)
    organization.unpublish()
    assert "Withdrawn Fund" not in page(client)


def test_it_drops_funders_unpublished_in_bulk(client):
    organization = OrganizationFactory(name="Withdrawn Fund")
    assert funder_option(organization) in page(client)
    Organization.objects.filter(pk=organization.pk).unpublish()
    assert "Withdrawn Fund" not in page(client)


def test_it_drops_a_deleted_funder(client):
    OrganizationFactory(name="Older Fund")
    organization = OrganizationFactory(name="Deleted Fund")
    assert funder_option(organization) in page(client)
    organization.delete()
    assert "Deleted Fund" not in page(client)


def test_it_shows_a_renamed_funder(client):
    organization = OrganizationFactory(name="Old Name Fund")
    assert funder_option(organization) in page(client)
    organization.name = "New Name Fund"
    organization.save()
    content = page(client)
    assert funder_option(organization) in content
    assert "Old Name Fund" not in content


def test_it_shows_a_renamed_sector(client):
    sector = Sector.objects.get(code=12191)
    assert f'<option value="12191">{sector}</option>' in page(client)
    sector.name = "Renamed medical services"
    sector.save()
    assert '<option value="12191">12191 Renamed medical services</option>' in page(client)


def test_it_keeps_one_cached_form_per_language(client):
    assert "재원 제공 기관" not in page(client)
    assert "재원 제공 기관" in page(client, "/ko/projects/")  # "Funder"
    assert "재원 제공 기관" not in page(client)


def test_it_renders_a_filtered_form_with_its_choices_after_caching_the_unfiltered_one(client):
    organization = OrganizationFactory(name="Chosen Fund")
    page(client)
    chosen = f'<option value="{organization.slug}" selected>{organization}</option>'
    assert chosen in page(client, f"{LIST}?funder={organization.slug}")
    assert chosen not in page(client, f"{LIST}?page=1")


def test_it_reads_the_options_only_when_they_changed(client):
    OrganizationFactory()
    with CaptureQueriesContext(connection) as first:
        page(client)
    with CaptureQueriesContext(connection) as second:
        page(client)
    assert len(second) == len(first) - 2  # no organizations, no sectors
    assert not any('"diplomacy_organization"."name"' in query["sql"] for query in second)
