"""Fixed-window request counting in the shared cache, for throttling public forms."""

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


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for (scope, key); False once more than `limit` fall in the window."""
    cache_key = f"throttle:{scope}:{key}"
    # Counting first and creating the counter only when there is none costs one cache
    # operation per attempt instead of two (on the database cache: 6 queries instead of 10).
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the first attempt in this window (or another process's just now)
        count = 1 if cache.add(cache_key, 1, timeout=window) else cache.incr(cache_key)
    return count <= limit
