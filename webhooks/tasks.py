"""Sending webhooks. A delivery is tried until its receiver answers 2xx, with exponential
backoff between attempts, up to settings.WEBHOOKS_MAX_ATTEMPTS; receivers de-duplicate on
the event id, as a message may arrive twice (a worker lost mid-task sends again).

Late acknowledgement: a worker killed mid-task leaves the message with the broker."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from webhooks.models import Delivery, DeliveryState, SubscriptionStatus
from webhooks.notifications import tell_staff_of_pause

LATE_ACK = {"acks_late": True, "reject_on_worker_lost": True}
# A pending delivery this long past its next attempt lost its message (a broker down when
# it was queued or restarted without it); the sweep queues it again.
STALLED_AFTER = datetime.timedelta(minutes=10)

logger = logging.getLogger(__name__)


# No Celery retry limit (its default is 3): the delivery counts its own attempts, which a
# re-send starts again.
@shared_task(bind=True, max_retries=None, **LATE_ACK)
def send_delivery(self, delivery_id):
    delivery = (
        Delivery.objects.select_related("subscription", "event")
        .filter(pk=delivery_id, state=DeliveryState.PENDING)
        .first()
    )
    if delivery is None:  # delivered, given up or deleted meanwhile
        return None
    subscription = delivery.subscription
    if not subscription.is_active:
        delivery.hold()
        return delivery.state
    attempt = delivery.attempt()
    if attempt.succeeded:
        subscription.delivery_succeeded()
    elif delivery.state == DeliveryState.FAILED:
        logger.warning(
            "Webhook delivery %s failed after %d attempts", delivery.pk, delivery.attempt_count
        )
        if subscription.delivery_failed():
            tell_staff_of_pause(subscription)
    else:
        countdown = retry_countdown(delivery.attempt_count)
        delivery.retry_at(timezone.now() + datetime.timedelta(seconds=countdown))
        raise self.retry(countdown=countdown)
    return delivery.state


def retry_countdown(attempts):
    """Seconds before the next attempt: settings.WEBHOOKS_RETRY_BACKOFF_SECONDS after the
    first, doubling after each (1, 2, 4… minutes at 60 s)."""
    return settings.WEBHOOKS_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1)


@shared_task(**LATE_ACK)
def send_stalled_deliveries():
    """Queue again the deliveries whose message was lost (beat, every 10 minutes)."""
    stalled = list(
        Delivery.objects.filter(
            state=DeliveryState.PENDING,
            next_attempt_at__lt=timezone.now() - STALLED_AFTER,
            subscription__status=SubscriptionStatus.ACTIVE,
        )
    )
    for delivery in stalled:
        delivery.enqueue()
    return len(stalled)
