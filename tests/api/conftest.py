"""Callers of the API: one account per role, each with its token; the HR officer is tied to
EPD, and "another department" is ICAC."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory

ROLES = ["anonymous", "participant", "host_contact", "department_hr", "csb_viewer", "csb_manager"]


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def icac():
    return DepartmentFactory(code="ICAC", name_en="Independent Commission Against Corruption")


@pytest.fixture
def users(django_user_model, epd):
    made = {"anonymous": None}
    for role in ROLES[1:]:
        made[role] = make_user(django_user_model, role.replace("_", "."), role)
    UserProfile.objects.create(user=made["department_hr"], department=epd)
    return made


@pytest.fixture
def tokens(users):
    return {
        role: Token.objects.create(user=user).key
        for role, user in users.items()
        if user is not None
    }


@pytest.fixture
def api(tokens):
    """api(role) -> a client that sends that role's token (no token for "anonymous")."""

    def client_for(role):
        client = APIClient()
        if role != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[role]}")
        return client

    return client_for
