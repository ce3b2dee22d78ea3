"""Sign-in hardening and the headers every response carries."""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exchange_portal.roles import GROUP_NAMES
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_session_key_changes_at_sign_in(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    client.get(reverse("login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    assert sign_in(client, "viewer").status_code == 302
    assert client.session.session_key != before


def test_signing_out_ends_the_session(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    client.post(reverse("logout"))
    assert client.get(reverse("role_home")).status_code == 302
    assert reverse("login") in client.get(reverse("role_home"))["Location"]


def test_staff_idle_for_too_long_are_signed_out(client, django_user_model, settings):
    settings.STAFF_IDLE_TIMEOUT = 600
    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 601
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302  # and stays signed out


def test_changing_the_password_signs_out_other_sessions(client, django_user_model):
    from django.test import Client

    make_user(django_user_model, "host", "host_contact")
    elsewhere = Client()
    sign_in(elsewhere, "host")
    sign_in(client, "host")
    new = "another-long-password-2024"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("role_home")).status_code == 302  # this session goes on ...
    assert reverse("portal:host_placements") in client.get(reverse("role_home"))["Location"]
    other = elsewhere.get(reverse("portal:host_placements"))
    assert other.status_code == 302 and reverse("login") in other["Location"]  # ... not that


def test_passwords_shorter_than_twelve_characters_are_refused(client, django_user_model):
    make_user(django_user_model, "host", "host_contact")
    sign_in(client, "host")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Sh0rt!pw", "new_password2": "Sh0rt!pw"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_a_disabled_account_is_signed_out_on_its_next_request(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    ParticipantFactory(user=user)
    sign_in(client, "officer")
    assert client.get(reverse("portal:home")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_removed_role_takes_effect_on_the_next_request(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    ParticipantFactory(user=user)
    client.force_login(user)
    assert client.get(reverse("portal:home")).status_code == 200
    user.groups.remove(Group.objects.get(name=GROUP_NAMES["participant"]))
    assert client.get(reverse("portal:home")).status_code == 403


def test_pages_with_personal_data_are_never_cached(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    ParticipantFactory(user=user)
    client.force_login(user)
    assert "no-store" in client.get(reverse("portal:home"))["Cache-Control"]


def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get(reverse("public:programmes")).get("Cache-Control", "")


@pytest.mark.parametrize("url_name", ["public:home", "public:figures", "login"])
def test_every_response_carries_the_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    csp = response["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
    ):
        assert directive in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def production_settings(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ALLOWED_HOSTS", "exchange.example.gov.hk")
    from exchange_portal.settings import prod

    return importlib.reload(prod)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("ALLOWED_HOSTS", "exchange.example.gov.hk")
    from exchange_portal.settings import base

    with pytest.raises(ImproperlyConfigured):
        importlib.reload(importlib.import_module("exchange_portal.settings.prod"))
    assert base.SECURE_CSP  # the shared settings are untouched


def test_https_responses_carry_hsts_for_a_year_in_production(client, settings, production_settings):
    assert production_settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert production_settings.SESSION_COOKIE_SECURE and production_settings.CSRF_COOKIE_SECURE
    settings.SECURE_HSTS_SECONDS = production_settings.SECURE_HSTS_SECONDS
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = production_settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
    response = client.get(reverse("public:home"), secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    for _ in range(4):
        assert sign_in(client, "viewer", "wrong-password-123").status_code == 200
    assert sign_in(client, "viewer", "wrong-password-123").status_code == 429  # the fifth
    locked = sign_in(client, "viewer")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()


def test_failures_from_one_address_lock_that_address_for_every_user(
    client, django_user_model, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 5  # 50 in production (many officers share one)
    make_user(django_user_model, "viewer", "csb_viewer")
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong-password-123")
    assert sign_in(client, "viewer").status_code == 429
    # The same account from another address is not locked by the first address's failures.
    from django.test import Client

    assert (
        Client(REMOTE_ADDR="198.51.100.9")
        .post(reverse("login"), {"username": "viewer", "password": PASSWORD})
        .status_code
        == 302
    )


def test_a_successful_sign_in_clears_earlier_failures(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    for _ in range(4):
        sign_in(client, "viewer", "wrong-password-123")
    assert sign_in(client, "viewer").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        sign_in(client, "viewer", "wrong-password-123")
    assert sign_in(client, "viewer").status_code == 302


def test_an_administrator_can_lift_a_lockout(client, django_user_model):
    from django.core.management import call_command

    make_user(django_user_model, "viewer", "csb_viewer")
    for _ in range(5):
        sign_in(client, "viewer", "wrong-password-123")
    assert sign_in(client, "viewer").status_code == 429
    call_command("axes_reset_username", "viewer")
    call_command("axes_reset_ip", "127.0.0.1")
    assert sign_in(client, "viewer").status_code == 302


def test_failed_sign_ins_are_logged_without_the_password(client, django_user_model, caplog):
    make_user(django_user_model, "viewer", "csb_viewer")
    with caplog.at_level("DEBUG"):
        sign_in(client, "viewer", "Secret-Guess-98765")
    assert "viewer" in caplog.text  # the failure is logged ...
    assert "Secret-Guess-98765" not in caplog.text  # ... without what was typed


def test_admin_pages_are_never_cached_either(client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    response = client.get(reverse("admin:participants_participant_changelist"))
    assert "no-store" in response["Cache-Control"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
