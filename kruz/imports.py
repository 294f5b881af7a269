"""Spreadsheet import and export (django-import-export) as the staff use it: every row is
validated like the admin form validates it, errors are reported per row and per field,
and an import with any error writes nothing."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from kruz.permissions import can_publish
from kruz.records import Publication


class KruzResource(resources.ModelResource):
    """Rows are checked with the model's full_clean(), and may not change what is already
    public unless the importing user may publish (as in the admin form)."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._locked(instance):
            errors["publication"] = _(
                "This %(what)s is published; only Publishers may change it."
            ) % {"what": self._publishable(instance)._meta.verbose_name}
        super().validate_instance(instance, errors, validate_unique)

    def _locked(self, instance):
        record = self._publishable(instance)
        if record is None or record._state.adding or getattr(self, "user", None) is None:
            return False
        stored = type(record)._base_manager.filter(pk=record.pk).values("publication").first()
        published = stored and stored["publication"] == Publication.PUBLISHED
        return published and not can_publish(self.user, type(record))

    def _publishable(self, instance):
        """The record whose publication guards this row: itself, or its parent."""
        return instance if hasattr(instance, "publication") else None


class LookupWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug or code; an unknown name is an error on that
    field of that row, not a failure of the whole file."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("There is no %(model)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


def lookup_field(name, model, key):
    return fields.Field(attribute=name, column_name=name, widget=LookupWidget(model, key))


class PublicationField(fields.Field):
    """Exported so the spreadsheet shows the state; never imported (Publishers publish)."""

    def __init__(self):
        super().__init__(attribute="publication", column_name="publication", readonly=True)


class SpreadsheetAdminMixin(ImportExportMixin):
    """Admin mixin: import and export as XLSX or CSV. Export takes the changelist's
    filters and search. The confirmed import runs in one transaction that is rolled back
    when any row has an error; the preview already refuses to confirm such a file."""

    formats = [base_formats.XLSX, base_formats.CSV]

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

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
