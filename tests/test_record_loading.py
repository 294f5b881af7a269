"""Loading the record again (every `make run`) never undoes staff work; only the explicit
`reset_record` puts the fixtures' values back, and only once someone has said yes."""

from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from diplomacy.models import Organization
from projects.models import Funding, Milestone, Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

HOSPITAL = "childrens-hospital-tashkent"


def load_record():
    output = StringIO()
    call_command("load_record", stdout=output)
    return output.getvalue()


def reset_record(*args, answer=None):
    output = StringIO()
    with mock.patch("builtins.input", return_value=answer) as asked:
        call_command("reset_record", *args, stdout=output)
    return output.getvalue(), asked


@pytest.fixture
def record():
    load_record()


@pytest.fixture
def staff_edits(record):
    """A clerk assigns a responsible person, rewrites the summary, enters an amount on a
    funding row and removes another: what the admin's save does to the rows."""
    clerk = get_user_model().objects.create_user("clerk", "clerk@example.org", is_staff=True)
    project = Project.objects.get(slug=HOSPITAL)
    project.responsible = clerk
    project.summary = "Rewritten by the clerk."
    project.save()
    funding = project.fundings.get(funder__slug="edcf")
    funding.amount = Decimal("1000000.00")
    funding.currency_id = "USD"
    funding.save()
    project.fundings.get(funder__slug="koica").delete()
    return Project.objects.get(pk=project.pk)


def state_of(project):
    project.refresh_from_db()
    return {
        "responsible": project.responsible_id,
        "summary": project.summary,
        "version": project.version,
        "updated_at": project.updated_at,
        "public_digest": project.public_digest,
        "fundings": sorted(
            project.fundings.values_list("pk", "funder__slug", "amount", "currency_id")
        ),
    }


def test_loading_again_leaves_a_record_staff_edited_as_they_left_it(staff_edits):
    before = state_of(staff_edits)
    assert before["version"] == 2  # the edit was a real save

    output = load_record()

    after = state_of(staff_edits)
    assert after == before
    assert after["responsible"] is not None
    assert ("Added 0 rows of the record") in output


def test_loading_again_does_not_bring_back_a_part_staff_removed(staff_edits):
    load_record()

    assert not Funding.objects.filter(project__slug=HOSPITAL, funder__slug="koica").exists()


def test_loading_again_does_not_bring_back_a_record_staff_deleted(record):
    Project.objects.get(slug="seoul-park-tashkent").delete()

    output = load_record()

    assert not Project.objects.filter(slug="seoul-park-tashkent").exists()
    assert "deleted by staff" in output
    assert "projects.Project seoul-park-tashkent" in output


def test_loading_adds_a_missing_record_with_its_parts(record):
    """A record new to the fixtures (here: one whose rows and history are gone) is added
    whole; the rest stays put."""
    project = Project.objects.get(slug=HOSPITAL)
    milestones = project.milestones.count()
    Project._base_manager.filter(pk=project.pk).delete()
    Project.history.filter(slug=HOSPITAL).delete()  # as if it had never been in the database
    kept = Project.objects.get(slug="seoul-park-tashkent")
    started = timezone.now()

    output = load_record()

    added = Project.objects.get(slug=HOSPITAL)
    assert added.updated_at >= started, "dated now, so ?updated_since= syncs report it"
    assert added.milestones.count() == milestones
    assert added.fundings.count() == 3
    assert added.version == 1
    assert Project.objects.get(pk=kept.pk).updated_at == kept.updated_at
    assert "Added 1" not in output  # the project and its parts and citations, not one row
    assert Milestone.objects.filter(project=added).exists()


def test_a_row_added_after_the_load_gets_a_fresh_id(record):
    """The loader writes the fixtures' ids; the id sequence must be past them."""
    project = Project.objects.get(slug=HOSPITAL)
    funder = Organization.objects.get(slug="koica")

    funding = Funding.objects.create(project=project, funder=funder, instrument=110)

    assert funding.pk > 4


def test_reset_asks_and_refuses_without_a_yes(staff_edits):
    before = state_of(staff_edits)

    with pytest.raises(CommandError, match="Reset cancelled"):
        reset_record(answer="no")

    assert state_of(staff_edits) == before


def test_reset_refuses_when_there_is_nobody_to_ask(staff_edits):
    before = state_of(staff_edits)

    with mock.patch("builtins.input", side_effect=EOFError), pytest.raises(CommandError):
        call_command("reset_record", stdout=StringIO())

    assert state_of(staff_edits) == before


def test_reset_after_yes_puts_the_fixtures_values_back(staff_edits):
    started = timezone.now()

    output, asked = reset_record(answer="yes")

    assert asked.called
    assert "deletes" in output
    project = Project.objects.get(slug=HOSPITAL)
    assert project.responsible is None
    assert project.updated_at >= started, "the reset is a change integrators must see"
    assert project.summary.startswith("A development cooperation project")
    assert sorted(project.fundings.values_list("funder__slug", "amount")) == [
        ("edcf", None),
        ("koica", None),
        ("national-medical-foundation", None),
    ]


def test_reset_with_yes_flag_does_not_ask_and_brings_back_deleted_records(record):
    Project.objects.get(slug="seoul-park-tashkent").delete()

    output, asked = reset_record("--yes")

    assert not asked.called
    assert Project.objects.filter(slug="seoul-park-tashkent").exists()
    assert Project.objects.count() == 29


def test_reset_refuses_while_staff_rows_use_the_record(record):
    """An organization of the record funding a staff-made project cannot be deleted; the
    reset says so and changes nothing."""
    staff_project = ProjectFactory(slug="staff-project")
    Funding.objects.create(
        project=staff_project, funder=Organization.objects.get(slug="koica"), instrument=110
    )

    with pytest.raises(CommandError, match="Cannot reset"):
        reset_record("--yes")

    assert Project.objects.count() == 30


def test_loading_names_a_record_that_a_missing_one_needs_and_adds_nothing(record):
    """The hospital is missing (as if new to the fixtures), and staff deleted the
    foundation that funds it in the fixtures: the load says so and changes nothing."""
    Project._base_manager.filter(slug=HOSPITAL).delete()
    Project.history.filter(slug=HOSPITAL).delete()
    Organization.objects.get(slug="national-medical-foundation").delete()
    projects = Project.objects.count()

    with pytest.raises(CommandError, match="Cannot add projects.Funding"):
        load_record()

    assert Project.objects.count() == projects
