"""Subscription URLs that resolve to private, loopback or link-local addresses are
refused unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is on, when saved and when sent."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ProjectFactory
from webhooks.destinations import validate_destination
from webhooks.models import Delivery

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://172.16.5.4/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://0.0.0.0/hook",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_addresses_are_refused_in_production(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match="webhooks go only to public internet addresses"):
        validate_destination(url)


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://93.184.215.14/hook", "http or https"),
        ("https://user:password@93.184.215.14/hook", "no user name or password"),
        ("https://no-such-host.invalid/hook", "cannot be resolved"),
    ],
)
def test_other_unusable_addresses_are_refused_with_the_reason(settings, url, message):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match=message):
        validate_destination(url)


def test_public_addresses_are_accepted(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    validate_destination("https://93.184.215.14/hook")
    validate_destination("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook")


def test_the_setting_allows_loopback_for_development(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    validate_destination("http://127.0.0.1:8000/hook")


@pytest.mark.django_db
def test_the_address_is_checked_again_when_sending(
    receiver, subscribe, django_capture_on_commit_callbacks, settings
):
    """Saved while allowed (or while its name resolved elsewhere): at sending it is
    refused, the attempt logged with the reason, and nothing reaches the address."""
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    subscribe(receiver.url)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory()

    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.state == "failed"
    errors = list(delivery.attempts.values_list("status_code", "error"))
    assert len(errors) == 2
    assert errors[0][0] is None and "127.0.0.1, a private, loopback" in errors[0][1]


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://[zz::1]/", "ftp://93.184.215.14/", "http://127.0.0.1:99999/"]
)
@pytest.mark.django_db
def test_malformed_addresses_get_a_field_error_not_a_500(url, integrator):
    from rest_framework.test import APIClient

    from api.models import ApiToken

    token = ApiToken(name="walk", user=integrator)
    key = token.issue_key()
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    answer = client.post(
        "/api/v1/webhooks/",
        {"url": url, "record_types": ["project"], "event_kinds": ["published"]},
        format="json",
    )
    assert answer.status_code == 400
    assert list(answer.data) == ["url"]
