"""Load ISO 4217 currencies (fixtures/codelists/currencies.csv, from the IATI codelist)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "codelists" / "currencies.csv"


def load(apps, schema_editor):
    Currency = apps.get_model("diplomacy", "Currency")
    with open(CSV, encoding="utf-8") as file:
        rows = [Currency(code=row["code"], name=row["name"]) for row in csv.DictReader(file)]
    Currency.objects.bulk_create(rows, update_conflicts=True, unique_fields=["code"], update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
