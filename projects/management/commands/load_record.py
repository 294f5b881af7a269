"""Add the real record, fixtures/record/*.yaml, to the database: only what is missing.

Safe on every `make run`: a record (project, agreement, official, …) already in the
database is left exactly as staff left it — its fields, version, dates and parts — and a
record staff deleted is not brought back. A record that is missing is added whole, with
its parts (funding, milestones, citations, …). To throw staff work away and load the
fixtures' values again, there is `reset_record`, which asks first.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from diplomacy import models as diplomacy
from kruz.records import RecordPart, linked_records, loading_fixtures, record_key, refresh_all
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

# The records themselves (found by slug); every other record model is a part of one.
RECORD_PARENTS = [model for model in RECORD_MODELS if not issubclass(model, RecordPart)]


def record_fixtures():
    """The record's files in the order of their numbered names: parents first."""
    fixtures = sorted(RECORD_DIR.glob("*.yaml"))
    if not fixtures:
        raise CommandError(f"No record fixtures in {RECORD_DIR}.")
    return fixtures


def fixture_objects():
    """Every object of the record's files, deserialized against the database as it is:
    a record already present comes with its primary key, a missing one without."""
    for path in record_fixtures():
        with path.open(encoding="utf-8") as stream:
            yield from serializers.deserialize("yaml", stream, handle_forward_references=True)


def fixture_slugs():
    """{model: [slug, …]} of the records the fixtures define."""
    slugs = {model: [] for model in RECORD_PARENTS}
    for path in record_fixtures():
        with path.open(encoding="utf-8") as stream:
            for row in yaml.safe_load(stream) or []:
                model = next(
                    (m for m in RECORD_PARENTS if m._meta.label_lower == row["model"]), None
                )
                if model is not None:
                    slugs[model].append(row["fields"]["slug"])
    return slugs


@dataclass
class LoadReport:
    added: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    #: "label slug" of records staff deleted, which the load does not bring back
    deleted_by_staff: list = field(default_factory=list)


def deleted_by_staff(model, slug):
    """Whether staff deleted this record (its history ends in a deletion)."""
    history = getattr(model, "history", None)
    return history is not None and history.filter(slug=slug, history_type="-").exists()


def load_missing(*, bring_back_deleted=False, date_now=None):
    """Add the records of the fixtures that the database lacks, each with its parts, in one
    transaction. Records already present, and their parts, are not touched.

    Added records keep the fixtures' dates on an empty database; added to one that already
    held some of the record (or by a reset, `date_now`), they are dated now, so that
    integrators syncing with ?updated_since= learn of them."""
    report = LoadReport()
    added_records = {}
    deferred = []
    with transaction.atomic(), loading_fixtures():
        for obj in fixture_objects():
            instance = obj.object
            model = type(instance)
            if not should_add(instance, added_records, bring_back_deleted, report):
                report.kept[model] += 1
                continue
            taken = model._base_manager.filter(pk=instance.pk)
            if isinstance(instance, RecordPart) and taken.exists():
                instance.pk = None  # the fixture's id is taken by a row staff added: a new id
            with missing_link_named(instance):
                obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
            report.added[model] += 1
            if not isinstance(instance, RecordPart):
                added_records[record_key(instance)] = instance
        for obj in deferred:
            with missing_link_named(obj.object):
                obj.save_deferred_fields()
        reset_sequences(report.added)
        if date_now is None:
            date_now = any(report.kept[model] for model in RECORD_PARENTS)
        show_added_records(added_records, timezone.now() if date_now else None)
        projects.Project.objects.assign_iati_identifiers()
    return report


@contextmanager
def missing_link_named(instance):
    """A record added now may name one that is gone (staff deleted an organization the
    fixtures' new project is funded by): say which, and load nothing."""
    try:
        yield
    except (ObjectDoesNotExist, IntegrityError) as error:
        name = " ".join(filter(None, [instance._meta.label, getattr(instance, "slug", "")]))
        raise CommandError(
            f"Cannot add {name}: it names a record that is not in the database ({error}). "
            "Nothing was added; restore that record, or run reset_record."
        ) from error


def should_add(instance, added_records, bring_back_deleted, report):
    """A record is added when missing (and not deleted by staff); a part only with its
    record, so a part staff removed from a record they kept is not brought back."""
    if isinstance(instance, RecordPart):
        owner = type(instance)._record_field()
        owner_id = getattr(instance, owner.attname)
        return (owner.related_model._meta.label_lower, owner_id) in added_records
    if instance.pk is not None:
        return False
    if not bring_back_deleted and deleted_by_staff(type(instance), instance.slug):
        report.deleted_by_staff.append(f"{instance._meta.label} {instance.slug}")
        return False
    return True


def reset_sequences(models):
    """Rows saved with the fixtures' ids leave PostgreSQL's sequences behind (as loaddata
    would reset them): the next row staff add must not collide."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def show_added_records(added_records, dated=None):
    """Raw rows carry the fixtures' dates (or `dated`): each added record's public digest
    is stored once, and a record already present that now shows an added one is refreshed
    (dated now)."""
    linked = {}
    for record in added_records.values():
        if dated is not None:
            type(record)._base_manager.filter(pk=record.pk).update(updated_at=dated)
        record.store_public_digest()
        linked.update(linked_records(record))
    refresh_all(record for key, record in linked.items() if key not in added_records)


def write_report(stdout, report):
    for model in RECORD_MODELS:
        stdout.write(f"{model._meta.label:<36} {model._default_manager.count():>5}")
    kept = sum(report.kept.values())
    stdout.write(
        f"Added {sum(report.added.values())} rows of the record; "
        f"{kept} were already there and are left as they are."
    )
    if report.deleted_by_staff:
        stdout.write(
            "Not brought back, deleted by staff (reset_record restores them): "
            + ", ".join(report.deleted_by_staff)
        )


class Command(BaseCommand):
    help = (
        "Add what is missing of the real record (fixtures/record/*.yaml), leaving every "
        "record already in the database as staff left it, and print counts per model."
    )

    def handle(self, *args, **options):
        report = load_missing()
        if options["verbosity"] >= 1:
            write_report(self.stdout, report)
