"""Load OECD-DAC 5-digit sectors (fixtures/codelists/sectors.csv, from the IATI codelist)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "codelists" / "sectors.csv"


def load(apps, schema_editor):
    Sector = apps.get_model("projects", "Sector")
    with open(CSV, encoding="utf-8") as file:
        rows = [
            Sector(code=int(row["code"]), name=row["name"], category=int(row["category"]))
            for row in csv.DictReader(file)
        ]
    Sector.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "category"]
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
