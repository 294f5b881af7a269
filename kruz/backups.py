"""Back up and restore the database: pg_dump's custom format on PostgreSQL, SQLite's own
backup API on the laptop default."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _postgres_arguments(settings_dict):
    arguments = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    return arguments


def _postgres_environment(settings_dict):
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return environment


def _run(command, settings_dict):
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=_postgres_environment(settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def back_up(path, using="default"):
    settings_dict = connections[using].settings_dict
    path = Path(path)
    if connections[using].vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path)]
            + _postgres_arguments(settings_dict),
            settings_dict,
        )
    elif connections[using].vendor == "sqlite":
        connection = connections[using]
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"No backup method for {connections[using].vendor}.")
    return path


def restore(path, settings_dict):
    """Restore a pg_dump custom-format backup into the database described by settings_dict
    (replacing what it holds)."""
    if not Path(path).is_file():
        raise BackupError(f"No backup file at {path}.")
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(path)]
        + _postgres_arguments(settings_dict),
        settings_dict,
    )
