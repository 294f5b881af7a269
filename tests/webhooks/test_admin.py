"""Staff with the webhook permissions subscribe in the admin and see the secret; others
do not see it."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.logins import verified_login
from tests.webhooks.conftest import grant
from webhooks.models import Subscription


@pytest.fixture
def manager(db):
    return grant(
        UserFactory(username="manager"),
        *(f"webhooks.{action}_subscription" for action in ("view", "add", "change")),
    )


@pytest.mark.django_db
def test_staff_subscribe_in_the_admin_and_are_shown_the_secret(client, manager, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    verified_login(client, manager)
    form = {
        "url": "https://93.184.215.14/kruz",
        "description": "Ministry dashboard",
        "owner": manager.pk,
        "record_types": ["project", "official"],
        "event_kinds": ["published", "unpublished"],
    }
    response = client.post(reverse("admin:webhooks_subscription_add"), form, follow=True)

    subscription = Subscription.objects.get()
    assert subscription.record_types == [
        "project",
        "official",
    ]
    assert subscription.event_kinds == ["published", "unpublished"]
    assert subscription.secret in response.content.decode()  # shown once, in the message
    page = client.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert "Reveal" in page.content.decode() and subscription.secret in page.content.decode()


@pytest.mark.django_db
def test_a_private_address_is_refused_in_the_admin_form(client, manager, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    verified_login(client, manager)
    response = client.post(
        reverse("admin:webhooks_subscription_add"),
        {
            "url": "http://192.168.1.20/hook",
            "owner": manager.pk,
            "record_types": ["project"],
            "event_kinds": ["published"],
        },
    )
    assert response.status_code == 200
    assert "webhooks go only to public internet addresses" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_staff_who_may_only_view_never_see_the_secret(client, subscribe):
    subscription = subscribe("https://93.184.215.14/kruz")
    viewer = grant(UserFactory(username="viewer"), "webhooks.view_subscription")
    verified_login(client, viewer)
    page = client.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert page.status_code == 200
    assert subscription.secret not in page.content.decode()
