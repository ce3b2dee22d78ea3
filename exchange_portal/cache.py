"""Django's Redis cache, keeping one redis-py client per server instead of making a new one for
every call, and counting throttled attempts in one round trip.

Django's `RedisCacheClient.get_client()` builds a `redis.Redis` around the (kept) connection pool
on each cache call, and redis-py's constructor copies its table of some 170 reply parsers each
time: on the stored public figures page that was a third of the page's own time in the profile
(docs/performance.md, "What the figures say"). A `redis.Redis` is safe to share between threads
(each command takes a connection from the pool), and the pool opens a new connection after a
fork or a dropped one, so keeping the client changes nothing else.

`get_watched(key)` reads a key that nearly every request needs and that rarely changes (the
public figures' version) from this process's memory, kept true by Redis itself: a connection
of the process has client tracking on for that key (Redis 6's server-assisted client-side
caching, broadcast mode, RESP2, the invalidations redirected to itself, subscribed to
`__redis__:invalidate`). Redis writes the invalidation to that connection while it executes the
change, before it answers the client that made it; each request first takes any waiting
invalidation from the socket (a non-blocking read in this process, no round trip). Whenever
the watch cannot be trusted (no connection yet, a connection dropped, another process after a
fork) the key is read from Redis as any other, so the answer is never older than a plain
read's.
"""

import contextlib
import logging
import os
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

INVALIDATIONS = "__redis__:invalidate"
# After the watch failed (Redis restarted, a connection dropped), plain reads for this long
# before setting it up again.
WATCH_RETRY_SECONDS = 5.0
_MISSING = object()

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


class Watch:
    """The values of watched keys as Redis last gave them to this process, dropped when Redis
    says a key changed. Not shared across a fork (each process sets up its own).

    One connection, in RESP2: `CLIENT TRACKING ON REDIRECT <its own id> BCAST PREFIX <key>...`
    then `SUBSCRIBE __redis__:invalidate`. In broadcast mode Redis reports every change of a
    watched key whoever reads it, so the values are read through the ordinary pool; and a
    subscribed connection is never closed by Redis for being idle, while a closed one is seen
    at once (the socket reads as ended)."""

    def __init__(self, pool, keys):
        self.pid = os.getpid()
        self.keys = frozenset(keys)
        self.values: dict[str, bytes | None] = {}
        # RESP2 (redis-py may speak RESP3, where the subscription's confirmation and the
        # invalidations are push messages handled elsewhere), without redis-py's maintenance
        # notifications, which need RESP3.
        options = {
            name: value
            for name, value in pool.connection_kwargs.items()
            if not name.startswith(("maint_notifications", "orig_"))
        }
        options.update(protocol=2)
        self.listener = pool.connection_class(**options)
        self.listener.connect()
        self.listener.send_command("CLIENT", "ID")
        own_id = self.listener.read_response()
        prefixes = [part for key in sorted(self.keys) for part in ("PREFIX", key)]
        self.listener.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", *prefixes
        )
        if self.listener.read_response() not in (b"OK", "OK"):
            raise ConnectionError("CLIENT TRACKING refused")
        self.listener.send_command("SUBSCRIBE", INVALIDATIONS)
        self.listener.read_response()

    def hear(self) -> None:
        """Drop every key Redis said changed since the last request (nothing waits: no
        system call beyond a poll of the socket)."""
        while self.listener.can_read(timeout=0):
            message = self.listener.read_response()
            if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
                continue
            keys = message[2]
            if keys is None:  # FLUSHDB or FLUSHALL: everything changed
                self.values.clear()
            else:
                for key in keys:
                    self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a connection already broken
            self.listener.disconnect()


class KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}
        self._watch = None
        self._watch_retry_at = 0.0
        self._watch_lock = threading.Lock()

    def get_watched(self, key, default):
        """`get`, from this process's copy while Redis has not said the key changed."""
        with self._watch_lock:
            watch, keys = self._watch, {key}
            if watch is not None and watch.pid != os.getpid():
                watch = self._watch = None  # inherited across a fork: the parent's socket
            elif watch is not None and key not in watch.keys:
                keys = watch.keys | keys  # a key not watched yet: watch them all afresh
                watch.close()
                watch = self._watch = None
            if watch is None and time.monotonic() >= self._watch_retry_at:
                try:
                    watch = self._watch = Watch(self._get_connection_pool(write=False), keys)
                except Exception as error:  # any failure: plain reads for a while
                    self._watch_failed(error)
                    watch = None
            if watch is not None:
                try:
                    watch.hear()
                    value = watch.values.get(key, _MISSING)
                    if value is _MISSING:
                        # Read after the watch began: a change from now on is heard.
                        value = watch.values[key] = self.get_client(key).get(key)
                except Exception as error:  # any failure: plain reads for a while
                    watch.close()
                    self._watch = None
                    self._watch_failed(error)
                else:
                    return default if value is None else self._serializer.loads(value)
        return self.get(key, default)

    def forget_watched(self, key) -> None:
        """Drop this process's copy of `key` (it has just changed it): exact at once here,
        whatever the order in which Redis's answers arrive."""
        with self._watch_lock:
            if self._watch is not None:
                self._watch.values.pop(key, None)

    def _watch_failed(self, error) -> None:
        self._watch_retry_at = time.monotonic() + WATCH_RETRY_SECONDS
        logger.warning("Redis client tracking unavailable, reading from Redis: %s", error)

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

    def get_watched(self, key, default=None, version=None):
        """Like `get`, but served from this process's memory until Redis says the key changed
        (see the module's description): for a key read by nearly every request."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.get_watched(key, default)

    def forget_watched(self, key, version=None) -> None:
        """This process has just changed `key`: it forgets its copy at once, whatever the
        order in which Redis's answer and its invalidation arrive."""
        self._cache.forget_watched(self.make_and_validate_key(key, version=version))

    def count_attempts(self, limits: list[tuple[str, int, int]]) -> int | None:
        """Count one attempt for each (key, limit, window seconds) in turn, in one round trip;
        the index of the first whose limit is exceeded (later ones not counted), else None.
        The counters are the cache's own keys (`cache.get(key)` reads them)."""
        keys = [self.make_and_validate_key(key) for key, _limit, _window in limits]
        args = [value for _key, limit, window in limits for value in (limit, window)]
        refused = self._cache.run_script(COUNT_ATTEMPTS, keys, args)
        return int(refused) - 1 if refused else None
