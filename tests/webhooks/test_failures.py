"""A receiver that keeps failing: retries with backoff, then a paused subscription that
staff are told of; its events are held, and sent when it is resumed or re-sent."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProjectFactory, UserFactory
from tests.logins import verified_login
from tests.webhooks.conftest import grant
from webhooks import signing
from webhooks.models import Delivery, DeliveryAttempt
from webhooks.tasks import retry_countdown, send_stalled_deliveries


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def failing_limits(settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    settings.WEBHOOKS_PAUSE_AFTER_FAILED_DELIVERIES = 2


@pytest.fixture
def webhook_staff(db):
    """Staff who manage webhooks (told of a pause) and staff who do not (not told)."""
    manager = grant(UserFactory(username="manager"), "webhooks.change_subscription")
    UserFactory(username="editor").groups.add(Group.objects.get(name="Editors"))
    return manager


@pytest.mark.django_db
def test_a_failing_receiver_gets_retries_then_the_subscription_is_paused_and_staff_told(
    receiver, subscribe, committed, failing_limits, webhook_staff, mailoutbox
):
    receiver.status = 500
    subscription = subscribe(receiver.url, description="Ministry dashboard")
    committed(ProjectFactory)

    assert len(receiver.requests) == 3  # every attempt, the same event each time
    assert len({headers["Webhook-Id"] for _path, headers, _body in receiver.requests}) == 1
    first = Delivery.objects.get()
    assert first.state == "failed"
    assert (
        list(first.attempts.values_list("status_code", "error"))
        == [(500, "HTTP 500 Internal Server Error")] * 3
    )
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.failed_deliveries == 1
    assert mailoutbox == []

    committed(ProjectFactory)
    subscription.refresh_from_db()
    assert len(receiver.requests) == 6
    assert subscription.status == "paused"
    assert "2 deliveries in a row failed" in subscription.pause_reason
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == ["integrator@example.org", "manager@example.org"]
    assert receiver.url in mailoutbox[0].subject
    assert reverse("admin:webhooks_subscription_change", args=[subscription.pk]) in (
        mailoutbox[0].body
    )

    # Paused: a new event is held, not sent and not lost.
    committed(ProjectFactory)
    assert len(receiver.requests) == 6
    held = Delivery.objects.get(state="held")

    # The dashboard says so to staff who may see subscriptions.
    grant(webhook_staff, "webhooks.view_subscription", "webhooks.view_delivery")
    admin = verified_login(Client(), webhook_staff)
    index = admin.get(reverse("admin:index")).content.decode()
    assert "Paused webhooks" in index and "Ministry dashboard" in index

    # The receiver is fixed; staff resume the subscription and the held event is sent.
    receiver.status = 200
    response = committed(
        lambda: admin.post(
            reverse("admin:webhooks_subscription_changelist"),
            {"action": "resume_selected", "_selected_action": [subscription.pk]},
            follow=True,
        )
    )
    assert "1 resumed; 1 held deliveries queued." in response.content.decode()
    held.refresh_from_db()
    assert held.state == "delivered"
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.failed_deliveries == 0
    assert json.loads(receiver.requests[-1][2])["id"] == str(held.event.uuid)
    assert "Paused webhooks" not in admin.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_staff_re_send_a_failed_delivery_from_the_admin(
    receiver, subscribe, committed, failing_limits, webhook_staff
):
    receiver.status = 503
    subscription = subscribe(receiver.url)
    committed(ProjectFactory)
    failed = Delivery.objects.get()
    assert failed.state == "failed"

    receiver.status = 200
    grant(webhook_staff, "webhooks.view_delivery", "webhooks.change_delivery")
    admin = verified_login(Client(), webhook_staff)
    page = admin.get(reverse("admin:webhooks_delivery_change", args=[failed.pk]))
    assert page.content.decode().count("HTTP 503 Service Unavailable") == 3
    committed(
        lambda: admin.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "resend_selected", "_selected_action": [failed.pk]},
        )
    )

    failed.refresh_from_db()
    assert failed.state == "delivered"
    assert len(receiver.requests) == 4
    ids = {headers["Webhook-Id"] for _path, headers, _body in receiver.requests}
    assert ids == {str(failed.event.uuid)}  # receivers de-duplicate on it
    assert signing.verify(subscription.secret, receiver.requests[-1][1], receiver.requests[-1][2])
    assert [attempt.succeeded for attempt in failed.attempts.all()] == [False] * 3 + [True]


@pytest.mark.django_db
def test_without_the_permission_staff_cannot_re_send(receiver, subscribe, committed):
    subscribe(receiver.url)
    committed(ProjectFactory)
    delivery = Delivery.objects.get()
    viewer = grant(UserFactory(username="viewer"), "webhooks.view_delivery")
    admin = verified_login(Client(), viewer)
    committed(
        lambda: admin.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "resend_selected", "_selected_action": [delivery.pk]},
        )
    )
    assert len(receiver.requests) == 1


def test_the_wait_between_attempts_doubles(settings):
    settings.WEBHOOKS_RETRY_BACKOFF_SECONDS = 60
    assert [retry_countdown(attempts) for attempts in (1, 2, 3, 4)] == [60, 120, 240, 480]


@pytest.mark.django_db
def test_a_delivery_whose_message_was_lost_is_queued_again_by_the_sweep(
    receiver, subscribe, committed
):
    """A broker down when the delivery was queued (or restarted without its message):
    the delivery stays pending, and the sweep queues it once it is long overdue."""
    from webhooks.tasks import send_delivery

    subscribe(receiver.url)
    lost = []
    send_delivery.delay = lost.append  # a broker that keeps nothing
    try:
        committed(ProjectFactory)
    finally:
        del send_delivery.delay
    delivery = Delivery.objects.get()
    assert lost == [delivery.pk] and delivery.state == "pending"

    assert committed(send_stalled_deliveries) == 0  # not overdue yet: a worker may have it
    delivery.next_attempt_at = timezone.now() - datetime.timedelta(minutes=11)
    delivery.save()
    assert committed(send_stalled_deliveries) == 1
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert DeliveryAttempt.objects.count() == 1
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_on_the_embedded_defaults_a_failing_receiver_never_fails_the_edit(
    receiver, subscribe, committed, eager_celery
):
    """Without a broker (make run) tasks run eagerly and hand a retry to the caller: the
    edit that set the delivery off still succeeds, and the delivery waits, pending."""
    eager_celery.conf.task_eager_propagates = True
    receiver.status = 500
    subscribe(receiver.url)
    committed(ProjectFactory)

    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.attempt_count == 1
    assert delivery.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_a_delivery_gets_all_its_attempts_however_many_times_celery_retried_it(
    receiver, subscribe, committed, settings
):
    """The attempts are the delivery's to count: a task already retried five times (past
    Celery's default limit of three) still tries until WEBHOOKS_MAX_ATTEMPTS."""
    from webhooks.tasks import send_delivery

    settings.WEBHOOKS_MAX_ATTEMPTS = 8
    subscribe(receiver.url)
    send_delivery.delay = lambda pk: None  # queued, not yet run
    try:
        committed(ProjectFactory)
    finally:
        del send_delivery.delay
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(attempt_count=5)
    receiver.status = 500

    send_delivery.apply(args=[delivery.pk], retries=5)

    delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempt_count == 8
    assert len(receiver.requests) == 3
