"""The real record (fixtures/record/), loaded once for a test module: loading it takes
seconds, and tests that read every page of it only read. Import `whole_record` into the
module and ask for it together with `db` (or `client`)."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def whole_record(django_db_setup, django_db_blocker):
    """Loaded in a transaction that is rolled back after the module: each test runs in a
    savepoint inside it, so the next module finds the database as it was."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_record", verbosity=0)
        yield
        transaction.set_rollback(True)
