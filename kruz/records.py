"""Building blocks shared by the KRUZ apps: publication state, dates as precise as
their source, and the constraints that keep both true in the database."""

import contextlib
import contextvars
import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import TruncMonth, TruncYear
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# Sent by RecordQuerySet.unpublish(), which updates in bulk and so sends no post_save:
# sender is the model, `pks` the records that went from published back to draft.
records_unpublished = Signal()


class VersionConflict(Exception):
    """The record was saved by someone else since this copy of it was loaded."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} changed since it was loaded")


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def drafts(self):
        return self.filter(publication=Publication.DRAFT)

    def publish(self):
        return self._set_publication(Publication.PUBLISHED, published_at=timezone.now())

    def unpublish(self):
        pks = list(self.published().values_list("pk", flat=True))
        count = self._set_publication(Publication.DRAFT, published_at=None)
        if pks:
            records_unpublished.send(sender=self.model, pks=pks)
        return count

    def _set_publication(self, publication, **fields):
        changing = self.exclude(publication=publication)
        if issubclass(self.model, RecordPart):  # a status report shows on its project
            self.model.touch_records_of(changing)
        # A bulk change is still a change: it bumps each version so stale editors conflict.
        return changing.update(
            publication=publication, version=F("version") + 1, updated_at=timezone.now(), **fields
        )


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    """Records are addressed by their slug, in URLs and in fixtures (natural keys)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Record(models.Model):
    """A record the public may see once it is published; drafts stay with the staff."""

    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication, default=Publication.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Serves ?updated_since= syncs and "recently changed" lists.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    editorial_note = models.TextField(
        _("editorial note (staff only)"),
        blank=True,
        help_text=_(
            "How this record was made: choices, inferences, what the sources leave open. "
            "Never shown to the public."
        ),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        # "publish" covers publishing and unpublishing; only the Publishers group holds it.
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = [
            models.CheckConstraint(
                condition=Q(publication__in=Publication.values),
                name="%(app_label)s_%(class)s_publication_valid",
            ),
        ]

    def save(self, *args, **kwargs):
        """Save, unless someone else saved this record since it was loaded (optimistic
        locking): the stored version must still be the one this copy carries."""
        if not self._state.adding and self.pk is not None:
            self._claim_next_version()
        super().save(*args, **kwargs)

    def _claim_next_version(self):
        claimed = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=self.version)
            .update(version=F("version") + 1)
        )
        if not claimed:
            raise VersionConflict(self)
        self.version += 1

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED

    def publish(self):
        self.publication = Publication.PUBLISHED
        self.published_at = timezone.now()
        self.save()

    def unpublish(self):
        self.publication = Publication.DRAFT
        self.published_at = None
        self.save()


class SluggedRecord(Record):
    """A record with its own public address: its slug, also its natural key in fixtures."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    objects = RecordManager()

    class Meta(Record.Meta):
        abstract = True

    def natural_key(self):
        return (self.slug,)


class DatePrecision(models.TextChoices):
    """How much of a date the source gives. A "November 2017" is kept as 2017-11-01
    with month precision and is never shown with an invented day."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )


def format_partial_date(value, precision):
    """The date as precise as it is known, in the active locale's format."""
    if value is None:
        return ""
    return _format_partial_date(value, precision, translation.get_language())


# Django's date formatting reads the format string character by character: fifty dates
# were a fifth of the project list page. A page shows the same dates again and again.
@functools.lru_cache(maxsize=4096)
def _format_partial_date(value, precision, language):
    """`language` is only a key: it is the active one, which date_format() uses."""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def truncate_to_precision(value, precision):
    if value is None or precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return datetime.date(value.year, 1, 1)


def period_end(value, precision):
    """The last day a date kept to this precision can mean: "2027" ends on 31 December."""
    if value is None or precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        next_month = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return next_month - datetime.timedelta(days=1)
    return datetime.date(value.year, 12, 31)


def period_passed(field_name, today):
    """A condition: the period a partial date names ended before today. The stored date
    starts its period, so the period is over when it starts before today's period does."""
    precision = f"{field_name}_precision"
    return (
        Q(**{precision: DatePrecision.DAY, f"{field_name}__lt": today})
        | Q(**{precision: DatePrecision.MONTH, f"{field_name}__lt": today.replace(day=1)})
        | Q(**{precision: DatePrecision.YEAR, f"{field_name}__lt": datetime.date(today.year, 1, 1)})
    )


def partial_date_constraints(prefix, field_name):
    """A month-precise date is the first of its month; a year-precise one, 1 January."""
    precision = f"{field_name}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{precision}__in": DatePrecision.values}),
            name=f"{prefix}_{field_name}_precision_valid",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{field_name}__isnull": True})
            | Q(**{precision: DatePrecision.DAY})
            | Q(**{f"{field_name}__day": 1, precision: DatePrecision.MONTH})
            | Q(**{f"{field_name}__day": 1, f"{field_name}__month": 1}),
            name=f"{prefix}_{field_name}_matches_precision",
            violation_error_message="A date kept to the month or year must start it.",
        ),
    ]


def ordered_dates_constraint(prefix, earlier, later):
    """The later date may not end before the earlier one starts: a year-precise "2017"
    is not before 18 June 2017 (stored dates are the first day of their period)."""
    precision = f"{later}_precision"
    return models.CheckConstraint(
        condition=Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)})
        | Q(**{precision: DatePrecision.MONTH, f"{later}__gte": TruncMonth(earlier)})
        | Q(**{precision: DatePrecision.YEAR, f"{later}__gte": TruncYear(earlier)}),
        name=f"{prefix}_{later}_not_before_{earlier}",
        violation_error_message=f"{later} cannot be before {earlier}.",
    )


class PartialDatesMixin:
    """Model mixin: normalise each (date, precision) pair named in `partial_dates`, and
    check that pairs named in `ordered_dates` come in order, with field-level messages."""

    partial_dates: tuple[str, ...] = ()
    ordered_dates: tuple[tuple[str, str], ...] = ()

    def clean_partial_dates(self):
        for name in self.partial_dates:
            value = truncate_to_precision(getattr(self, name), getattr(self, f"{name}_precision"))
            setattr(self, name, value)
        errors = {}
        for earlier, later in self.ordered_dates:
            start, end = getattr(self, earlier), getattr(self, later)
            end_precision = getattr(self, f"{later}_precision")
            if start and end and end < truncate_to_precision(start, end_precision):
                errors[later] = _("This date cannot be before %(field)s.") % {
                    "field": self._meta.get_field(earlier).verbose_name
                }
        if errors:
            raise ValidationError(errors)

    def display_date(self, name):
        return format_partial_date(getattr(self, name), getattr(self, f"{name}_precision"))


class RecordPart:
    """Model mixin for rows published as part of a record: a project's funding, sector
    shares, participating organizations, milestones and status reports, an agreement's
    signatories, an engagement's participants, an official's positions.

    Saving or deleting one moves its record's `updated_at`, so ?updated_since= syncs and
    Last-Modified see the change. The record's version stays as it is: a colleague who has
    the record open in the admin can still save it without a conflict."""

    #: the foreign key to the record this row is part of
    part_of: str = ""

    @classmethod
    def from_db(cls, db, field_names, values):
        part = super().from_db(db, field_names, values)
        # Moving the row to another record changes both; remember where it came from.
        part._loaded_record_id = part.__dict__.get(cls._record_field().attname)
        return part

    @classmethod
    def _record_field(cls):
        return cls._meta.get_field(cls.part_of)

    @classmethod
    def touch_records_of(cls, parts):
        """Mark the records of these rows (a queryset) as changed now, in one UPDATE."""
        field = cls._record_field()
        touch(field.related_model, parts.values(field.attname))

    def touch_record(self):
        field = self._record_field()
        ids = {getattr(self, field.attname), getattr(self, "_loaded_record_id", None)} - {None}
        touch(field.related_model, ids)


def touch(model, pks):
    """Mark these records as changed now (their versions stay), in one UPDATE."""
    model._base_manager.filter(pk__in=pks).update(updated_at=timezone.now())


# Signals rather than save()/delete() overrides: they also fire for admin bulk deletes
# and cascades, which never call a row's delete(). Fixtures (raw) set their own dates.
@receiver(post_save, dispatch_uid="kruz.records.part_saved")
def _part_saved(sender, instance, raw=False, **kwargs):
    if isinstance(instance, RecordPart) and not raw:
        instance.touch_record()


@receiver(post_delete, dispatch_uid="kruz.records.part_deleted")
def _part_deleted(sender, instance, **kwargs):
    if isinstance(instance, RecordPart):
        instance.touch_record()


# loaddata saves rows raw, with the dates the fixtures give, then sets their links.
_loading_fixtures = contextvars.ContextVar("loading_fixtures", default=False)


@contextlib.contextmanager
def loading_fixtures():
    """Within, setting links changes no record's updated_at (see _links_changed)."""
    token = _loading_fixtures.set(True)
    try:
        yield
    finally:
        _loading_fixtures.reset(token)


@receiver(m2m_changed, dispatch_uid="kruz.records.links_changed")
def _links_changed(sender, instance, action, model, pk_set, **kwargs):
    """Linking or unlinking two records (a project and the agreement it implements, an
    agreement and a party) changes both, for ?updated_since= syncs and Last-Modified; their
    versions stay, as for parts. Links with rows of their own (signatories, participants)
    are parts, and touch their record themselves."""
    if not sender._meta.auto_created or action not in ("post_add", "post_remove", "pre_clear"):
        return
    if _loading_fixtures.get():
        return
    if action != "pre_clear" and not pk_set:  # added what was already linked
        return
    if isinstance(instance, Record):
        touch(type(instance), [instance.pk])
    if issubclass(model, Record):
        touch(model, linked_pks(sender, instance, model) if action == "pre_clear" else pk_set)


def linked_pks(through, instance, model):
    """The pks of the `model` rows the link table `through` ties to `instance`."""
    own = next(f for f in through._meta.get_fields() if f.related_model is type(instance))
    other = next(f for f in through._meta.get_fields() if f.related_model is model and f != own)
    links = through.objects.filter(**{own.attname: instance.pk})
    return set(links.values_list(other.attname, flat=True))
