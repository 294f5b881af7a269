"""Backups restore: the drill restores a backup into a scratch database and compares
row counts table by table. It runs on PostgreSQL (CI); the SQLite copy runs anywhere."""

import os
import sqlite3
import uuid

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import FundingFactory, MilestoneFactory, StatusReportFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the restore drill needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)",
)


def make_some_history():
    for _ in range(3):
        funding = FundingFactory()
        MilestoneFactory(project=funding.project)
        StatusReportFactory(project=funding.project)


def row_counts(cursor):
    counts = {}
    for model in apps.get_models():
        table = model._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from models
        counts[table] = cursor.fetchone()[0]
    return counts


def admin_connection():
    settings_dict = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_with_every_row(tmp_path):
    make_some_history()
    backup = tmp_path / "kruz.dump"
    call_command("backup", output=str(backup))
    scratch = f"kruz_restore_drill_{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = "postgres://{user}@{host}:{port}/{name}".format(
            user=settings_dict["USER"] or os.environ.get("USER", "postgres"),
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            name=scratch,
        )
        call_command("restore", str(backup), database_url=url, yes=True)
        with connection.cursor() as cursor:
            expected = row_counts(cursor)
        with psycopg.connect(url) as restored, restored.cursor() as cursor:
            assert row_counts(cursor) == expected
        assert expected["projects_funding"] == 3
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@on_postgresql
def test_it_refuses_to_restore_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.dump"), yes=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite copy is for SQLite")
@pytest.mark.django_db(transaction=True)
def test_it_copies_a_sqlite_database(tmp_path):
    make_some_history()
    backup = tmp_path / "kruz.sqlite3"
    call_command("backup", output=str(backup))
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM projects_funding").fetchone()[0] == 3
