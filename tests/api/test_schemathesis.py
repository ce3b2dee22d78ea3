"""schemathesis over the whole API (issue 6; issue 7, point 3), for each of the six roles: data
that fits the schema and data that does not (negative mode). Every answer must be no server
error, a status code the schema documents and a body that matches the schema; data that does
not fit must be refused (a 4xx).

One test per role walks every operation, so the world (one record of each kind, in the HR
officer's department) is built six times, not once per operation. Bounded to stay near a minute
on SQLite: a few examples per operation, more for the staff roles (whose requests get past the
door), no shrinking, derandomised so that a failure reproduces."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from exchange_portal.wsgi import application
from tests.api.conftest import ROLES
from tests.test_access_matrix import STAFF, build_world

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(no_shrink=True)
# A change sent with a made-up If-Match is refused as stale (412) before its body is read: a
# refusal like the others.
schema.config.checks.negative_data_rejection.expected_statuses = [
    *schema.config.checks.negative_data_rejection.expected_statuses,
    "412",
]
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        status_code_conformance,
        response_schema_conformance,
    ],
    GenerationMode.NEGATIVE: [
        not_a_server_error,
        status_code_conformance,
        response_schema_conformance,
        negative_data_rejection,
    ],
}
# Staff requests get past the door and reach filters, serializers and services; everyone else
# is refused before the input is read, so one example of each operation shows it.
STAFF_EXAMPLES = 4


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """Requests reach the real WSGI application, which closes the database connection after each
    one; the test's transaction must outlive them (Django's test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations():
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_describes_every_api_address():
    paths = {operation.path for operation in operations()}
    assert len(paths) == 27  # 10 lists, 10 records, 5 status changes, the reports, the costs
    assert all(path.startswith("/api/v1/") for path in paths)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_its_schema_for_every_role(role, django_user_model):
    world = build_world(django_user_model)
    user = world["users"][role]
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    if role in STAFF:
        # "Whatever the current version": changes reach the services instead of stopping at 428
        # or 412 (tests/api/test_changes.py covers the preconditions).
        headers["If-Match"] = "*"

    staff = role in STAFF
    modes = (
        [GenerationMode.POSITIVE, GenerationMode.NEGATIVE] if staff else [GenerationMode.NEGATIVE]
    )
    for operation in operations():
        for mode in modes:
            exercise(operation, mode, headers, STAFF_EXAMPLES if staff else 1)


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
        case.call_and_validate(headers=headers, checks=CHECKS[mode])

    run()
