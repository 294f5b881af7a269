"""Give the local demo someone to remind: a staff account `demo-editor` in the Editors
group, made responsible for the loaded projects in implementation that have nobody.

Part of `make run`, so the first `send_reminders --dry-run` shows a digest. It only fills
what is empty: an existing `demo-editor` account is left as it is, and a project gets the
demo editor only while it has no responsible staff member and has never been saved since
it was loaded (version 1) — a responsible person staff set, or cleared, stays as they left
it. With DEBUG off (production) it does nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from projects.models import ActivityStatus, Project

USERNAME = "demo-editor"
EMAIL = "demo-editor@example.org"


class Command(BaseCommand):
    help = (
        "For the local demo: create the staff account 'demo-editor' (an Editor, no "
        "password) and make it responsible for untouched projects in implementation that "
        "have nobody. Fills only what is empty; does nothing with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo account in production. Nothing done.")
            return
        with transaction.atomic():
            editor, created = self.demo_editor()
            assigned = self.assign(editor)
        if options["verbosity"] >= 1:
            state = "created" if created else "already there, left as it is"
            self.stdout.write(
                f"Demo editor {editor.username} <{editor.email}>: {state}; "
                f"made responsible for {len(assigned)} project(s) that had nobody"
                + (f": {', '.join(assigned)}." if assigned else ".")
            )

    def demo_editor(self):
        users = get_user_model().objects
        existing = users.filter(username=USERNAME).first()
        if existing is not None:
            return existing, False
        # No password: the account receives reminders; nobody signs in with it.
        editor = users.create_user(USERNAME, EMAIL, password=None, is_staff=True)
        editor.groups.add(Group.objects.get_or_create(name=settings.REMINDER_EDITORS_GROUP)[0])
        return editor, True

    def assign(self, editor):
        if not (editor.is_active and editor.email):
            return []
        untouched = Project.objects.filter(
            status=ActivityStatus.IMPLEMENTATION, responsible__isnull=True, version=1
        ).order_by("pk")
        assigned = []
        for project in untouched:
            project.responsible = editor
            project.save()  # versioned and kept in the history, like any staff edit
            assigned.append(project.slug)
        return assigned
