"""Every cookie the portal sets is Secure, HttpOnly and SameSite in production, the language
cookie included."""

import importlib
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ALLOWED_HOSTS", "exchange.example.gov.hk")
    from exchange_portal.settings import prod

    return importlib.reload(prod)


def test_production_sets_the_language_cookie_secure_http_only_and_same_site(production_settings):
    assert production_settings.LANGUAGE_COOKIE_SECURE is True
    assert production_settings.LANGUAGE_COOKIE_HTTPONLY is True
    assert production_settings.LANGUAGE_COOKIE_SAMESITE == "Lax"


@pytest.mark.django_db
def test_choosing_a_language_sets_a_secure_cookie_under_production_settings(
    client, settings, production_settings
):
    for name in ("LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SAMESITE"):
        setattr(settings, name, getattr(production_settings, name))
    response = client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hant"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_deployment_check_of_production_settings_is_clean(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "exchange_portal.settings.prod",
        "SECRET_KEY": "a-random-test-secret-for-the-deploy-check-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "exchange.example.gov.hk",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
