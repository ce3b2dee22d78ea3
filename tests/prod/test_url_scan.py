"""Every address of the portal, asked by someone not signed in, on the production settings
(exchange_portal/settings/prod_test.py: DEBUG off) on PostgreSQL: a GET and a POST to every URL
pattern, its parameters filled with existing records and with junk (0, a number no record has,
a letter, a NUL byte, a 300-character string, wherever the pattern's converter takes it),
answer without a server error and without anything of the server's inside in the body (a
traceback, a setting, a database module). Run by `make test-prod`."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client
from django.urls.converters import get_converters

from tests.test_access_matrix import build_world, concrete_url, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Behind the proxy that ends TLS, as in production (else every request is redirected).
HTTPS = {"X-Forwarded-Proto": "https"}
JUNK = ["0", "999999999", "x", "%00", "a" * 300]
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# What a body must never show: a traceback, Django's debug page, settings, the database layer.
LEAKS = [
    "Traceback",
    "SECRET_KEY",
    "django.db",
    "psycopg",
    "DATABASES",
    'File "/',
    "You're seeing this error because you have",
]


def junk_urls(route: str) -> list[str]:
    """The route with every parameter filled with each junk value its converter matches; a
    regular-expression route (the admin's) only through its catch-all."""
    if route.startswith("^") or "(?P<" in route:
        if route == "admin/(?P<url>.*)$":
            return [f"/admin/{value}/" for value in JUNK]
        return []
    converters = get_converters()
    urls = []
    for value in JUNK:
        accepted = all(
            re.fullmatch(converters[match["converter"] or "str"].regex, unquote(value))
            for match in PARAMETER.finditer(route)
        )
        if accepted and PARAMETER.search(route):
            urls.append("/" + PARAMETER.sub(value, route))
    return urls


def leaks(body: str) -> list[str]:
    found = [leak for leak in LEAKS if leak in body]
    if settings.SECRET_KEY in body:
        found.append("the secret key's value")
    return found


def test_every_address_answers_anonymous_gets_and_posts_without_an_error_or_a_leak(
    django_user_model,
):
    assert settings.DEBUG is False
    world = build_world(django_user_model)
    client = Client(headers=HTTPS, raise_request_exception=False)
    urls = set()
    for route, name in url_patterns():
        urls.add(concrete_url(route, name, world))
        urls.update(junk_urls(route))
    assert len(urls) > 300, "the walk of the URL patterns found too few addresses"
    wrong = []
    for url in sorted(urls):
        for method in (client.get, client.post):
            response = method(url)
            if response.streaming:
                body = b"".join(response.streaming_content).decode("utf-8", "replace")
            else:
                body = response.content.decode("utf-8", "replace")
            problems = leaks(body)
            if response.status_code >= 500 or problems:
                wrong.append(
                    f"{method.__name__.upper()} {url[:80]}: {response.status_code} {problems}"
                )
    assert not wrong, f"{len(wrong)} answer(s) with an error or a leak:\n  " + "\n  ".join(wrong)
