"""Spreadsheet import and export (django-import-export) as the staff use it: every row is
validated like the admin form validates it, errors are reported per row and per column,
once, with what to type instead, and an import with any error writes nothing.

Columns carry what a clerk reads: choice labels ("Implementation", "Tashkent"), dates at
their precision ("2021", "2021-10", "2021-10-14"), related records by slug or code. Import
takes those labels (in any of the site's languages) or the stored codes, so a sheet
exported from the admin imports back unchanged as "0 changed"."""

import datetime
import decimal
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin

from kruz.exports import partial_date, unescape
from kruz.models import SpreadsheetImport
from kruz.permissions import can_publish
from kruz.records import DatePrecision, Publication, RecordPart
from kruz.sheets import SheetCSV, SheetRefused, SheetXLSX
from kruz.tasks import run_spreadsheet_import


class KruzResource(resources.ModelResource):
    """Rows are checked with the model's full_clean(), and may not change what is already
    public unless the importing user may publish (as in the admin form)."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.on_row = None  # called with each row's number (background imports' progress)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.on_row is not None:
            self.on_row(kwargs["row_number"])

    def before_save_instance(self, instance, row, **kwargs):
        # simple-history names the importing user, also in a background task (no request)
        instance._history_user = self.user
        super().before_save_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        unreadable = set(import_validation_errors or {})
        errors = dict(import_validation_errors or {})
        locked = self._locked_record(instance)
        if locked is not None:
            errors["publication"] = _(
                "This row changes the published %(what)s “%(record)s”; only Publishers may "
                "change it. Leave the row as it was, or ask a Publisher to import it."
            ) % {"what": locked._meta.verbose_name, "record": locked}
        try:
            # Not validate_constraints(): it compiles a query per check constraint per row
            # (a third of a large import's time); the model's clean() gives each of them a
            # field-level message first, and the database still enforces them.
            instance.full_clean(
                exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(one_message_per_column(ValidationError(errors), unreadable))

    def _locked_record(self, instance):
        """The first published record this row changes that the user may not change: the
        row's own record, or for a part (funding, …) the record it belongs to now and the
        one it belonged to before the row moved it."""
        if self.user is None:
            return None
        for record in self._records(instance):
            if record.pk is None or can_publish(self.user, type(record)):
                continue
            stored = type(record)._base_manager.filter(pk=record.pk).values("publication")
            if stored.first() == {"publication": Publication.PUBLISHED}:
                return record
        return None

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return sheet_field(django_field, readonly)

    def _records(self, instance):
        if isinstance(instance, RecordPart):
            return instance.records()
        return [instance] if hasattr(instance, "publication") else []


def one_message_per_column(error, unreadable):
    """A mistake is reported once. A value that could not be read keeps the reader's
    message (what to type); otherwise the last message of a column is kept: a negative
    amount breaks the field's validator and then the model's clean(), which says it best."""
    return {
        column: messages[:1] if column in unreadable else messages[-1:]
        for column, messages in error.message_dict.items()
    }


class TextWidget(widgets.CharWidget):
    """Text. An empty cell (None in XLSX) is empty text, and the apostrophe the CSV export
    puts before a formula-like text (kruz.exports.cell_text) is read back off."""

    def __init__(self):
        super().__init__(coerce_to_string=True, allow_blank=True)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a number typed in a text column of a spreadsheet
        return unescape(super().clean(value, row, **kwargs)).strip()


class ChoiceWidget(widgets.Widget):
    """A choice, exported as its label in the exporting user's language; imported from
    the label in any of the site's languages, or the stored code."""

    def __init__(self, choices, required):
        super().__init__(coerce_to_string=True)
        self.choices = choices
        self.required = required

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, "" if value is None else value))

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError(gettext("Type one of: %(labels)s.") % {"labels": self.labels()})
            return ""
        try:
            return self.by_name()[text.casefold()]
        except KeyError:
            raise ValueError(
                gettext("“%(value)s” is not one of the choices. Type one of: %(labels)s.")
                % {"value": text, "labels": self.labels()}
            ) from None

    def labels(self):
        return ", ".join(str(label) for _code, label in self.choices)

    def by_name(self):
        if not hasattr(self, "_by_name"):
            names = {str(code).casefold(): code for code, _label in self.choices}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    names.update({str(label).casefold(): code for code, label in self.choices})
            self._by_name = names
        return self._by_name


class AmountWidget(widgets.DecimalWidget):
    """Money: a number in XLSX, plain digits in CSV (no thousands separators)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else f"{value:f}"

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, float):
            value = repr(value)  # 4500000.5, not the binary fraction
        try:
            return decimal.Decimal(str(value).strip().replace(" ", ""))
        except decimal.InvalidOperation:
            raise ValueError(
                gettext(
                    "“%(value)s” is not an amount. Type digits and a decimal point, "
                    "e.g. 1500000.50."
                )
                % {"value": value}
            ) from None


class NumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, decimal.InvalidOperation):
            raise ValueError(
                gettext("“%(value)s” is not a whole number. Type digits only, e.g. 90.")
                % {"value": value}
            ) from None


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class PartialDateWidget(widgets.Widget):
    """A date at its precision: "2021", "2021-10" or "2021-10-14" (a cell typed as a
    date in a spreadsheet is a day). The value is the pair (date, precision)."""

    def __init__(self):
        super().__init__(coerce_to_string=True)

    def render(self, value, obj=None, **kwargs):
        return partial_date(*value)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date(), DatePrecision.DAY
        if isinstance(value, datetime.date):
            return value, DatePrecision.DAY
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None, DatePrecision.DAY
        match = PARTIAL_DATE.match(text)
        try:
            year, month, day = (int(part) if part else None for part in match.groups())
            if day is not None:
                return datetime.date(year, month, day), DatePrecision.DAY
            if month is not None:
                return datetime.date(year, month, 1), DatePrecision.MONTH
            return datetime.date(year, 1, 1), DatePrecision.YEAR
        except (AttributeError, ValueError):
            raise ValueError(
                gettext(
                    "“%(value)s” is not a date. Type it as precisely as the source gives "
                    "it: 2021, 2021-10 or 2021-10-14."
                )
                % {"value": text}
            ) from None


class PartialDateField(fields.Field):
    """One column for a date and its precision (the model's <name>_precision field)."""

    def __init__(self, name):
        super().__init__(attribute=name, column_name=name, widget=PartialDateWidget())

    def get_value(self, instance):
        return getattr(instance, self.attribute), getattr(instance, f"{self.attribute}_precision")

    def save(self, instance, row, is_m2m=False, **kwargs):
        value, precision = self.clean(row, **kwargs)
        setattr(instance, self.attribute, value)
        setattr(instance, f"{self.attribute}_precision", precision)


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug or code; an unknown name is an error on that
    column of that row, not a failure of the whole file."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                gettext("There is no %(model)s “%(value)s”. Type the %(key)s of one in KRUZ.")
                % {"model": self.model._meta.verbose_name, "value": value, "key": self.field}
            ) from None


class PublicationField(fields.Field):
    """Exported so the spreadsheet shows the state; never imported (Publishers publish)."""

    def __init__(self):
        super().__init__(
            attribute="publication",
            column_name="publication",
            readonly=True,
            widget=ChoiceWidget(Publication.choices, required=False),
        )


def sheet_field(model_field, readonly=False):
    """The column for a model field: choices as labels, dates at their precision, money
    as numbers, related records by slug (or code), text never null."""
    name = model_field.name
    if name in getattr(model_field.model, "partial_dates", ()):
        return PartialDateField(name)
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        slugged = any(field.name == "slug" for field in related._meta.fields)
        widget = LookupWidget(related, "slug" if slugged else related._meta.pk.name)
    elif model_field.choices:
        widget = ChoiceWidget(model_field.choices, required=not model_field.blank)
    elif isinstance(model_field, models.DecimalField):
        widget = AmountWidget()
    elif isinstance(model_field, models.IntegerField):
        widget = NumberWidget()
    elif isinstance(model_field, models.CharField | models.TextField):
        widget = TextWidget()
    else:
        widget = KruzResource.widget_from_django_field(model_field)()
    default = model_field.default if model_field.has_default() else models.NOT_PROVIDED
    return fields.Field(
        attribute=name, column_name=name, widget=widget, readonly=readonly, default=default
    )


class SpreadsheetAdminMixin(ImportExportMixin):
    """Admin mixin: import and export as XLSX or CSV. Export takes the changelist's
    filters and search. The confirmed import runs in one transaction that is rolled back
    when any row has an error; the preview already refuses to confirm such a file.

    A file of more than IMPORT_BACKGROUND_ROWS rows is checked and imported by a Celery
    task (kruz.tasks), with a page the clerk can leave and come back to."""

    formats = [SheetXLSX, SheetCSV]
    import_template_name = "admin/kruz/import.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_spreadsheet_import"
        return [
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.spreadsheet_import_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # import-export passes numbers as numbers only to its own binary formats
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(
            request, queryset, force_native_type=file_format.is_binary(), **kwargs
        )
        export_data = file_format.export_data(data)
        if not file_format.is_binary() and kwargs.get("encoding"):
            export_data = export_data.encode(kwargs["encoding"])
        return export_data

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetRefused):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error("import_file", _("Save the CSV file as UTF-8 and upload it again."))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "kruz_model": self.model}

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                job = self._background_job(request, form)
                if job is not None:
                    return HttpResponseRedirect(self._job_url(job))
        response = super().import_action(request, **kwargs)
        if hasattr(response, "context_data"):
            response.context_data["recent_imports"] = SpreadsheetImport.objects.filter(
                user=request.user, model=self.model._meta.label_lower
            )[:5]
        return response

    def _background_job(self, request, form):
        """A job for a file above the threshold, its check queued; None for a file the
        request previews itself (or one it refuses with its message)."""
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        upload.seek(0)
        file_format = int(form.cleaned_data["format"])
        try:
            dataset = self.get_import_formats()[file_format]().create_dataset(data)
        except Exception:  # noqa: BLE001 - the preview reads it again and shows why
            return None
        if len(dataset) <= settings.IMPORT_BACKGROUND_ROWS:
            return None
        job = SpreadsheetImport.objects.create(
            user=request.user,
            model=self.model._meta.label_lower,
            file_name=upload.name[:255],
            file_format=file_format,
            content=data,
            row_count=len(dataset),
        )
        transaction.on_commit(lambda: run_spreadsheet_import.delay(job.pk, False))
        return job

    def import_in_background(self, job, confirmed):
        """import_data() for a job (called by the task): the preview or the import."""
        dataset = self.get_import_formats()[job.file_format]().create_dataset(bytes(job.content))
        resource = self.get_import_resource_classes(None)[0]()
        resource.on_row = job.report_progress
        return resource.import_data(
            dataset,
            dry_run=not confirmed,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=job.file_name,
            user=job.user,
        )

    def spreadsheet_import_view(self, request, job_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            SpreadsheetImport, pk=job_id, user=request.user, model=self.model._meta.label_lower
        )
        if request.method == "POST":
            self._confirm(request, job)
            return HttpResponseRedirect(self._job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import: %(file)s") % {"file": job.file_name},
            "opts": self.model._meta,
            "job": job,
            "rows_done": job.rows_done(),
        }
        return TemplateResponse(request, "admin/kruz/spreadsheet_import.html", context)

    def _confirm(self, request, job):
        checked, importing = SpreadsheetImport.State.CHECKED, SpreadsheetImport.State.IMPORTING
        # Only a checked import starts, and only once, however often Confirm is pressed.
        if SpreadsheetImport.objects.filter(pk=job.pk, state=checked).update(state=importing):
            transaction.on_commit(lambda: run_spreadsheet_import.delay(job.pk, True))
        else:
            self.message_user(request, _("This import cannot be confirmed now."), messages.ERROR)

    def _job_url(self, job):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_spreadsheet_import", args=[job.pk]
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("The file has errors; nothing was imported. Preview it again to see them."),
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return super().process_result(result, request)
