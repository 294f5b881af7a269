"""Shared record behaviour: optimistic locking, publication and partial dates."""

import datetime

import pytest
from django.utils import translation

from diplomacy.models import Engagement
from kruz.records import VersionConflict, format_partial_date
from projects.models import Project
from tests.factories import EngagementFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_to_overwrite_a_record_changed_since_it_was_loaded():
    alice_copy = ProjectFactory(title="Children's hospital")
    bob_copy = Project.objects.get(pk=alice_copy.pk)
    alice_copy.title = "Multidisciplinary children's hospital"
    alice_copy.save()
    bob_copy.summary = "Bob's edit from a stale copy."
    with pytest.raises(VersionConflict):
        bob_copy.save()
    alice_copy.refresh_from_db()
    assert alice_copy.title == "Multidisciplinary children's hospital"
    assert alice_copy.summary != "Bob's edit from a stale copy."


def test_it_counts_each_save_as_a_new_version():
    project = ProjectFactory()
    project.save()
    project.save()
    project.refresh_from_db()
    assert project.version == 3


def test_it_makes_a_stale_copy_conflict_after_a_bulk_publish():
    project = ProjectFactory(publication="draft")
    stale = Project.objects.get(pk=project.pk)
    assert Project.objects.filter(pk=project.pk).publish() == 1
    with pytest.raises(VersionConflict):
        stale.save()
    project.refresh_from_db()
    assert project.is_published and project.published_at is not None


def test_it_publishes_and_unpublishes_one_record():
    project = ProjectFactory(publication="draft")
    project.publish()
    assert Project.objects.published().filter(pk=project.pk).exists()
    project.unpublish()
    project.refresh_from_db()
    assert not project.is_published and project.published_at is None


def test_it_never_shows_an_invented_day_for_a_month_precise_date():
    engagement = EngagementFactory(
        started_on=datetime.date(2017, 11, 1), started_on_precision="month"
    )
    with translation.override("en"):
        assert engagement.display_date("started_on") == "November 2017"


def test_it_shows_a_year_precise_date_as_its_year():
    assert format_partial_date(datetime.date(1994, 1, 1), "year") == "1994"


def test_it_formats_partial_dates_for_the_reader_locale():
    with translation.override("ru"):
        text = format_partial_date(datetime.date(2017, 11, 1), "month")
    assert "2017" in text and "1" not in text.replace("2017", "")


def test_it_formats_the_same_date_anew_for_each_language():
    day = datetime.date(2017, 11, 23)
    with translation.override("en"):
        english = format_partial_date(day, "day")
    with translation.override("ru"):
        russian = format_partial_date(day, "day")
    with translation.override("en"):
        assert format_partial_date(day, "day") == english != russian


def test_it_shows_record_content_in_the_reader_language_where_translated():
    engagement = EngagementFactory(title="Official visit", title_ru="Официальный визит")
    with translation.override("ru"):
        assert engagement.localized("title") == "Официальный визит"
    with translation.override("ko"):
        assert engagement.localized("title") == "Official visit"
    assert Engagement.objects.get_by_natural_key(engagement.slug) == engagement
