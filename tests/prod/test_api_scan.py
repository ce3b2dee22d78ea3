"""schemathesis with every check it has, for each of the six roles, against the production
settings (exchange_portal/settings/prod_test.py: DEBUG off, HTTPS only, secure cookies) on
PostgreSQL: no server error, and every answer as the schema says (status code, content type,
headers, body); data that does not fit refused, data that fits not refused for a reason the
schema does not give; no request that ignores its credentials. Run by `make test-prod`.

Bounded to stay near two minutes: a few examples per operation and mode, no shrinking,
derandomised so that a failure reproduces."""

import functools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

from exchange_portal.wsgi import application
from tests.api.conftest import ROLES
from tests.test_access_matrix import STAFF, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Behind the proxy that ends TLS (SECURE_PROXY_SSL_HEADER), as in production; without it every
# request is redirected to HTTPS.
HTTPS = {"X-Forwarded-Proto": "https"}


@functools.cache
def api_schema():
    """The API's schema, read from the application once, inside the first test: the schema
    view's throttle counts in the cache, which on these settings (without REDIS_URL) is a
    database table, out of reach while the tests are collected."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=HTTPS)
    schema.config.generation.update(no_shrink=True)
    # Data that fits the schema may still name a record that does not exist or that the caller may
    # not see (a filter's `programme=-21716`, a body's `cohort`): the API refuses it with 400 and
    # `errors` naming the field, which no schema can foresee. Every other refusal of fitting data
    # (415, 422, an undocumented 400 for a well-formed value) still fails.
    schema.config.checks.positive_data_acceptance.expected_statuses = [
        *schema.config.checks.positive_data_acceptance.expected_statuses,
        "400",
    ]
    # A change sent with a made-up If-Match is refused as stale (412) before its body is read.
    schema.config.checks.negative_data_rejection.expected_statuses = [
        *schema.config.checks.negative_data_rejection.expected_statuses,
        "412",
    ]
    return schema


EVERY_CHECK = CHECKS.get_all()
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
STAFF_EXAMPLES = 4


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """The WSGI application closes the connection after each request; the test's transaction
    must outlive them (Django's test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_scan_runs_on_the_production_settings():
    from django.conf import settings as django_settings

    assert django_settings.DEBUG is False
    assert django_settings.SECURE_SSL_REDIRECT is True
    assert django_settings.SESSION_COOKIE_SECURE is True


@pytest.mark.parametrize("role", ROLES)
def test_every_check_passes_on_every_operation_for_every_role(role, django_user_model):
    world = build_world(django_user_model)
    user = world["users"][role]
    headers = dict(HTTPS)
    if user is not None:
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    staff = role in STAFF
    examples = STAFF_EXAMPLES if staff else 1
    for result in api_schema().get_all_operations():
        operation = result.ok()
        for mode in MODES:
            exercise(operation, mode, headers, examples)


def exercise(operation, mode, headers, examples):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=EVERY_CHECK)

    run()
