"""`make run` gives the demo someone to remind (add_demo_editor), so the first
`send_reminders --dry-run` shows a digest; it fills only what is empty."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.models import ActivityStatus, Project
from tests.factories import MilestoneFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_demo_editor():
    output = StringIO()
    call_command("add_demo_editor", stdout=output)
    return output.getvalue()


def dry_run():
    output = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2025-06-02", stdout=output)
    return output.getvalue()


@pytest.fixture
def loaded(settings):
    """Projects as load_record leaves them: version 1, nobody responsible."""
    settings.DEBUG = True
    running = ProjectFactory(slug="aral", title="Aral Sea response")
    MilestoneFactory(project=running, title="Plant the saxaul", due_on=datetime.date(2025, 6, 9))
    pipeline = ProjectFactory(slug="plan", status=ActivityStatus.PIPELINE)
    return running, pipeline


def test_the_first_dry_run_after_it_shows_a_digest(loaded):
    assert "nobody to receive a reminder" in dry_run()  # what the README set-up gave

    add_demo_editor()

    output = dry_run()
    assert "Would send demo-editor@example.org" in output
    assert "milestone_due: Plant the saxaul" in output
    assert "nobody to receive" not in output


def test_it_makes_the_demo_editor_responsible_for_untouched_running_projects(loaded):
    running, pipeline = loaded

    output = add_demo_editor()

    editor = get_user_model().objects.get(username="demo-editor")
    assert editor.groups.filter(name="Editors").exists()
    assert not editor.has_usable_password()
    assert Project.objects.get(pk=running.pk).responsible == editor
    assert Project.objects.get(pk=pipeline.pk).responsible is None
    assert "made responsible for 1 project(s) that had nobody: aral." in output


def test_it_never_overwrites_a_responsible_person_staff_set_or_cleared(loaded):
    running, _ = loaded
    add_demo_editor()
    project = Project.objects.get(pk=running.pk)
    project.responsible = None  # a clerk clears it on purpose
    project.save()
    other = ProjectFactory(slug="other", responsible=UserFactory(username="olga"))

    output = add_demo_editor()

    assert Project.objects.get(pk=running.pk).responsible is None
    assert Project.objects.get(pk=other.pk).responsible.username == "olga"
    assert "already there, left as it is; made responsible for 0 project(s)" in output


def test_it_leaves_an_existing_demo_editor_account_as_it_is(loaded):
    UserFactory(username="demo-editor", email="changed@example.org", is_active=False)

    add_demo_editor()

    editor = get_user_model().objects.get(username="demo-editor")
    assert (editor.email, editor.is_active) == ("changed@example.org", False)
    assert not Project.objects.filter(responsible=editor).exists()


def test_it_does_nothing_in_production(loaded, settings):
    settings.DEBUG = False

    assert "Nothing done" in add_demo_editor()
    assert not get_user_model().objects.filter(username="demo-editor").exists()
