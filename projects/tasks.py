"""Reminder tasks. Both are safe to run twice and to be redelivered: the scan claims log
rows against a unique constraint and the sender leases them (see projects/reminders.py).

Late acknowledgement: a message is acknowledged only when its task has finished, so a
worker killed mid-task leaves it with the broker, which hands it out again."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects import reminders

# What a failing mail server looks like: refused, timed out, or an SMTP error reply.
SENDING_ERRORS = (smtplib.SMTPException, OSError)

logger = logging.getLogger(__name__)

LATE_ACK = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**LATE_ACK)
def scan_reminders(day=None):
    """The daily scan (beat runs it at 08:00 Asia/Tashkent): claim what is due, then
    hand the recipients to the senders in batches."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    items = reminders.find_due_items(day)
    recipient_ids = reminders.claim_reminders(day, items)
    for nobody in reminders.unreachable(items):  # the dashboard lists them for staff too
        logger.warning(
            "Reminder not sent, nobody to receive it: %s %s (due %s). %s %s",
            nobody.item.rule,
            nobody.title,
            nobody.item.due_on,
            nobody.reason,
            nobody.url,
        )
    batch_size = settings.REMINDER_RECIPIENTS_PER_TASK
    for start in range(0, len(recipient_ids), batch_size):
        batch = recipient_ids[start : start + batch_size]
        transaction.on_commit(lambda batch=batch: send_digests.delay(batch, day.isoformat()))
    return len(recipient_ids)


@shared_task(bind=True, max_retries=8, **LATE_ACK)
def send_digests(self, recipient_ids, day):
    """Send each recipient their digest; retry, with exponential backoff, those whose
    sending failed or whose rows another (possibly dead) sender still holds."""
    to_retry, error = [], None
    for recipient_id in recipient_ids:
        try:
            delivery, _ = reminders.deliver_digest(recipient_id, datetime.date.fromisoformat(day))
        except SENDING_ERRORS as sending_error:
            to_retry.append(recipient_id)
            error = sending_error
            continue
        # Eager (no broker), the holder is this very process or dead; the next scan
        # picks the rows up, where an immediate eager retry would only spin.
        if delivery is reminders.Delivery.BUSY and not self.request.is_eager:
            to_retry.append(recipient_id)
    if to_retry:
        raise self.retry(
            args=[to_retry, day], countdown=retry_countdown(self.request.retries), exc=error
        )
    return len(recipient_ids)


def retry_countdown(retries):
    """60 s, 120 s, 240 s... : a struggling mail server gets room to recover, and a dead
    sender's lease (10 minutes) runs out before the fifth attempt."""
    return settings.REMINDER_RETRY_BACKOFF_SECONDS * 2**retries
