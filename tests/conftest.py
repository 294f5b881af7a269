import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read messages in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached responses must not leak from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def pytest_collection_modifyitems(items):
    """Browser tests (live_server) run last: their teardown leaves content types and
    permissions behind (post_migrate after the flush), and a serialized-rollback test run
    after them (the backup drill, the reminders' worker) then fails on duplicate keys."""
    items.sort(key=lambda item: "live_server" in getattr(item, "fixturenames", ()))
