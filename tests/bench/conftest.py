import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The API throttles anonymous clients by counts kept in the cache."""
    cache.clear()
    yield
    cache.clear()
