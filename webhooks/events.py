"""The PUBLIC_EVENT_HANDLERS entry: each public event becomes a delivery to every
subscription that asked for it, sent by a Celery task."""

from django.db import transaction

from kruz.models import PublicEvent
from webhooks.models import Delivery


def deliver_public_event(event_id):
    """Called with a PublicEvent's id once the change it records is committed (so never
    for a draft, which makes no public event)."""
    event = PublicEvent.objects.filter(pk=event_id).first()
    if event is None:
        return
    with transaction.atomic():
        for delivery in Delivery.objects.create_for(event):
            delivery.enqueue()
