"""Load the real record, fixtures/record/*.yaml, and report what the database holds.

The fixtures address parent records by slug (their natural key) and give child rows fixed
primary keys, so running the command again updates every row in place: it is safe to run
on every `make run`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diplomacy import models as diplomacy
from kruz.records import loading_fixtures
from projects import models as projects

RECORD_DIR = Path(settings.BASE_DIR) / "fixtures" / "record"

# The models the record fills, parents before their children, as the report lists them.
RECORD_MODELS = [
    diplomacy.Source,
    diplomacy.Organization,
    diplomacy.Official,
    diplomacy.Position,
    diplomacy.Engagement,
    diplomacy.EngagementParticipant,
    diplomacy.Agreement,
    diplomacy.AgreementSignatory,
    projects.Project,
    projects.ProjectSector,
    projects.Funding,
    projects.ParticipatingOrganization,
    projects.Milestone,
    projects.ProjectCitation,
    diplomacy.OrganizationCitation,
    diplomacy.OfficialCitation,
    diplomacy.EngagementCitation,
    diplomacy.AgreementCitation,
]


def record_fixtures():
    """The record's files in the order of their numbered names: parents first."""
    return sorted(RECORD_DIR.glob("*.yaml"))


class Command(BaseCommand):
    help = "Load the real record (fixtures/record/*.yaml) and print counts per model."

    def handle(self, *args, **options):
        fixtures = record_fixtures()
        if not fixtures:
            raise CommandError(f"No record fixtures in {RECORD_DIR}.")
        # One loaddata call is one transaction: the record loads whole or not at all.
        with transaction.atomic(), loading_fixtures():
            call_command("loaddata", *map(str, fixtures), verbosity=0)
            # Raw rows carry the fixtures' dates; what each record shows is digested once.
            for model in RECORD_MODELS:
                if getattr(model, "representation_serializer", ""):
                    for record in model.objects.all():
                        record.store_public_digest()
            projects.Project.objects.assign_iati_identifiers()
        if options["verbosity"] >= 1:
            for model in RECORD_MODELS:
                self.stdout.write(f"{model._meta.label:<36} {model.objects.count():>5}")
