"""Django's Redis cache, keeping one Redis client per connection pool.

Django's RedisCacheClient builds a new redis.Redis client (and its table of some 170
response callbacks) for every get and set: about a third of a millisecond each, and an
anonymous API read makes three (the throttle's get and set, the representations). A client
is only a handle on its pool, safe to share between threads; the pool itself reconnects
after a fork, so a gunicorn worker gets connections of its own."""

from django.core.cache.backends import redis


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
