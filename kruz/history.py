"""What the admin's History page shows: every change to a record and to the rows edited
with it (its inlines), with who, when and which fields went from what to what.

The rows come from django-simple-history's tables. Differences are computed here, from
consecutive snapshots of the same row, so a page costs one query per table plus one per
related model named in a change, however long the history."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

# Bookkeeping that changes on every save and says nothing to a reader.
IGNORED_FIELDS = {"version", "created_at", "updated_at"}

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    subject: str
    changes: list = field(default_factory=list)
    reason: str = ""


def history_of(obj, parts=()):
    """The history of obj and of its parts, newest first. `parts` names, for each model
    edited inline, the foreign key that points back to obj: [(Funding, "project"), ...]."""
    entries = _entries(type(obj), obj.history.all(), own=True)
    for model, fk_name in parts:
        records = model.history.filter(**{f"{fk_name}_id": obj.pk})
        entries += _entries(model, records, own=False)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entries(model, records, own):
    fields = _tracked_fields(model)
    pk_name = model._meta.pk.attname
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    labels = _related_labels(fields, records)
    previous_by_row, entries = {}, []
    for record in records:
        row = getattr(record, pk_name)
        previous = previous_by_row.get(row)
        changes = [
            Change(f.verbose_name, _readable(f, old, labels), _readable(f, new, labels))
            for f, old, new in _differences(fields, previous, record)
        ]
        previous_by_row[row] = record
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing a reader would see
        subject = "" if own else f"{model._meta.verbose_name} #{row}"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS[record.history_type],
                subject=subject,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def _tracked_fields(model):
    kept = {f.name for f in model.history.model._meta.concrete_fields}  # not excluded_fields
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in IGNORED_FIELDS and f.name in kept
    ]


def _differences(fields, previous, record):
    if record.history_type == "-":
        return []
    for f in fields:
        new = getattr(record, f.attname)
        old = getattr(previous, f.attname) if previous is not None else None
        if previous is None and new in (None, ""):
            continue
        if old != new:
            yield f, old, new


def _related_labels(fields, records):
    """One query per related model for every id the records name: {(model, id): label}."""
    labels = {}
    for f in fields:
        if not isinstance(f, models.ForeignKey):
            continue
        ids = {getattr(record, f.attname) for record in records} - {None}
        related = f.related_model
        for pk, obj in related._base_manager.in_bulk(ids).items():
            labels[(related, pk)] = str(obj)
    return labels


def _readable(f, value, labels):
    if value is None or value == "":
        return "—"
    if isinstance(f, models.ForeignKey):
        return labels.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)
