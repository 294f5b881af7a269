"""The shared cache: Django's Redis cache, with one client per connection pool."""

import os

import pytest

from kruz.cache import RedisCache

REDIS_URL = os.environ.get("CACHE_URL", "")


@pytest.mark.skipif(
    not REDIS_URL.startswith("redis://"), reason="CACHE_URL names no Redis (CI sets one)"
)
def test_it_keeps_one_redis_client_per_pool_and_still_caches():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "kruz-cache-test"})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    cache.set("value", {"slug": "childrens-hospital"})
    assert cache.get("value") == {"slug": "childrens-hospital"}
    cache.delete("value")
