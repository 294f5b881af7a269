"""Linking or unlinking records (plain many-to-many links) counts as a change of both:
an integrator syncing with ?updated_since= must see a project's new agreement."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import AgreementFactory, OrganizationFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def age(*records):
    for record in records:
        type(record).objects.filter(pk=record.pk).update(updated_at=LONG_AGO)


def changed(record):
    stored = type(record).objects.values("updated_at", "version").get(pk=record.pk)
    return stored["updated_at"] > LONG_AGO and stored["version"] == record.version


def test_linking_a_project_to_an_agreement_changes_both_and_no_version():
    project, agreement, unrelated = ProjectFactory(), AgreementFactory(), AgreementFactory()
    age(project, agreement, unrelated)

    project.agreements.add(agreement)

    assert changed(project) and changed(agreement)
    assert not changed(unrelated)


def test_unlinking_from_either_side_changes_both():
    project, agreement = ProjectFactory(), AgreementFactory()
    project.agreements.add(agreement)
    age(project, agreement)

    agreement.projects.remove(project)

    assert changed(project) and changed(agreement)


@pytest.mark.parametrize("side", ["forward", "reverse"])
def test_clearing_links_changes_every_record_that_was_linked(side):
    agreement = AgreementFactory()
    first, second = OrganizationFactory(), OrganizationFactory()
    agreement.parties.add(first, second)
    age(agreement, first, second)

    if side == "forward":
        agreement.parties.clear()
    else:
        first.agreements.clear()

    assert changed(agreement) and changed(first)
    assert changed(second) == (side == "forward")


def test_setting_the_same_links_again_changes_nothing():
    project, source = ProjectFactory(), SourceFactory()
    project.sources.add(source)
    age(project, source)

    project.sources.set([source])  # what the admin does when the field did not change

    assert not changed(project) and not changed(source)


def test_the_api_sync_sees_the_new_link(client):
    project = ProjectFactory(publication="published")
    agreement = AgreementFactory(publication="published")
    age(project, agreement)
    since = (LONG_AGO + datetime.timedelta(days=1)).isoformat()

    project.agreements.add(agreement)
    answer = client.get("/api/v1/projects/", {"updated_since": since})

    assert [row["slug"] for row in answer.json()["results"]] == [project.slug]


def test_adding_a_link_that_exists_changes_nothing():
    project, agreement = ProjectFactory(), AgreementFactory()
    project.agreements.add(agreement)
    age(project, agreement)

    project.agreements.add(agreement)

    assert not changed(project) and not changed(agreement)
