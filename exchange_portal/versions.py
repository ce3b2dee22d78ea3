"""Shared versions: one cache key per kind of kept copy, holding a fresh random value at each
change of what the copies were made from (decisions 0021, 0054, 0058).

A version is never a counter: two changes at once can never end on a value a stale copy was
kept under. `changed()` sets a new value at once and again when the transaction commits, so a
request that read the old data before the commit cannot leave its copy under the new value.
With Redis a version is read from the process's own copy that Redis invalidates when any
instance changes it (exchange_portal/cache.py: no round trip); with another cache, from it.

Without Redis the cache is a database table that `createcachetable` makes after `migrate`, and
`migrate` itself changes rows that bump versions (the role groups): a bump is written in a
savepoint, and a table not made yet is no error (nobody is served a kept copy of a database
still being migrated).
"""

from __future__ import annotations

import uuid

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, transaction


class SharedVersion:
    def __init__(self, key: str):
        self.key = key

    @staticmethod
    def _cache():
        return caches[DEFAULT_CACHE_ALIAS]

    def watched(self) -> str | None:
        """The version as it stands, None when the cache holds none: with Redis from this
        process's copy (no round trip), otherwise read from the cache."""
        cache = self._cache()
        get_watched = getattr(cache, "get_watched", None)
        return get_watched(self.key) if get_watched else cache.get(self.key)

    def current(self) -> str | None:
        """The version, a first one made if the cache holds none; None only when the cache
        cannot keep one."""
        version = self.watched()
        if version is None:
            cache = self._cache()
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            self.forget()
            version = cache.get(self.key)
        return version

    def forget(self) -> None:
        """Drop this process's copy (it has just changed the version)."""
        forget = getattr(self._cache(), "forget_watched", None)
        if forget is not None:
            forget(self.key)

    def bump(self) -> None:
        cache = self._cache()
        if isinstance(cache, DatabaseCache):
            try:
                with transaction.atomic():
                    cache.set(self.key, uuid.uuid4().hex, timeout=None)
            except DatabaseError:
                return
        else:
            cache.set(self.key, uuid.uuid4().hex, timeout=None)
        self.forget()

    def changed(self) -> None:
        """What the copies were made from changed: a new version now and at the commit."""
        self.bump()
        transaction.on_commit(self.bump)
