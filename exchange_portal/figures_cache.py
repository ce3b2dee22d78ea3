"""The public figures page is cached (docs/decisions/0021-benchmarks-and-search.md): the rendered
tables are kept in the shared cache under a version that changes whenever anything they count or
name changes, so a placement confirmed or withdrawn shows on the page with the next request, on
every app instance.

The version is a fresh random value at each change (never a counter: two changes at once can
never end on a value a stale copy was stored under). It changes at once and again when the
transaction commits, so a request that read the old data before the commit cannot leave its
copy under the new version. Paths that write without model signals (the officer import's bulk
writes) call `figures_changed()` themselves; `FRAGMENT_SECONDS` bounds anything missed.

Visitors who are not signed in get the whole page from the cache (`stored_page`), as a cache in
front of the application would serve it, but with a CSRF token of their own in the language
form and with the version checked on every request (each process keeps a copy of the page of
the current version, so only the version travels; with Redis, not even that: Redis tells each
process when the version changes, exchange_portal/cache.py).
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .versions import SharedVersion

VERSION_KEY = "public-figures:version"
FRAGMENT_SECONDS = 3600


FIGURES = SharedVersion(VERSION_KEY)
# Anything a kept staff page shows (exchange_portal/kept_pages.py): the figures' records and
# the rest of the portal's (nominations, reports, amendments, ...).
RECORDS = SharedVersion("records:version")


def figures_version() -> str:
    return FIGURES.current() or ""


def _watched_version() -> str | None:
    """The version, as the stored page reads it on every request: with Redis, from this
    process's copy that Redis invalidates when any instance changes it (no round trip,
    exchange_portal/cache.py); with another cache, read from it."""
    return FIGURES.watched()


def figures_changed(**kwargs) -> None:
    """Something the public figures count or name changed: stop serving the stored copy (and
    every kept staff page: whatever the figures count, the staff pages show)."""
    FIGURES.changed()
    RECORDS.changed()


def records_changed(**kwargs) -> None:
    """A record of the portal changed: no kept staff page made before it is served again."""
    RECORDS.changed()


# The whole page, for visitors who are not signed in ---------------------------------------------

# "v2": (version, bytes before the token, bytes after it); a new name when the shape changes,
# so a deploy never reads a copy stored by the previous release in another shape.
PAGE_KEY = "public-figures:page:v2:{language}"
# Stands for the visitor's CSRF token (the language form's) in the stored page.
TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 (a placeholder, not a secret)
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def page_is_shared(request) -> bool:
    """The page is the same for every visitor who is not signed in, has no message waiting and
    asks without a query string (which would let anyone fill the cache with copies): for them it
    is stored whole, but for the CSRF token of the language form."""
    return (
        request.method == "GET"
        and not request.GET
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


# This process's copy of the stored page, per language: (version, the page's bytes before and
# after the CSRF token). Only served while the shared version still names it.
_copies: dict[str, tuple[str, bytes, bytes]] = {}


def stored_page(request) -> bytes | None:
    """The stored page for this visitor, with a CSRF token of their own, if it is current.

    The version is checked on every request (with Redis, against this process's copy that
    Redis invalidates at the change, decision 0048; otherwise read from the shared cache): the
    page itself is read from the shared cache only when this process has no copy of that
    version, so a request does not carry and unpickle the whole page each time."""
    language = get_language()
    version = _watched_version()
    if version is None:
        return None
    copy = _copies.get(language)
    if copy is None or copy[0] != version:
        stored = cache.get(PAGE_KEY.format(language=language))
        if stored is None or stored[0] != version:
            return None
        copy = _copies[language] = stored
    return b"".join((copy[1], get_token(request).encode(), copy[2]))


def store_page(html: str, version: str) -> None:
    """Keep `html`, rendered under the figures' `version`, for the next visitors. The version
    travels with the page: a copy made from data older than the current version is never
    served."""
    generic = TOKEN_FIELD.sub(lambda m: m.group(1) + TOKEN_MARK + m.group(3), html)
    before, marked, after = generic.partition(TOKEN_MARK)
    if not marked or TOKEN_MARK in after:
        return  # one language form, one token: anything else is not stored
    stored = (version, before.encode(), after.encode())
    cache.set(PAGE_KEY.format(language=get_language()), stored, FRAGMENT_SECONDS)
