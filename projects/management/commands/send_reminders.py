import argparse
import datetime
from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from projects import reminders
from projects.tasks import SENDING_ERRORS


class Command(BaseCommand):
    help = (
        "Run the reminder scan now, as beat does every morning: log what is due and send "
        "each recipient their digest. Safe to run again: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; change nothing."
        )
        parser.add_argument(
            "--date", type=parse_day, help="Scan as of this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        day = date or timezone.localdate()
        items = reminders.find_due_items(day)
        if dry_run:
            self.print_would_send(day, items)
        else:
            self.send(day, items)
        self.print_unreachable(reminders.unreachable(items))

    def print_unreachable(self, unreachable):
        """Never a silent drop: what is due but reaches nobody, why, and how to fix it."""
        if not unreachable:
            return
        self.stdout.write(
            self.style.WARNING(f"{len(unreachable)} item(s) due with nobody to receive a reminder:")
        )
        for nobody in unreachable:
            self.stdout.write(f"  {nobody.label}: {nobody.title} (due {nobody.due})")
            self.stdout.write(f"    why: {nobody.reason}")
            self.stdout.write(f"    fix: {nobody.fix} {nobody.url}")
        self.stdout.write(f"Editors group: {settings.SITE_URL}{reminders.editors_group_path()}")

    def print_would_send(self, day, items):
        by_recipient = defaultdict(list)
        for recipient, item in reminders.unlogged(items):
            by_recipient[recipient].append(item)
        if not by_recipient:
            self.stdout.write(f"{day}: nothing new to send.")
        for recipient, items in by_recipient.items():
            self.stdout.write(f"Would send {recipient.email} {len(items)} reminder(s):")
            for item in items:
                self.stdout.write(f"  {describe(item)}")

    def send(self, day, items):
        recipient_ids = reminders.claim_reminders(day, items)
        if not recipient_ids:
            self.stdout.write(f"{day}: nothing to send.")
        for recipient_id in recipient_ids:
            self.deliver(recipient_id, day)

    def deliver(self, recipient_id, day):
        try:
            delivery, rows = reminders.deliver_digest(recipient_id, day)
        except SENDING_ERRORS as error:
            self.stderr.write(f"Recipient {recipient_id}: sending failed ({error}); kept to retry.")
            return
        if delivery is not reminders.Delivery.SENT:
            self.stdout.write(f"Recipient {recipient_id}: not sent, {delivery.value}.")
            return
        self.stdout.write(f"Sent {rows[0].recipient.email} {len(rows)} reminder(s):")
        for row in rows:
            self.stdout.write(
                f"  {row.rule}: {reminders.localized_title(row.content_object)}"
                f" (due {reminders.rule_due_label(row.rule, row.content_object, row.due_on)})"
            )


def parse_day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD."
        ) from None


def describe(item):
    due = reminders.rule_due_label(item.rule, item.target, item.due_on)  # "2025", not 1 January
    return f"{item.rule}: {reminders.localized_title(item.target)} (due {due})"
