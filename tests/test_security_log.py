"""Failed sign-ins and refused access are logged (logger "exchange_portal.security"), and no log
line ever holds a password, a token, a query string's secret or a session id."""

import logging

import pytest
from django.urls import reverse

from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PASSWORD_CANARY = "pw-CANARY-7c1e9d"
TOKEN_CANARY = "tok-CANARY-51ab0f"
QUERY_CANARY = "qs-CANARY-e3d2aa"


def everything_logged(caplog) -> str:
    """Each captured record as the portal's console handler writes it, plus caplog's own text
    (message, exception and traceback included)."""
    console = logging.getLogger().handlers[0]
    return caplog.text + "\n".join(console.format(record) for record in caplog.records)


def security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "exchange_portal.security"]


def test_sign_in_failures_and_refusals_are_logged_without_secrets(
    client, django_user_model, caplog
):
    caplog.set_level(logging.DEBUG)
    department = DepartmentFactory(code="EPD")
    hr = make_user(django_user_model, "hr.epd", "department_hr")
    UserProfile.objects.create(user=hr, department=department)
    officer = make_user(django_user_model, "officer", "participant")
    theirs = ParticipantFactory(department=DepartmentFactory(code="TD"))
    secret_headers = {
        "HTTP_AUTHORIZATION": f"Token {TOKEN_CANARY}",
        "HTTP_X_API_KEY": TOKEN_CANARY,
        "HTTP_X_CSRFTOKEN": TOKEN_CANARY,
    }

    response = client.post(
        reverse("login"),
        {"username": "hr.epd", "password": PASSWORD_CANARY},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200  # the form again, with the error

    client.force_login(hr)
    session_id = client.cookies["sessionid"].value
    other_department = reverse("staff:officer", args=[theirs.pk])
    response = client.get(f"{other_department}?token={QUERY_CANARY}", **secret_headers)
    assert response.status_code == 404

    client.force_login(officer)
    officer_session = client.cookies["sessionid"].value
    response = client.get(reverse("staff:dashboard"), **secret_headers)
    assert response.status_code == 403

    lines = security_lines(caplog)
    assert "sign-in failed: username='hr.epd' address=203.0.113.9" in lines
    assert (
        f"access refused: status=404 user_id={hr.pk} role=department_hr method=GET "
        f"path={other_department}" in lines
    )
    assert any(
        line.startswith(f"access refused: status=403 user_id={officer.pk} role=participant")
        for line in lines
    )
    logged = everything_logged(caplog)
    for secret in (PASSWORD_CANARY, TOKEN_CANARY, QUERY_CANARY, session_id, officer_session):
        assert secret not in logged


def test_a_lockout_is_logged_without_the_passwords_tried(client, django_user_model, caplog):
    caplog.set_level(logging.DEBUG)
    make_user(django_user_model, "viewer", "csb_viewer")
    for attempt in range(6):
        client.post(
            reverse("login"), {"username": "viewer", "password": f"{PASSWORD_CANARY}-{attempt}"}
        )
    assert any(
        line.startswith("sign-in locked out after repeated failures: username='viewer'")
        for line in security_lines(caplog)
    )
    assert PASSWORD_CANARY not in everything_logged(caplog)


def test_a_token_in_a_set_password_link_is_masked():
    from django.test import RequestFactory
    from django.urls import resolve

    from exchange_portal.security_log import loggable_path

    path = reverse("password_set", args=["MQ", "c0ffee-" + TOKEN_CANARY])
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    assert loggable_path(request) == "/accounts/set-password/[masked]/[masked]/"
