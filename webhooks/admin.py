"""Staff with the webhook permissions manage subscriptions, read each delivery's
attempts and send a delivery again."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks.forms import SubscriptionForm
from webhooks.models import Delivery, DeliveryAttempt, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """The secret is shown once on creation and afterwards only to staff who may change
    subscriptions, behind a "reveal" toggle."""

    form = SubscriptionForm
    list_display = ["__str__", "url", "owner", "status", "failed_deliveries", "deliveries"]
    list_filter = ["status"]
    search_fields = ["url", "description", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["status", "paused_at", "pause_reason", "failed_deliveries", "created_at"]
    actions = ["resume_selected", "pause_selected", "rotate_secret"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.has_change_permission(request, obj):
            fields.insert(0, "signing_secret")
        return fields

    def get_changeform_initial_data(self, request):
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("signing secret"))
    def signing_secret(self, obj):
        return format_html(
            "<details><summary>{}</summary><code>{}</code></details>", _("Reveal"), obj.secret
        )

    @admin.display(description=_("deliveries"))
    def deliveries(self, obj):
        url = reverse("admin:webhooks_delivery_changelist") + f"?subscription__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Deliveries"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self.message_user(
                request,
                _(
                    "The signing secret of %(subscription)s is %(secret)s — give it to the "
                    "receiver's developers; it stays readable here for staff who may change "
                    "subscriptions."
                )
                % {"subscription": obj, "secret": obj.secret},
                messages.WARNING,
            )

    @admin.action(description=_("Resume the selected subscriptions"), permissions=["change"])
    def resume_selected(self, request, queryset):
        resumed = queued = 0
        for subscription in queryset.paused():
            queued += subscription.resume()
            resumed += 1
        self.message_user(
            request,
            _("%(resumed)d resumed; %(queued)d held deliveries queued.")
            % {"resumed": resumed, "queued": queued},
            messages.SUCCESS,
        )

    @admin.action(description=_("Pause the selected subscriptions"), permissions=["change"])
    def pause_selected(self, request, queryset):
        paused = 0
        for subscription in queryset.filter(status=Subscription.Status.ACTIVE):
            subscription.pause(_("Paused by %(user)s.") % {"user": request.user})
            paused += 1
        message = ngettext(
            "%(count)d subscription paused.", "%(count)d subscriptions paused.", paused
        )
        self.message_user(request, message % {"count": paused}, messages.SUCCESS)

    @admin.action(
        description=_("Give the selected subscriptions new secrets"), permissions=["change"]
    )
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            self.message_user(
                request,
                _("The new signing secret of %(subscription)s is %(secret)s.")
                % {"subscription": subscription, "secret": subscription.rotate_secret()},
                messages.WARNING,
            )


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["started_at", "duration", "status_code", "error", "response"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # The attempts are the delivery's log: whoever may see the delivery sees them.
        return request.user.has_perm("webhooks.view_delivery")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log: each event sent to each subscription, with every attempt. Deliveries are
    made by public changes, never by hand; staff may send one again."""

    list_display = ["event", "subscription", "state", "attempt_count", "created_at", "delivered_at"]
    list_filter = ["state", "subscription"]
    list_select_related = ["event", "subscription"]
    fields = [
        "subscription",
        "event",
        "state",
        "attempt_count",
        "created_at",
        "delivered_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]
    actions = ["resend_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The rows are a log: viewed, not edited. Re-sending asks for the change permission
        # (the action), as it acts on the subscription's receiver.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Send the selected deliveries again"), permissions=["change"])
    def resend_selected(self, request, queryset):
        total = queryset.count()
        queued = queryset.resend()
        self.message_user(
            request,
            _(
                "%(queued)d of %(total)d deliveries queued; those of paused subscriptions "
                "are held until they are resumed."
            )
            % {"queued": queued, "total": total},
            messages.SUCCESS,
        )
