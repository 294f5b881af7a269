"""The anonymous throttle holds: the client's address comes from the configured number of
trusted proxies (none by default), never from a header the client writes, and the counts
live in the shared cache every worker reads."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from api.throttling import AnonymousRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_minute():
    AnonRateThrottle.THROTTLE_RATES = {"anon": "2/minute"}
    yield
    AnonRateThrottle.THROTTLE_RATES = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]


def statuses(headers_per_request, **environ):
    client = APIClient()
    return [
        client.get("/api/v1/sectors/", **environ, **headers).status_code
        for headers in headers_per_request
    ]


def test_it_ignores_a_forged_forwarded_for_without_trusted_proxies(two_per_minute):
    forged = [{"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}"} for n in range(3)]
    assert statuses(forged) == [200, 200, 429]


def test_it_counts_the_address_the_trusted_proxy_saw(two_per_minute, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client writes the left part; the proxy appends the address it saw.
    same_client = [{"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}, 203.0.113.7"} for n in range(3)]
    assert statuses(same_client) == [200, 200, 429]
    other_client = [{"HTTP_X_FORWARDED_FOR": "10.0.0.1, 203.0.113.8"}]
    assert statuses(other_client) == [200]


def test_it_counts_in_the_cache_every_worker_shares(two_per_minute):
    """The counts are kept in the default cache, which settings read from CACHE_URL
    (Redis in production and CI: tests/test_settings.py), not in a worker's memory."""
    assert AnonymousRateThrottle.cache is cache
    statuses([{}, {}])
    assert statuses([{}]) == [429]
    cache.clear()  # another worker reading the same, emptied store starts afresh
    assert statuses([{}]) == [200]
