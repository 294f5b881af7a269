from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kruz.backups import BackupError, back_up


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write (default: kruz-<timestamp>.dump in this folder)."
        )

    def handle(self, *args, output=None, **options):
        output = output or f"kruz-{timezone.now():%Y%m%d-%H%M%S}.dump"
        try:
            path = back_up(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size} bytes)")
