"""E-mail backends that fail or hang on purpose, for the reminder tests."""

import json
import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakySMTPBackend(LocmemBackend):
    """Fails like a mail server that drops the connection, `failures` times, then
    delivers to django.core.mail.outbox."""

    failures = 0
    delay = 0.0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures > 0:
            FlakySMTPBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        time.sleep(FlakySMTPBackend.delay)  # widens the window a concurrent sender could hit
        return super().send_messages(messages)


class DyingBackend(LocmemBackend):
    """The process dies while talking to the mail server: nothing is delivered and no
    Python code after this point runs (SystemExit is not an Exception)."""

    def send_messages(self, messages):
        raise SystemExit("worker killed mid-send")


class FileOutboxBackend(BaseEmailBackend):
    """For the real worker process: appends each message to a JSON-lines file, or, while
    the hang flag file exists, announces it is sending and hangs until killed."""

    def send_messages(self, messages):
        hang_flag = Path(os.environ["REMINDER_TEST_HANG_FLAG"])
        if hang_flag.exists():
            hang_flag.with_suffix(".sending").touch()
            time.sleep(600)
        with open(os.environ["REMINDER_TEST_OUTBOX"], "a", encoding="utf-8") as outbox:
            for message in messages:
                outbox.write(json.dumps({"to": message.to, "subject": message.subject}) + "\n")
        return len(messages)
