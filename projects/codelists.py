"""The IATI codes the activity file checks against, from the project's own copies of the
codelists (fixtures/codelists/, written by `manage.py import_iati_codelists`)."""

import csv
import functools
from pathlib import Path

from django.conf import settings

CODELISTS_DIR = Path(settings.BASE_DIR) / "fixtures" / "codelists"


@functools.cache
def active_codes(filename):
    with open(CODELISTS_DIR / filename, newline="", encoding="utf-8") as file:
        return frozenset(row["code"] for row in csv.DictReader(file))


def is_active_finance_type(code):
    return str(code) in active_codes("finance_types.csv")


def is_organisation_identifier(identifier):
    """True when the identifier starts with a registration agency's prefix and a dash:
    `KR-GOV-…`, `XM-DAC-…`. The prefixes are themselves two parts (country, agency)."""
    prefix, _dash, rest = identifier.rpartition("-")
    agencies = active_codes("organisation_registration_agencies.csv")
    while prefix:
        if prefix in agencies and rest:
            return True
        prefix, _dash, _tail = prefix.rpartition("-")
    return False
