"""The subscriptions endpoint: token holders with the webhook permissions manage their
own subscriptions; the secret is answered once."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.factories import UserFactory
from tests.webhooks.conftest import grant
from webhooks.models import Subscription

LIST = reverse("api:webhook-list")


def token_client(user):
    token = ApiToken(name=f"{user.username}'s integration", user=user)
    key = token.issue_key()
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api(integrator):
    return token_client(integrator)


def new_subscription(url="https://93.184.215.14/kruz", **fields):
    return {
        "url": url,
        "description": "Ministry dashboard",
        "record_types": ["project", "agreement"],
        "event_kinds": ["published", "deleted"],
        **fields,
    }


@pytest.mark.django_db
def test_a_token_holder_subscribes_and_gets_the_secret_once(api, integrator):
    created = api.post(LIST, new_subscription(), format="json")

    assert created.status_code == 201, created.data
    subscription = Subscription.objects.get()
    assert created.data["secret"] == subscription.secret
    assert created.data["secret"].startswith("whsec_")
    assert subscription.owner == integrator
    assert subscription.record_types == ["project", "agreement"]
    detail = api.get(reverse("api:webhook-detail", args=[subscription.pk]))
    assert detail.status_code == 200
    assert "secret" not in detail.data
    assert detail.data["owner"] == "integrator"
    listed = api.get(LIST)
    assert [row["id"] for row in listed.data["results"]] == [subscription.pk]
    assert "secret" not in listed.data["results"][0]


@pytest.mark.django_db
def test_a_new_secret_replaces_the_old(api, subscribe):
    subscription = subscribe("https://93.184.215.14/kruz")
    old = subscription.secret
    answer = api.post(reverse("api:webhook-rotate-secret", args=[subscription.pk]))
    assert answer.status_code == 200
    subscription.refresh_from_db()
    assert answer.data["secret"] == subscription.secret != old


@pytest.mark.django_db
def test_bad_input_gets_field_errors(api, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    answer = api.post(
        LIST,
        new_subscription(
            url="http://169.254.169.254/latest/", record_types=["sector"], event_kinds=[]
        ),
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.data) == {"url", "record_types", "event_kinds"}
    assert "public internet addresses" in str(answer.data["url"])
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_pausing_and_resuming_through_the_api(api, subscribe):
    subscription = subscribe("https://93.184.215.14/kruz")
    detail = reverse("api:webhook-detail", args=[subscription.pk])

    assert api.patch(detail, {"status": "paused"}, format="json").data["status"] == "paused"
    subscription.refresh_from_db()
    assert subscription.pause_reason == "Paused through the API."
    assert api.patch(detail, {"status": "active"}, format="json").data["status"] == "active"
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.paused_at is None


@pytest.mark.django_db
def test_each_sees_only_their_own(api, subscribe):
    other = UserFactory(username="other", is_staff=False)
    theirs = Subscription.objects.create(
        url="https://93.184.215.14/other",
        owner=other,
        record_types=["project"],
        event_kinds=["published"],
    )
    assert api.get(reverse("api:webhook-detail", args=[theirs.pk])).status_code == 404
    assert api.delete(reverse("api:webhook-detail", args=[theirs.pk])).status_code == 404
    assert api.get(LIST).data["results"] == []


@pytest.mark.django_db
def test_without_the_permission_nothing_is_allowed(integrator):
    anonymous = APIClient()
    assert anonymous.get(LIST).status_code == 401
    assert anonymous.post(LIST, new_subscription(), format="json").status_code == 401
    stranger = token_client(UserFactory(username="stranger", is_staff=False))
    assert stranger.get(LIST).status_code == 403
    assert stranger.post(LIST, new_subscription(), format="json").status_code == 403

    reader = grant(UserFactory(username="reader", is_staff=False), "webhooks.view_subscription")
    subscription = Subscription.objects.create(
        url="https://93.184.215.14/kruz",
        owner=reader,
        record_types=["project"],
        event_kinds=["published"],
    )
    as_reader = token_client(reader)
    assert as_reader.get(LIST).status_code == 200
    rotate = reverse("api:webhook-rotate-secret", args=[subscription.pk])
    assert as_reader.post(rotate).status_code == 403


@pytest.mark.django_db
def test_the_endpoint_is_in_the_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/webhooks/" in schema["paths"]
    assert "/api/v1/webhooks/{id}/rotate-secret/" in schema["paths"]
    created = schema["paths"]["/api/v1/webhooks/"]["post"]["responses"]["201"]
    reference = created["content"]["application/json"]["schema"]["$ref"]
    assert reference.endswith("/SubscriptionWithSecret")
    kinds = schema["components"]["schemas"]["EventKind"]["enum"]
    assert kinds == ["published", "changed", "unpublished", "deleted"]
