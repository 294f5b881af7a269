import environ
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from kruz.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a pg_dump custom-format backup. Replaces what the target database holds; "
        "the target is the configured database unless --database-url names another."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database-url", help="Restore into this PostgreSQL database.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, database_url=None, yes=False, **options):
        if database_url:
            settings_dict = environ.Env.db_url_config(database_url)
        else:
            settings_dict = connections["default"].settings_dict
        if "postgresql" not in settings_dict["ENGINE"]:
            raise CommandError("restore needs a PostgreSQL database (pg_restore).")
        if not yes and input(f"Replace the contents of {settings_dict['NAME']}? [y/N] ") != "y":
            raise CommandError("Nothing restored.")
        try:
            restore(path, settings_dict)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path} into {settings_dict['NAME']}")
