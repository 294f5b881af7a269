"""Building blocks shared by the KRUZ apps: publication state, dates as precise as
their source, and the constraints that keep both true in the database."""

import contextlib
import contextvars
import datetime
import functools
import hashlib

import orjson
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import TruncMonth, TruncYear
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from kruz.models import EventKind, FormerSlug, PublicEvent
from kruz.text import PrintableTextMixin


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


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

    def with_public_parts(self):
        """The records with the parts the public may see, prefetched into `public_…`
        attributes; each record type that has parts says which (drafts and internal rows
        left out). Every channel reads these, so a hidden row is hidden everywhere."""
        return self

    def public(self):
        """Published records, with what the public may see of their parts."""
        return self.published().with_public_parts()

    def publish(self):
        """Publish each draft in turn: each is saved, versioned, kept in the history and
        announced, as when it is published on its own."""
        drafts = list(self.drafts())
        for record in drafts:
            record.publish()
        return len(drafts)

    def unpublish(self):
        published = list(self.published())
        for record in published:
            record.unpublish()
        return len(published)

    def delete(self):
        """Delete, announcing each record the public could see and refreshing the records
        that showed them (a cascade removes links without a word)."""
        with transaction.atomic():
            records = list(self)
            linked = {}
            for record in records:
                linked.update(linked_records(record))
                record.announce_removal(EventKind.DELETED)
            result = super().delete()
            deleted = {record_key(record) for record in records}
            refresh_all(record for key, record in linked.items() if key not in deleted)
        return result


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    """Records are addressed by their slug, in URLs and in fixtures (natural keys)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Record(PrintableTextMixin, models.Model):
    """A record the public may see once it is published; drafts stay with the staff.

    What the public sees of a record is its representation (the API's detail, which the
    pages, exports and feeds show too). `updated_at` is when that last changed: a save
    that changes only staff fields (an editorial note, a reminder setting) or hidden rows
    (an internal report, a draft part) moves nothing the public can see."""

    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication, default=Publication.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Serves ?updated_since= syncs and "recently changed" lists.
    updated_at = models.DateTimeField(
        _("updated at"), default=timezone.now, editable=False, db_index=True
    )
    # A digest of the representation: the cache key of the public views, and how a save
    # knows whether the public can see a change.
    public_digest = models.CharField(_("public digest"), max_length=32, blank=True, editable=False)
    editorial_note = models.TextField(
        _("editorial note (staff only)"),
        blank=True,
        help_text=_(
            "How this record was made: choices, inferences, what the sources leave open. "
            "Never shown to the public."
        ),
    )

    #: the dotted path of the serializer that writes the record's public representation;
    #: empty for records shown only as part of others (sources, status reports)
    representation_serializer = ""

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
        locking: the stored version must still be the one this copy carries). Then tell
        the public what changed for it, and only that: published, unpublished, or, when
        its representation changed, changed; refresh the records that show this one when
        what they show of it (its link face) changed. A published record renamed keeps its
        old address."""
        before = None if self._state.adding else self._stored()
        if before is not None:
            self._claim_next_version()
        super().save(*args, **kwargs)
        was_public = before is not None and before.is_published
        if was_public and self._renamed_from(before):
            FormerSlug.objects.update_or_create(
                resource=self._meta.label_lower, slug=before.slug, defaults={"record_id": self.pk}
            )
        self.refresh_public_state(announce=was_public and self.is_published)
        if self.is_published and not was_public:
            self.announce(EventKind.PUBLISHED)
        elif was_public and not self.is_published:
            self.announce(EventKind.UNPUBLISHED)
        # A new record is shown by none yet: links come after it.
        if before is not None and before.link_face() != self.link_face():
            refresh_all(record for _key, record in linked_records(self))

    def _renamed_from(self, before):
        """True when this record has a slug and it is no longer the one it had."""
        return hasattr(self, "slug") and before.slug != self.slug

    def delete(self, *args, **kwargs):
        """Delete; if the public could see the record, announce it, and refresh the records
        that showed it (the cascade removes their links without a word)."""
        with transaction.atomic():
            linked = linked_records(self)
            self.announce_removal(EventKind.DELETED)
            result = super().delete(*args, **kwargs)
            refresh_all(record for _key, record in linked)
        return result

    def _stored(self):
        return type(self)._base_manager.filter(pk=self.pk).first()

    def link_face(self):
        """What other records show of this one: their representations change only when
        this does (a link: its slug, its name; and whether it is shown at all)."""
        return (self.publication, getattr(self, "slug", None), self.link_name())

    def link_name(self):
        """The record's name in links, the same in every language (API and digests)."""
        return str(self)

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

    def representation(self):
        """What the public sees of this record, as plain data (None for records shown only
        as part of others). Its parts are read as the public may see them."""
        if not self.representation_serializer:
            return None
        serializer = import_string(self.representation_serializer)
        record = type(self).objects.with_public_parts().get(pk=self.pk)
        # Without a request, the addresses in it are relative: the same whatever the host.
        return serializer(record, context={"request": None}).data

    def refresh_public_state(self, announce=True):
        """Read the representation again; if it differs from what the record last showed,
        date the change (`updated_at`) and announce it when the public can see the record.
        Returns whether anything changed."""
        now = timezone.now()
        representation = self.representation()
        stored = type(self)._base_manager.filter(pk=self.pk)
        if representation is None:
            changed = bool(stored.update(updated_at=now))
        else:
            digest = digest_of(representation)
            changed = bool(
                stored.exclude(public_digest=digest).update(public_digest=digest, updated_at=now)
            )
            if changed:
                self.public_digest = digest
        if changed:
            self.updated_at = now
            if announce and self.is_published:
                self.announce(EventKind.CHANGED)
        return changed

    def store_public_digest(self):
        """Record what the record shows without dating a change (after a raw load, whose
        rows carry their own dates)."""
        representation = self.representation()
        if representation is not None:
            self.public_digest = digest_of(representation)
            type(self)._base_manager.filter(pk=self.pk).update(public_digest=self.public_digest)

    def announce(self, kind):
        """A public event about this record, for the kinds of record the public reads on
        their own (not sources or status reports, shown only within others)."""
        if self.representation_serializer:
            PublicEvent.objects.announce(self, kind)

    def announce_removal(self, kind):
        stored = self._stored()
        if stored is not None and stored.is_published:
            self.announce(kind)


def digest_of(representation):
    """A digest of what the public sees; the version and the date of the last change are
    bookkeeping, not content."""
    content = {k: v for k, v in representation.items() if k not in ("version", "updated_at")}
    encoded = orjson.dumps(content, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.md5(encoded, usedforsecurity=False).hexdigest()


def page_key(states):
    """A cache key for a page of records, from each one's (pk, public digest) in order:
    any change to what one of them shows, or to which are on the page, makes a new key."""
    joined = ",".join(f"{pk}:{digest}" for pk, digest in states)
    return hashlib.md5(joined.encode(), usedforsecurity=False).hexdigest()


def record_key(record):
    return (record._meta.label_lower, record.pk)


def refresh_all(records):
    """Refresh each record that still exists (a cascade may have taken it)."""
    for record in records:
        if type(record)._base_manager.filter(pk=record.pk).exists():
            record.refresh_public_state()


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


class RecordPart(PrintableTextMixin):
    """Model mixin for rows published as part of a record: a project's funding, sector
    shares, participating organizations, milestones and status reports, an agreement's
    signatories, an engagement's participants, an official's positions, citations.

    Saving or deleting one refreshes its record's public state: `updated_at` moves (for
    ?updated_since= syncs and Last-Modified) only if the public can see the difference.
    The record's version stays as it is: a colleague who has the record open in the admin
    can still save it without a conflict."""

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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.refresh_records()

    def records(self):
        """The record this row is part of, and the one it was moved from."""
        field = self._record_field()
        ids = {getattr(self, field.attname), getattr(self, "_loaded_record_id", None)} - {None}
        return list(field.related_model._base_manager.filter(pk__in=ids))

    def refresh_records(self):
        for record in self.records():
            record.refresh_public_state()


# A signal rather than delete(): admin bulk deletes and cascades never call a row's delete().
@receiver(post_delete, dispatch_uid="kruz.records.part_deleted")
def _part_deleted(sender, instance, **kwargs):
    if isinstance(instance, RecordPart):
        instance.refresh_records()


def linked_records(record):
    """[(key, record)] of the records whose representation may show this one: those it
    links to or that link to it, directly or through parts (the projects an organization
    funds, the agreements it is party to). Each refreshes only if it really changed."""
    found = {}
    for field in record._meta.get_fields(include_hidden=True):
        if field.is_relation and is_record_or_part(field.related_model):
            for row in related_rows(record, field):
                for other in records_shown_with(row, record):
                    found.setdefault(record_key(other), other)
    found.pop(record_key(record), None)
    return list(found.items())


def is_record_or_part(model):
    return model is not None and issubclass(model, Record | RecordPart)


def related_rows(record, field):
    if field.concrete and field.many_to_many:
        return list(getattr(record, field.name).all())
    if field.concrete:
        related = getattr(record, field.name, None)
        return [related] if related is not None else []
    # A reverse relation: the rows that point at this record, with the records they name.
    model = field.related_model
    named = [
        other.name
        for other in model._meta.concrete_fields
        if other.is_relation
        and other.name != field.field.name
        and is_record_or_part(other.related_model)
    ]
    return list(model._base_manager.filter(**{field.field.name: record.pk}).select_related(*named))


def records_shown_with(row, record):
    """The records that show `row`: a record itself; a part's record, or, for the
    record's own parts, the other records the part names (a funding's funder)."""
    if isinstance(row, Record) and row.representation_serializer:
        yield row
    if not isinstance(row, RecordPart):
        return
    owner_id = getattr(row, row._record_field().attname)
    if not (type(record) is row._record_field().related_model and owner_id == record.pk):
        yield from row.records()
        return
    for field in row._meta.concrete_fields:
        if (
            field.is_relation
            and field.name != row.part_of
            and is_record_or_part(field.related_model)
        ):
            other = getattr(row, field.name)
            if isinstance(other, Record) and other.representation_serializer:
                yield other


# loaddata saves rows raw, with the dates the fixtures give, then sets their links.
_loading_fixtures = contextvars.ContextVar("loading_fixtures", default=False)


@contextlib.contextmanager
def loading_fixtures():
    """Within, setting links refreshes no record (see _links_changed): the loader stores
    each record's digest once everything is in."""
    token = _loading_fixtures.set(True)
    try:
        yield
    finally:
        _loading_fixtures.reset(token)


# A signal because related managers' add(), remove() and clear() offer no other hook.
@receiver(m2m_changed, dispatch_uid="kruz.records.links_changed")
def _links_changed(sender, instance, action, model, pk_set, **kwargs):
    """Linking or unlinking two records (a project and the agreement it implements, an
    agreement and a party) may change what both show. Links with rows of their own
    (signatories, participants) are parts, and refresh their record themselves."""
    if not sender._meta.auto_created or _loading_fixtures.get():
        return
    if action == "pre_clear":  # remember who was linked, to refresh them once unlinked
        instance._cleared_links = linked_pks(sender, instance, model)
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_cleared_links", set())
    elif action not in ("post_add", "post_remove") or not pk_set:
        return
    if isinstance(instance, Record):
        instance.refresh_public_state()
    if issubclass(model, Record):
        refresh_all(model._base_manager.filter(pk__in=pk_set))


def linked_pks(through, instance, model):
    """The pks of the `model` rows the link table `through` ties to `instance`."""
    own = next(f for f in through._meta.get_fields() if f.related_model is type(instance))
    other = next(f for f in through._meta.get_fields() if f.related_model is model and f != own)
    links = through.objects.filter(**{own.attname: instance.pk})
    return set(links.values_list(other.attname, flat=True))
