"""Webhook subscriptions and what was sent to them.

A public event (kruz.models.PublicEvent) becomes one Delivery per matching subscription,
whose body is fixed when it is made: every attempt sends the same bytes with the same
event id, signed afresh. Each attempt is logged. A subscription whose deliveries keep
failing is paused; its new deliveries are held until staff resume it, and then sent."""

import datetime
import http.client
import json
import logging
import time
from urllib.parse import urlsplit

from celery.exceptions import Retry
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kruz.addresses import absolute
from kruz.exports import timestamp
from kruz.models import EventKind, PublicEvent
from webhooks import destinations, signing

logger = logging.getLogger(__name__)

# What is kept of a receiver's answer or error in the attempt log.
EXCERPT_LENGTH = 500


def record_types():
    """{name: model} for each kind of record the public reads on its own and that public
    events are announced for (kruz.records.Record.announce): "project", "agreement"…"""
    from kruz.records import Record

    return {
        model._meta.model_name: model
        for model in apps.get_models()
        if issubclass(model, Record) and model.representation_serializer
    }


def record_type_choices():
    return [(name, model._meta.verbose_name) for name, model in sorted(record_types().items())]


def validate_record_types(value):
    _validate_choices(value, record_types())


def validate_event_kinds(value):
    _validate_choices(value, EventKind.values)


def _validate_choices(value, allowed):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one."), code="required")
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown: %(unknown)s. Choose from: %(allowed)s.")
            % {"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(allowed))},
            code="invalid_choice",
        )


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class SubscriptionQuerySet(models.QuerySet):
    def paused(self):
        return self.filter(status=SubscriptionStatus.PAUSED)

    def for_event(self, event):
        """The subscriptions, active or paused, that asked for this event. They are few,
        and matched here: JSON containment has no portable lookup (SQLite)."""
        resource = apps.get_model(event.resource)._meta.model_name
        return [
            subscription
            for subscription in self
            if resource in subscription.record_types and event.kind in subscription.event_kinds
        ]


class Subscription(models.Model):
    """An integrator's URL and which public changes it hears of."""

    Status = SubscriptionStatus

    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[destinations.validate_destination],
        help_text=_("Where KRUZ POSTs each event: a public http or https address."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
    )
    secret = models.CharField(
        _("signing secret"), max_length=100, default=signing.new_secret, editable=False
    )
    record_types = models.JSONField(
        _("record types"), default=list, validators=[validate_record_types]
    )
    event_kinds = models.JSONField(_("events"), default=list, validators=[validate_event_kinds])
    status = models.CharField(
        _("status"), max_length=10, choices=SubscriptionStatus, default=SubscriptionStatus.ACTIVE
    )
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True, editable=False)
    pause_reason = models.TextField(_("why it was paused"), blank=True, editable=False)
    failed_deliveries = models.PositiveIntegerField(
        _("failed deliveries in a row"),
        default=0,
        editable=False,
        help_text=_("Deliveries that used all their attempts since the last success."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SubscriptionStatus.values),
                name="webhooks_subscription_status_valid",
            ),
        ]

    def __str__(self):
        return self.description or self.url

    @property
    def is_active(self):
        return self.status == SubscriptionStatus.ACTIVE

    def rotate_secret(self):
        self.secret = signing.new_secret()
        self.save(update_fields=["secret"])
        return self.secret

    def pause(self, reason):
        self.status = SubscriptionStatus.PAUSED
        self.paused_at = timezone.now()
        self.pause_reason = reason
        self.save(update_fields=["status", "paused_at", "pause_reason"])

    def resume(self):
        """Active again, failures forgotten, and the deliveries held meanwhile sent."""
        self.status = SubscriptionStatus.ACTIVE
        self.paused_at = None
        self.pause_reason = ""
        self.failed_deliveries = 0
        self.save(update_fields=["status", "paused_at", "pause_reason", "failed_deliveries"])
        held = self.deliveries.filter(state=DeliveryState.HELD).order_by("pk")
        return held.resend()

    def delivery_failed(self):
        """Count a delivery that ran out of attempts; pause the subscription when
        settings.WEBHOOKS_PAUSE_AFTER_FAILED_DELIVERIES have failed in a row. Returns
        whether this failure paused it."""
        Subscription.objects.filter(pk=self.pk).update(failed_deliveries=F("failed_deliveries") + 1)
        self.refresh_from_db(fields=["failed_deliveries", "status"])
        limit = settings.WEBHOOKS_PAUSE_AFTER_FAILED_DELIVERIES
        if not self.is_active or self.failed_deliveries < limit:
            return False
        self.pause(
            _("%(count)d deliveries in a row failed after %(attempts)d attempts each.")
            % {"count": self.failed_deliveries, "attempts": settings.WEBHOOKS_MAX_ATTEMPTS}
        )
        return True

    def delivery_succeeded(self):
        if self.failed_deliveries:
            Subscription.objects.filter(pk=self.pk).update(failed_deliveries=0)
            self.failed_deliveries = 0


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    HELD = "held", _("Held while the subscription is paused")


class DeliveryQuerySet(models.QuerySet):
    def create_for(self, event):
        """A delivery of `event` to each subscription that asked for it (held for those
        paused), once however often this is called; returns those to send now."""
        body = event_body(event)
        created = []
        for subscription in Subscription.objects.for_event(event):
            state = DeliveryState.PENDING if subscription.is_active else DeliveryState.HELD
            delivery, made = self.get_or_create(
                subscription=subscription, event=event, defaults={"body": body, "state": state}
            )
            if made and state == DeliveryState.PENDING:
                created.append(delivery)
        return created

    def resend(self):
        """Send these deliveries again from their first attempt (the log keeps the earlier
        ones); those of paused subscriptions are held until it is resumed. Returns how
        many were queued."""
        deliveries = list(self.select_related("subscription"))
        queued = 0
        for delivery in deliveries:
            delivery.attempt_count = 0
            delivery.next_attempt_at = timezone.now()
            delivery.state = (
                DeliveryState.PENDING if delivery.subscription.is_active else DeliveryState.HELD
            )
            delivery.save(update_fields=["attempt_count", "next_attempt_at", "state"])
            if delivery.state == DeliveryState.PENDING:
                delivery.enqueue()
                queued += 1
        return queued


class Delivery(models.Model):
    """One event for one subscription, sent until the receiver answers 2xx or the
    attempts (settings.WEBHOOKS_MAX_ATTEMPTS) run out."""

    State = DeliveryState

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.ForeignKey(
        PublicEvent, on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    body = models.TextField(_("body"), editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState, default=DeliveryState.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    # When the next attempt is due: a pending delivery long past it lost its message (a
    # broker down when it was queued), and the sweep (webhooks.tasks) queues it again.
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), default=timezone.now, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhooks_delivery_once"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=DeliveryState.values),
                name="webhooks_delivery_state_valid",
            ),
        ]
        indexes = [
            # The sweep reads the pending deliveries past their next attempt.
            models.Index(fields=["state", "next_attempt_at"], name="webhooks_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription}"

    @property
    def message_id(self):
        return str(self.event.uuid)

    def enqueue(self):
        """Queue the sending once the transaction commits. A broker that cannot be reached
        fails no one's edit: the delivery stays pending, and the sweep queues it again."""
        from webhooks.tasks import send_delivery

        def queue():
            try:
                send_delivery.delay(self.pk)
            except Retry:
                # Tasks run eagerly (no broker) and propagating: the first attempt failed,
                # and the retry waits for the sweep or a re-send from the admin.
                logger.warning("Webhook delivery %s failed; it stays pending", self.pk)
            except Exception:
                logger.exception("Could not queue webhook delivery %s", self.pk)

        transaction.on_commit(queue)

    def retry_at(self, moment):
        self.next_attempt_at = moment
        self.save(update_fields=["next_attempt_at"])

    def attempt(self):
        """POST the body once, log the attempt and update the state. Returns the attempt."""
        self.attempt_count += 1
        attempt = DeliveryAttempt.post(self)
        if attempt.succeeded:
            self.state = DeliveryState.DELIVERED
            self.delivered_at = attempt.started_at
        elif self.attempt_count >= settings.WEBHOOKS_MAX_ATTEMPTS:
            self.state = DeliveryState.FAILED
        self.save(update_fields=["attempt_count", "state", "delivered_at"])
        return attempt

    def hold(self):
        self.state = DeliveryState.HELD
        self.save(update_fields=["state"])


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what the receiver answered, or why it could not."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("delivery")
    )
    started_at = models.DateTimeField(_("started at"))
    duration = models.DurationField(_("duration"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.delivery} {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300

    @classmethod
    def post(cls, delivery):
        started_at = timezone.now()
        clock = time.monotonic()
        status_code, response, error = send(delivery)
        return cls.objects.create(
            delivery=delivery,
            started_at=started_at,
            duration=datetime.timedelta(seconds=time.monotonic() - clock),
            status_code=status_code,
            response=response[:EXCERPT_LENGTH],
            error=error[:EXCERPT_LENGTH],
        )


def send(delivery):
    """(status code or None, start of the answer, error) of one signed POST."""
    subscription = delivery.subscription
    body = delivery.body.encode()
    signed = signing.headers(subscription.secret, delivery.message_id, body)
    try:
        connection = destinations.connection(
            subscription.url, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS
        )
    except destinations.UnsafeDestination as error:
        return None, "", str(error)
    try:
        connection.request("POST", request_target(subscription.url), body=body, headers=signed)
        answer = connection.getresponse()
        text = answer.read(EXCERPT_LENGTH).decode(errors="replace")
        error = "" if 200 <= answer.status < 300 else f"HTTP {answer.status} {answer.reason}"
        return answer.status, text, error
    except (OSError, http.client.HTTPException) as error:
        return None, "", f"{type(error).__name__}: {error}"
    finally:
        connection.close()


def request_target(url):
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def event_body(event):
    """The JSON every subscription receives for `event`: small, and the same on every
    attempt. `url` is the record's API detail (404 once it is unpublished or deleted)."""
    name = apps.get_model(event.resource)._meta.model_name
    payload = {
        "id": str(event.uuid),
        "type": f"{name}.{event.kind}",
        "resource": name,
        "slug": event.identifier,
        "url": absolute(reverse(f"api:{name}-detail", kwargs={"slug": event.identifier})),
        "version": event.version,
        "occurred_at": timestamp(event.occurred_at),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
