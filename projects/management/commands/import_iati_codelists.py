"""Regenerate fixtures/codelists/*.csv from the official IATI codelists.

The CSV files are committed; the data migrations load them, so every database has the
sectors and currencies. Run this only when IATI publishes a new version of the lists:

    python manage.py import_iati_codelists ../shared/iati/codelists
"""

import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from lxml import etree

CODELISTS_DIR = Path(settings.BASE_DIR) / "fixtures" / "codelists"
NAMES_ONLY = {
    "FinanceType.xml": "finance_types.csv",
    "OrganisationRegistrationAgency.xml": "organisation_registration_agencies.csv",
}


def active_items(path):
    """(code, English name, category) of every active item of one IATI codelist file."""
    tree = etree.parse(str(path))
    for item in tree.iterfind(".//codelist-item"):
        if item.get("status", "active") != "active":
            continue
        name = item.find("name/narrative")
        yield (item.findtext("code"), name.text.strip(), item.findtext("category") or "")


class Command(BaseCommand):
    help = "Regenerate fixtures/codelists/ from the official IATI codelists."

    def add_arguments(self, parser):
        parser.add_argument("codelists_dir", type=Path)

    def handle(self, *args, codelists_dir, **options):
        if not (codelists_dir / "Sector.xml").exists():
            raise CommandError(f"No Sector.xml in {codelists_dir}: give IATI's codelists folder.")
        self.write(
            "sectors.csv", ["code", "name", "category"], active_items(codelists_dir / "Sector.xml")
        )
        currencies = (
            (code, name) for code, name, _ in active_items(codelists_dir / "Currency.xml")
        )
        self.write("currencies.csv", ["code", "name"], currencies)
        # Read by the IATI file (projects/codelists.py), not loaded into the database.
        for codelist, filename in NAMES_ONLY.items():
            rows = ((code, name) for code, name, _ in active_items(codelists_dir / codelist))
            self.write(filename, ["code", "name"], rows)

    def write(self, filename, header, rows):
        rows = sorted(rows)
        with open(CODELISTS_DIR / filename, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        self.stdout.write(f"{filename}: {len(rows)} codes")
