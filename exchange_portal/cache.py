"""Django's Redis cache, keeping one redis-py client per server instead of making a new one for
every call.

Django's `RedisCacheClient.get_client()` builds a `redis.Redis` around the (kept) connection pool
on each cache call, and redis-py's constructor copies its table of some 170 reply parsers each
time: on the stored public figures page that was a third of the page's own time in the profile
(docs/performance.md, "What the figures say"). A `redis.Redis` is safe to share between threads
(each command takes a connection from the pool), and the pool opens a new connection after a
fork or a dropped one, so keeping the client changes nothing else.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient
