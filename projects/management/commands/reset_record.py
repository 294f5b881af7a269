"""Throw away the database's copy of the real record and load fixtures/record/ again.

Deliberately separate from `load_record` (which never overwrites anything): this deletes
every record the fixtures define — with every change staff made to it, its parts and the
status reports filed on it — then adds them again as the fixtures give them. It asks
first; `--yes` (or `--no-input`) answers for scripts.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from projects.management.commands.load_record import (
    RECORD_PARENTS,
    fixture_slugs,
    load_missing,
    write_report,
)


def records_to_delete():
    """[(model, queryset)] of the fixtures' records in the database, children's records
    first (projects before the agreements and organizations they name)."""
    slugs = fixture_slugs()
    return [
        (model, model.objects.filter(slug__in=slugs[model])) for model in reversed(RECORD_PARENTS)
    ]


class Command(BaseCommand):
    help = (
        "DELETE the real record's records (fixtures/record/*.yaml) with every staff change "
        "to them, and load them again from the fixtures. Asks for confirmation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts).",
        )

    def handle(self, *args, **options):
        doomed = records_to_delete()
        counts = [(model, queryset.count()) for model, queryset in doomed]
        if options["interactive"] and not self.confirmed(counts):
            raise CommandError("Reset cancelled: nothing was deleted or changed.")
        with transaction.atomic():
            for model, queryset in doomed:
                self.delete(model, queryset)
            report = load_missing(bring_back_deleted=True, date_now=True)
        if options["verbosity"] >= 1:
            write_report(self.stdout, report)

    def confirmed(self, counts):
        listed = ", ".join(f"{count} {model._meta.verbose_name_plural}" for model, count in counts)
        self.stdout.write(
            f"This deletes {listed} of the loaded record, with every change staff made to "
            "them, their parts (funding, milestones, participants, citations, …) and the "
            "status reports filed on them, and loads them again from fixtures/record/."
        )
        try:
            answer = input("Type 'yes' to reset the record, anything else to cancel: ")
        except EOFError:  # no terminal to ask: never assume yes
            return False
        return answer.strip().lower() == "yes"

    def delete(self, model, queryset):
        try:
            queryset.delete()
        except (ProtectedError, RestrictedError) as error:
            rows = getattr(error, "protected_objects", None) or error.restricted_objects
            users = sorted({f"{row._meta.verbose_name} “{row}”" for row in rows})
            raise CommandError(
                f"Cannot reset: staff's own rows still use {model._meta.verbose_name_plural} "
                f"of the record ({'; '.join(users[:10])}). Remove or change those first. "
                "Nothing was deleted."
            ) from error
