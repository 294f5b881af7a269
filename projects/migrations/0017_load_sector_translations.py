"""Load the Korean, Uzbek and Russian names of the DAC sectors the record uses
(fixtures/codelists/sector_translations.csv; the IATI codelist is English only)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "codelists" / "sector_translations.csv"


def load(apps, schema_editor):
    Sector = apps.get_model("projects", "Sector")
    with open(CSV, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        return
    columns = [name for name in rows[0] if name != "code"]
    sectors = Sector.objects.in_bulk([int(row["code"]) for row in rows])
    for row in rows:
        sector = sectors[int(row["code"])]
        for column in columns:
            setattr(sector, column, row[column])
    Sector.objects.bulk_update(sectors.values(), columns)


class Migration(migrations.Migration):
    dependencies = [("projects", "0016_content_translations_citations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
