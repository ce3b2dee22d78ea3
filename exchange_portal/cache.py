"""Django's Redis cache, keeping one redis-py client per server instead of making a new one for
every call, and counting throttled attempts in one round trip.

Django's `RedisCacheClient.get_client()` builds a `redis.Redis` around the (kept) connection pool
on each cache call, and redis-py's constructor copies its table of some 170 reply parsers each
time: on the stored public figures page that was a third of the page's own time in the profile
(docs/performance.md, "What the figures say"). A `redis.Redis` is safe to share between threads
(each command takes a connection from the pool), and the pool opens a new connection after a
fork or a dropped one, so keeping the client changes nothing else.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Count one attempt against each key in turn (KEYS[i], at most ARGV[2i-1] per ARGV[2i]
# seconds), stopping at the first one exceeded: its position, or 0 when none is. A counter
# is made with its window on the first attempt and keeps that expiry (a fixed window), as
# Django's cache.add(key, 1, timeout) and cache.incr(key) do; run by the server as one step.
COUNT_ATTEMPTS = """
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then
    redis.call('EXPIRE', key, tonumber(ARGV[2 * i]))
  end
  if count > tonumber(ARGV[2 * i - 1]) then
    return i
  end
end
return 0
"""


class KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def run_script(self, source: str, keys: list[str], args: list):
        """`source` run by the primary server: EVALSHA, or EVAL once when the server does not
        know the script yet (redis-py's Script), so one round trip either way."""
        client = self.get_client(write=True)
        script = self._scripts.get(source)
        if script is None:
            script = self._scripts[source] = client.register_script(source)
        return script(keys=keys, args=args, client=client)


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient

    def count_attempts(self, limits: list[tuple[str, int, int]]) -> int | None:
        """Count one attempt for each (key, limit, window seconds) in turn, in one round trip;
        the index of the first whose limit is exceeded (later ones not counted), else None.
        The counters are the cache's own keys (`cache.get(key)` reads them)."""
        keys = [self.make_and_validate_key(key) for key, _limit, _window in limits]
        args = [value for _key, limit, window in limits for value in (limit, window)]
        refused = self._cache.run_script(COUNT_ATTEMPTS, keys, args)
        return int(refused) - 1 if refused else None
