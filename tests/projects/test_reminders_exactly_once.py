"""Each reminder is e-mailed exactly once: reruns, concurrent workers, a sender dying
mid-send, a failing mail server. (The real broker and worker: test_reminders_worker.py.)"""

import datetime
import threading
import uuid
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import connection

from projects import reminders
from projects.models import ReminderLog
from projects.tasks import retry_countdown, scan_reminders, send_digests
from tests.factories import ProjectFactory, UserFactory
from tests.projects.email_backends import FlakySMTPBackend

DAY = datetime.date(2025, 6, 2)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; SQLite serialises whole-file writes",
)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def flaky_mail(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.projects.email_backends.FlakySMTPBackend"
    FlakySMTPBackend.failures, FlakySMTPBackend.delay = 0, 0.0
    yield FlakySMTPBackend
    FlakySMTPBackend.failures, FlakySMTPBackend.delay = 0, 0.0


def run_scan(day=DAY):
    scan_reminders.delay(day.isoformat())


@pytest.mark.django_db
def test_it_sends_once_when_the_scan_runs_twice(
    alice, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    ProjectFactory(responsible=alice)

    with django_capture_on_commit_callbacks(execute=True):
        run_scan()
        run_scan()

    assert len(mailoutbox) == 1
    assert ReminderLog.objects.get().sent_at is not None


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_scans_run_at_the_same_time(alice, eager_celery, flaky_mail):
    ProjectFactory(responsible=alice)
    flaky_mail.delay = 0.3  # the first sender is still sending when the second arrives
    start = threading.Barrier(2)

    def worker():
        start.wait()
        try:
            run_scan()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().sent_at is not None


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_concurrent_senders_take_a_recipients_reminders(alice):
    ProjectFactory(responsible=alice)
    reminders.claim_reminders(DAY)
    start, leased = threading.Barrier(2), []

    def sender():
        start.wait()
        try:
            leased.append(reminders.lease_unsent(alice.pk, uuid.uuid4()))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(leased) == [0, 1]


@pytest.mark.django_db
def test_it_sends_once_and_loses_nothing_when_a_sender_dies_mid_send(alice, settings, mailoutbox):
    ProjectFactory(responsible=alice)
    recipient_ids = reminders.claim_reminders(DAY)
    settings.EMAIL_BACKEND = "tests.projects.email_backends.DyingBackend"
    with pytest.raises(SystemExit):
        reminders.deliver_digest(alice.pk, DAY)
    log = ReminderLog.objects.get()
    assert log.sent_at is None and log.lease_token is not None and len(mailoutbox) == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.deliver_digest(alice.pk, DAY)[0] is reminders.Delivery.BUSY
    ReminderLog.objects.update(lease_until=log.lease_until - datetime.timedelta(hours=1))
    assert reminders.claim_reminders(DAY) == recipient_ids
    assert reminders.deliver_digest(alice.pk, DAY)[0] is reminders.Delivery.SENT
    assert reminders.deliver_digest(alice.pk, DAY)[0] is reminders.Delivery.ALREADY_TODAY

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().sent_at is not None


@pytest.fixture
def eager_retries(eager_celery):
    """Eager Celery runs a retry at once, as a worker would after the countdown, but
    only when it does not propagate the Retry to the caller instead."""
    eager_celery.conf.task_eager_propagates = False
    yield
    eager_celery.conf.task_eager_propagates = True


@pytest.mark.django_db
def test_it_retries_when_the_mail_server_fails_then_sends_once(
    alice, eager_retries, flaky_mail, django_capture_on_commit_callbacks
):
    ProjectFactory(responsible=alice)
    flaky_mail.failures = 2

    with django_capture_on_commit_callbacks(execute=True):
        run_scan()

    assert len(mail.outbox) == 1
    log = ReminderLog.objects.get()
    assert log.sent_at is not None
    assert log.attempts == 2 and log.lease_token is None


@pytest.mark.django_db
def test_it_keeps_reminders_the_mail_server_refused_for_the_next_scan(alice, flaky_mail):
    ProjectFactory(responsible=alice)
    flaky_mail.failures = 1
    reminders.claim_reminders(DAY)
    with pytest.raises(OSError):
        reminders.deliver_digest(alice.pk, DAY)
    log = ReminderLog.objects.get()
    assert log.sent_at is None and log.lease_token is None
    assert log.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    next_day = DAY + datetime.timedelta(days=1)
    assert reminders.claim_reminders(next_day) == [alice.pk]
    assert reminders.deliver_digest(alice.pk, next_day)[0] is reminders.Delivery.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_retries_only_the_failed_recipients_with_exponential_backoff(alice, flaky_mail):
    bob = UserFactory(username="bob")
    ProjectFactory(responsible=alice)
    ProjectFactory(responsible=bob)
    reminders.claim_reminders(DAY)
    flaky_mail.failures = 1

    with (
        mock.patch.object(send_digests, "retry", side_effect=Retry) as retry,
        pytest.raises(Retry),
    ):
        send_digests.run([alice.pk, bob.pk], DAY.isoformat())

    assert retry.call_args.kwargs["args"] == [[alice.pk], DAY.isoformat()]
    assert retry.call_args.kwargs["countdown"] == 60
    assert isinstance(retry.call_args.kwargs["exc"], OSError)
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]


def test_it_doubles_the_wait_between_retries(settings):
    settings.REMINDER_RETRY_BACKOFF_SECONDS = 60
    assert [retry_countdown(retries) for retries in range(5)] == [60, 120, 240, 480, 960]


def test_it_acknowledges_reminder_tasks_late_and_requeues_them_if_the_worker_dies():
    for task in (scan_reminders, send_digests):
        assert task.acks_late and task.reject_on_worker_lost
