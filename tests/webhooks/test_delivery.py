"""Public changes reach a real receiver on 127.0.0.1: each once, signed; drafts never."""

import json

import pytest
from django.urls import reverse

from kruz.models import PublicEvent
from kruz.records import Publication
from tests.factories import AgreementFactory, ProjectFactory
from webhooks import signing
from webhooks.models import Delivery, DeliveryAttempt


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `change` and what its transaction's commit sets off (the public event's
    handlers, then the deliveries' tasks), as a request would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        return result

    return run


def received_events(receiver, secret):
    """The bodies the receiver got, each checked as the docs tell receivers to."""
    events = []
    for _path, headers, body in receiver.requests:
        assert signing.verify(secret, headers, body), headers
        event = json.loads(body)
        assert headers["Webhook-Id"] == event["id"]
        assert headers["Content-Type"] == "application/json"
        events.append(event)
    return events


@pytest.mark.django_db
def test_publish_change_unpublish_and_delete_each_arrive_once_signed(
    receiver, subscribe, committed
):
    subscription = subscribe(receiver.url)
    project = committed(lambda: ProjectFactory(slug="hospital", publication=Publication.DRAFT))
    committed(project.publish)
    project.title = "Children's hospital"
    committed(project.save)
    committed(project.unpublish)
    committed(project.publish)
    committed(project.delete)

    events = received_events(receiver, subscription.secret)
    assert [event["type"] for event in events] == [
        "project.published",
        "project.changed",
        "project.unpublished",
        "project.published",
        "project.deleted",
    ]
    stored = list(PublicEvent.objects.filter(resource="projects.project").order_by("pk"))
    assert [event["id"] for event in events] == [str(event.uuid) for event in stored]
    assert len({event["id"] for event in events}) == 5
    first = events[0]
    assert first["resource"] == "project"
    assert first["slug"] == "hospital"
    assert first["url"] == "http://127.0.0.1:8000" + reverse(
        "api:project-detail", kwargs={"slug": "hospital"}
    )
    assert first["occurred_at"].endswith("Z")
    assert [event["version"] for event in events] == [event.version for event in stored]
    assert {path for path, _headers, _body in receiver.requests} == {"/hooks/kruz?source=test"}
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert DeliveryAttempt.objects.count() == 5


@pytest.mark.django_db
def test_a_draft_and_its_changes_send_nothing(receiver, subscribe, committed):
    subscribe(receiver.url)
    draft = committed(lambda: ProjectFactory(publication=Publication.DRAFT))
    draft.title = "Still a draft"
    committed(draft.save)
    committed(draft.delete)

    assert receiver.requests == []
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_staff_only_change_to_a_published_record_sends_nothing(receiver, subscribe, committed):
    project = committed(ProjectFactory)
    subscribe(receiver.url)
    project.editorial_note = "Checked against the loan agreement."
    committed(project.save)

    assert receiver.requests == []


@pytest.mark.django_db
def test_only_the_record_types_and_events_asked_for_are_sent(receiver, subscribe, committed):
    agreements_only = subscribe(receiver.url, record_types=["agreement"])
    removals_only = subscribe(receiver.url, event_kinds=["unpublished", "deleted"])
    project = committed(ProjectFactory)
    committed(AgreementFactory)
    committed(project.unpublish)

    sent = {
        (delivery.subscription_id, json.loads(delivery.body)["type"])
        for delivery in Delivery.objects.all()
    }
    assert sent == {
        (agreements_only.pk, "agreement.published"),
        (removals_only.pk, "project.unpublished"),
    }
    assert len(receiver.requests) == 2


@pytest.mark.django_db
def test_an_event_handled_twice_is_delivered_once(receiver, subscribe, committed):
    from webhooks.events import deliver_public_event

    subscribe(receiver.url)
    committed(ProjectFactory)
    event = PublicEvent.objects.get()
    committed(lambda: deliver_public_event(event.pk))

    assert len(receiver.requests) == 1
    assert Delivery.objects.count() == 1


def test_the_signature_matches_the_standard_webhooks_reference_vector():
    """The test vector of the Standard Webhooks specification: receivers' libraries
    verify what KRUZ signs."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signing.signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected
    headers = signing.headers(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", body, timestamp=1614265330)
    assert signing.verify(secret, headers, body, now=1614265330 + 60)
    assert not signing.verify(secret, headers, body + b" ", now=1614265330 + 60)
    assert not signing.verify(signing.new_secret(), headers, body, now=1614265330 + 60)
    assert not signing.verify(secret, headers, body, now=1614265330 + 10 * 60)  # a replay
