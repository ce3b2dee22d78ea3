"""One id per request, command run or task, carried by every log line and history row it writes.

A request keeps the `X-Request-ID` its proxy sent when that looks like an id (letters, digits
and `._:-`, at most 100 characters), or gets a new UUID4; the response carries it back. A
management command run through `manage.py` gets `cmd:<uuid4>` and a background task
`task:<uuid4>`, so the history rows of a nightly run can be told apart from a person's. The id
lives in a context variable, so threads and async tasks each see their own.

This module imports no models: `manage.py` uses it before Django is set up.
"""

from __future__ import annotations

import functools
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Request-ID"
MAX_LENGTH = 100
VALID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{MAX_LENGTH - 1}}}")

_current: ContextVar[str] = ContextVar("request_id", default="")


def current() -> str:
    """The id of the request, command or task running now; "" outside any."""
    return _current.get()


def new(prefix: str = "") -> str:
    value = str(uuid.uuid4())
    return f"{prefix}:{value}" if prefix else value


def accept(candidate: str | None) -> str:
    """`candidate` when it is a well-formed id, else a new UUID4. Nothing else a client sends
    reaches the logs or the history through this header."""
    if candidate and VALID.fullmatch(candidate):
        return candidate
    return new()


@contextmanager
def scope(request_id: str) -> Iterator[str]:
    """Run the block under `request_id`, then restore the id that was current before."""
    token = _current.set(request_id)
    try:
        yield request_id
    finally:
        _current.reset(token)


def begin(prefix: str) -> str:
    """Give the rest of this process (a management command) its own id."""
    request_id = new(prefix)
    _current.set(request_id)
    return request_id


def in_own_scope(prefix: str):
    """Decorator: each call of the function (a task) runs under a new `<prefix>:<uuid4>`."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with scope(new(prefix)):
                return function(*args, **kwargs)

        return wrapper

    return decorate


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything the request logs or writes happens under its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accept(request.headers.get(HEADER))
        request.request_id = request_id
        with scope(request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record a handler emits ("-" outside any request), for a
    format such as `%(request_id)s`. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current() or "-"
        return True


def record_on_history(sender, history_instance, **kwargs):
    """`pre_create_historical_record` receiver: stamp the history row with the current id."""
    history_instance.request_id = current()
