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
