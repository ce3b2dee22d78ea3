"""Fixed-window request counting in the shared cache, for throttling public forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The caller's address. Behind `TRUSTED_PROXY_COUNT` proxies (load balancers) it is taken
    from X-Forwarded-For, counting from the right, so a client cannot forge it."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts per `window` seconds for (scope, key)."""

    scope: str
    key: str
    limit: int
    window: int

    @property
    def cache_key(self) -> str:
        return f"throttle:{self.scope}:{self.key}"


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for (scope, key); False once more than `limit` fall in the window."""
    return first_exceeded([Limit(scope, key, limit, window)]) is None


def first_exceeded(limits: Sequence[Limit]) -> Limit | None:
    """Count one attempt against each of `limits` in turn, stopping at the first one exceeded
    (the ones after it are not counted), and return that one; None when all allow it.

    With Redis (`count_attempts`, exchange_portal/cache.py) the whole sequence is one round
    trip (a script run by the server, so the counting and stopping are atomic); with the
    database cache, one increment per limit."""
    if not limits:
        return None
    count_attempts = getattr(cache, "count_attempts", None)
    if count_attempts is not None:
        refused = count_attempts([(x.cache_key, x.limit, x.window) for x in limits])
        return None if refused is None else limits[refused]
    for limit in limits:
        if _count(limit.cache_key, limit.window) > limit.limit:
            return limit
    return None


def _count(cache_key: str, window: int) -> int:
    # Counting first and creating the counter only when there is none costs one cache
    # operation per attempt instead of two (on the database cache: 6 queries instead of 10).
    try:
        return cache.incr(cache_key)
    except ValueError:  # the first attempt in this window (or another process's just now)
        return 1 if cache.add(cache_key, 1, timeout=window) else cache.incr(cache_key)
