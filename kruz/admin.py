"""The staff admin's shared machinery: the KRUZ site with its dashboard, and what every
record admin does alike — publication by Publishers only, conflict-safe saves, and a
History page that includes the rows edited inline."""

import math

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from kruz.history import history_of
from kruz.models import StaffProfile
from kruz.permissions import can_publish
from kruz.records import Publication, VersionConflict


class KruzLoginForm(OTPAdminAuthenticationForm):
    """Username, password and the code from the authenticator app, on one page: a staff
    member's only authenticator is chosen for them, and never offered as a menu."""

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app."),
        "invalid_token": _("That code is not right. Enter the code your app shows now."),
        "device_required": _("Choose your authenticator."),
        "verification_not_allowed": _("Codes are not being checked right now; try again soon."),
    }

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True)[:2])
            if len(devices) == 1:
                device = devices[0]
        return device

    def _update_form(self, user):
        """After a wrong code django-otp lists the user's devices under a blank choice;
        with only one there is nothing to choose: no menu."""
        super()._update_form(user)
        widget = self.fields["otp_device"].widget
        if len(widget.choices) <= 2:  # the blank and the one authenticator
            widget.choices = []

    def _verify_token(self, user, token, device=None):
        """django-otp makes each wrong code wait longer (1 s, 2 s, 4 s …). The first slip
        is forgiven at once: a mistyped code, or one that changed while it was typed, is
        retried straight away. From the second wrong code on, the delay stands, and the
        message says how long."""
        if device is not None and getattr(device, "throttling_failure_count", 0) == 1:
            device.throttling_failure_timestamp = None  # in memory only; a failure sets it
        if device is not None:
            allowed, extra = device.verify_is_allowed()
            if not allowed and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                raise self.wait_error(extra["failure_count"], extra["locked_until"])
        return super()._verify_token(user, token, device)

    @staticmethod
    def wait_error(failures, locked_until):
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        return ValidationError(
            ngettext(
                "%(count)d wrong codes in a row: wait %(seconds)d second, then enter the "
                "code your authenticator app shows now.",
                "%(count)d wrong codes in a row: wait %(seconds)d seconds, then enter the "
                "code your authenticator app shows now.",
                seconds,
            )
            % {"count": failures, "seconds": seconds},
            code="wait",
        )


class KruzAdminSite(OTPAdminSite):
    """Every staff member signs in with a password and a TOTP code (django-otp); without
    a verified code a session is treated as not staff."""

    login_form = KruzLoginForm
    login_template = "admin/kruz/login.html"
    site_header = _("KRUZ")
    site_title = _("KRUZ staff")
    index_title = _("Korea–Uzbekistan cooperation record")
    index_template = "admin/kruz_index.html"

    def __init__(self, name="admin"):  # OTPAdminSite names itself "otpadmin"
        super().__init__(name)
        # KRUZ's own models; this module is the site's, imported before admin.site exists.
        self.register(StaffProfile, StaffProfileAdmin)


class VersionedModelForm(forms.ModelForm):
    """Carries the version the record had when the form was opened. A save from a stale
    form is refused with the differences, and the form keeps what the user typed; saving
    again after reading them is a deliberate overwrite."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding:
            self._check_version(cleaned_data.get("version"))
        return cleaned_data

    def _check_version(self, loaded_version):
        model = type(self.instance)
        # Lock the row until the request's transaction ends: no one saves between this
        # check and our save (PostgreSQL; SQLite serialises writers anyway).
        stored = model._base_manager.select_for_update().get(pk=self.instance.pk)
        if loaded_version == stored.version:
            self.instance.version = stored.version
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stored.version
        raise ValidationError(self._conflict_message(stored), code="version_conflict")

    def _conflict_message(self, stored):
        latest = stored.history.select_related("history_user").first()
        who = latest.history_user if latest and latest.history_user else _("Someone")
        when = timezone.localtime(latest.history_date) if latest else timezone.localtime()
        differences = self.differences_from(stored)
        lines = [
            _("%(who)s saved this %(what)s at %(when)s, after you opened it. ")
            % {"who": who, "what": stored._meta.verbose_name, "when": f"{when:%Y-%m-%d %H:%M}"}
            + _("Nothing was saved. The form below still holds your input."),
        ]
        for label, saved, yours in differences:
            lines.append(
                _("%(field)s — saved: “%(saved)s”; yours: “%(yours)s”.")
                % {"field": label, "saved": saved, "yours": yours}
            )
        lines.append(_("Check the differences, then save again to keep your version."))
        return lines

    def differences_from(self, stored):
        """(label, stored value, submitted value) for each field where they differ."""
        stored_form = type(self)(instance=stored)
        differences = []
        for name, form_field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            initial = stored_form[name].initial
            if form_field.has_changed(initial, self[name].data):
                differences.append(
                    (
                        form_field.label,
                        _readable(form_field, initial),
                        _readable(form_field, self.cleaned_data[name], cleaned=True),
                    )
                )
        return differences


def _readable(form_field, value, cleaned=False):
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        objects = value if cleaned else form_field.queryset.filter(pk__in=value or [])
        return ", ".join(str(obj) for obj in objects) or "—"
    if isinstance(form_field, forms.ModelChoiceField) and not cleaned and value is not None:
        return str(form_field.queryset.filter(pk=value).first() or value)
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value) or "—")
    return "—" if value in (None, "") else str(value)


class HistoryMixin:
    """A History page that reads the full history, with the inline rows' changes."""

    object_history_template = "admin/kruz/object_history.html"
    #: (model, foreign key name) of rows edited inline, whose changes belong on this page.
    history_parts = ()

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "entries": history_of(obj, self.history_parts),
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


class RecordAdmin(HistoryMixin, admin.ModelAdmin):
    """A record with a publication state and a version: only Publishers publish, and only
    Publishers change what is already public; a stale save is refused, not merged."""

    form = VersionedModelForm
    change_form_template = "admin/kruz/record_change_form.html"
    actions = ["publish_selected", "unpublish_selected"]
    # An address typed without its scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "publication", "published_at")

    def get_fields(self, request, obj=None):
        # The form declares "version" itself and the template renders it hidden; as a
        # non-editable model field it must not be asked for by name.
        return [name for name in super().get_fields(request, obj) if name != "version"]

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def action_checkbox(self, obj):
        # Django's own checkbox, written directly: through the widget's template it cost
        # ~0.3 ms a row, a tenth of the project list's time.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("published"), boolean=True, ordering="publication")
    def published(self, obj):
        return obj.is_published

    @admin.action(
        description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._set_publication(request, queryset, Publication.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        self._set_publication(request, queryset, Publication.DRAFT)

    def _set_publication(self, request, queryset, publication):
        """Each record is published (or returned to draft) on its own, as from its page:
        saved, versioned, kept in the history with the reason, announced."""
        records = list(queryset.exclude(publication=publication))
        for record in records:
            if publication == Publication.PUBLISHED:
                record._change_reason = "Published"
                record.publish()
            else:
                record._change_reason = "Unpublished"
                record.unpublish()
        pks = [record.pk for record in records]
        message = (
            _("%(count)d %(items)s published.")
            if publication == Publication.PUBLISHED
            else _("%(count)d %(items)s returned to draft.")
        )
        items = self.opts.verbose_name if len(pks) == 1 else self.opts.verbose_name_plural
        self.message_user(request, message % {"count": len(pks), "items": items})

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{prefix}_publish",
            ),
            path(
                "<path:object_id>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name=f"{prefix}_unpublish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        return self._publication_view(request, object_id, publish=True)

    def unpublish_view(self, request, object_id):
        return self._publication_view(request, object_id, publish=False)

    def _publication_view(self, request, object_id, publish):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_publish_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        obj._change_reason = "Published" if publish else "Unpublished"  # for the history
        if publish:
            obj.publish()
            self.message_user(request, _("“%s” is published.") % obj, messages.SUCCESS)
        else:
            obj.unpublish()
            self.message_user(request, _("“%s” is back to draft.") % obj, messages.SUCCESS)
        self.log_change(request, obj, _("Published") if publish else _("Unpublished"))
        change_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        return HttpResponseRedirect(reverse(change_url, args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
            "locked_for_publishers": obj is not None
            and obj.is_published
            and not self.has_publish_permission(request),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict:
            # Only reachable when a save slips between the form's check and its own save.
            self.message_user(
                request,
                _("Someone saved this record at the same moment; nothing was saved. Try again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class PartMixin:
    """Rows that belong to a record (a project's funding, an agreement's signatories) are
    public with it: once it is published only Publishers may change them."""

    #: the foreign key to the record the row belongs to
    parent_field = ""

    def _parent_locked(self, request, parent):
        return (
            parent is not None
            and parent.is_published
            and not can_publish(request.user, type(parent))
        )


class PartInline(PartMixin, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not self._parent_locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        locked = self._parent_locked(request, obj)
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = self._parent_locked(request, obj)
        return not locked and super().has_delete_permission(request, obj)


class PartAdmin(PartMixin, HistoryMixin, admin.ModelAdmin):
    def _parent(self, obj):
        return getattr(obj, self.parent_field) if obj is not None else None

    def has_change_permission(self, request, obj=None):
        locked = self._parent_locked(request, self._parent(obj))
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = self._parent_locked(request, self._parent(obj))
        return not locked and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        parent_model = self.model._meta.get_field(self.parent_field).related_model
        if db_field.name == self.parent_field and not can_publish(request.user, parent_model):
            kwargs["queryset"] = parent_model.objects.drafts()
            kwargs["help_text"] = _("Published records are changed by Publishers.")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    autocomplete_fields = ["user"]
