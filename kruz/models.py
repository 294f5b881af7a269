"""What KRUZ keeps about itself rather than about the cooperation: the public events every
channel reads (sync removals, feeds, webhooks), the addresses records had before they were
renamed, and what it knows of each staff member."""

import functools
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CHANGED = "changed", _("Changed")
    UNPUBLISHED = "unpublished", _("Unpublished")
    DELETED = "deleted", _("Deleted")


REMOVALS = (EventKind.UNPUBLISHED, EventKind.DELETED)


class PublicEventQuerySet(models.QuerySet):
    def of(self, model):
        return self.filter(resource=model._meta.label_lower)

    def since(self, moment):
        return self.filter(occurred_at__gte=moment)

    def removals(self):
        return self.filter(kind__in=REMOVALS)

    def announce(self, record, kind):
        """Record that the public's view of `record` changed, and once the transaction
        commits hand the event to each of settings.PUBLIC_EVENT_HANDLERS (webhooks)."""
        event = self.create(
            kind=kind,
            resource=record._meta.label_lower,
            record_id=record.pk,
            identifier=record.slug,
            version=record.version,
        )
        transaction.on_commit(functools.partial(notify_handlers, event.pk))
        return event


def notify_handlers(event_id):
    for path in settings.PUBLIC_EVENT_HANDLERS:
        import_string(path)(event_id)


class PublicEvent(models.Model):
    """A change the public could see: a record published, changed, unpublished or deleted.
    Drafts and staff-only edits never make one."""

    Kind = EventKind

    uuid = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind)
    resource = models.CharField(_("resource"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record id"))
    identifier = models.CharField(_("identifier"), max_length=120, help_text=_("Its slug then."))
    version = models.PositiveIntegerField(_("version"))
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    objects = PublicEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("public event")
        verbose_name_plural = _("public events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="kruz_publicevent_kind_valid"
            ),
        ]
        indexes = [
            # ?updated_since= removals and a record type's feed read one resource's events.
            models.Index(fields=["resource", "occurred_at"], name="kruz_publicevent_since"),
            # The site-wide feed reads the latest events.
            models.Index(fields=["-occurred_at"], name="kruz_publicevent_latest"),
        ]

    def __str__(self):
        return f"{self.resource} {self.identifier} {self.kind}"


class FormerSlugQuerySet(models.QuerySet):
    def current_slug(self, model, slug):
        """The slug of the published record of `model` that was once called `slug`."""
        former = self.filter(resource=model._meta.label_lower, slug=slug).first()
        if former is None:
            return None
        records = model._base_manager.filter(pk=former.record_id, publication="published")
        return records.values_list("slug", flat=True).first()


class FormerSlug(models.Model):
    """An address a published record had before it was renamed: its old page and API
    URLs answer with a permanent redirect to the current ones."""

    resource = models.CharField(_("resource"), max_length=60)
    slug = models.SlugField(_("former slug"), max_length=120)
    record_id = models.PositiveBigIntegerField(_("record id"))
    renamed_at = models.DateTimeField(_("renamed at"), default=timezone.now)

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.UniqueConstraint(fields=["resource", "slug"], name="kruz_formerslug_once"),
        ]

    def __str__(self):
        return f"{self.resource} {self.slug}"


class StaffProfile(models.Model):
    """What KRUZ needs to know about a staff member beyond the user account: for now,
    the language their reminder e-mails are written in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


class SpreadsheetImport(models.Model):
    """A large spreadsheet import, checked and then written by a Celery task
    (kruz.tasks.run_spreadsheet_import), so that the clerk can leave its page and come
    back. Its preview, like the admin's, writes nothing; the confirmed import writes every
    row or, when any row fails, none. Progress while it runs is in the cache."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking the rows")
        CHECKED = "checked", _("Checked: confirm to import")
        REFUSED = "refused", _("The file has errors; nothing was imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed; nothing was imported")

    RUNNING = (State.CHECKING, State.IMPORTING)
    #: how many errors and rows the page lists (all are counted)
    LISTED = 500

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    model = models.CharField(_("records"), max_length=100)  # "projects.project"
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.PositiveSmallIntegerField()  # the admin's import format, by index
    content = models.BinaryField(editable=False)  # emptied once imported
    row_count = models.PositiveIntegerField(_("rows"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.CHECKING)
    totals = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [[row, column, message], …]
    rows = models.JSONField(default=list, blank=True)  # [[row, import type, record], …]
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self):
        return self.file_name

    @property
    def running(self):
        return self.state in self.RUNNING

    def progress_key(self):
        return f"kruz:spreadsheet-import:{self.pk}:rows-done"

    def rows_done(self):
        if not self.running:
            return self.row_count
        return cache.get(self.progress_key(), 0)

    def report_progress(self, row_number):
        if row_number % 100 == 0 or row_number == self.row_count:
            cache.set(self.progress_key(), row_number, timeout=24 * 60 * 60)

    def record_result(self, result, confirmed):
        """Keep what the page shows of an import_data() result."""
        errors = [
            [row.number, column, str(message)]
            for row in result.invalid_rows
            for column, messages in row.error_dict.items()
            for message in messages
        ]
        errors += [
            [number, "", str(error.error)]
            for number, row_errors in result.row_errors()
            for error in row_errors
        ]
        errors.sort(key=lambda error: error[0])
        self.totals = dict(result.totals)
        self.errors = errors[: self.LISTED]
        self.totals["errors"] = len(errors)
        self.rows = [
            [number, row.import_type, row.object_repr or ""]
            for number, row in enumerate(result.rows[: self.LISTED], 1)
            if row.import_type not in ("skip", "invalid", "error")
        ]
        if errors:
            self.state = self.State.FAILED if confirmed else self.State.REFUSED
        else:
            self.state = self.State.DONE if confirmed else self.State.CHECKED
        if self.state != self.State.CHECKED:
            self.content = b""  # nothing more will be read from it
        self.save()
