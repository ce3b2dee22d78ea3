"""How an HR system gets its token: `manage.py api_token <account>` prints the key once; it acts
with the account's role and department; tokens are not in the admin (whose change log would
keep every key) and never reach the log."""

import io
import logging

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_a_token_is_issued_once_and_acts_as_its_account(users, caplog):
    caplog.set_level(logging.DEBUG)
    printed = issue("department.hr")
    key = Token.objects.get(user=users["department_hr"]).key
    assert key in printed
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:participant-list")).status_code == 200
    assert client.get(reverse("api:agreement-list")).status_code == 403  # HR's rights
    with pytest.raises(CommandError, match="already has a token"):
        issue("department.hr")
    replaced = issue("department.hr", "--replace")
    assert key not in replaced
    assert client.get(reverse("api:participant-list")).status_code == 401
    assert key not in caplog.text
    issue("department.hr", "--revoke")
    assert not Token.objects.filter(user=users["department_hr"]).exists()


@pytest.mark.parametrize("role", ["participant", "host_contact"])
def test_accounts_without_api_rights_get_no_token(users, role):
    with pytest.raises(CommandError, match="only CSB staff and department HR"):
        issue(users[role].username)
    assert not Token.objects.exists()


def test_tokens_are_not_kept_in_the_admin():
    assert not admin.site.is_registered(TokenProxy)
    assert not admin.site.is_registered(Token)
