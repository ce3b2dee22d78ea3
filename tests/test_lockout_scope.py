"""Failed sign-ins lock out one user name from one address; an outsider failing from many
addresses meets a slower back-off for the user name as a whole. The public status enquiry's
per-reference limit is per address in the same way, and the API is throttled per user and
per token."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
WRONG = "wrong-password-123"
A, B = "203.0.113.1", "198.51.100.2"


def sign_in(address, username, password=PASSWORD):
    return (
        Client(REMOTE_ADDR=address)
        .post(reverse("login"), {"username": username, "password": password})
        .status_code
    )


@pytest.fixture
def viewer(django_user_model):
    return make_user(django_user_model, "csb.viewer", "csb_viewer")


def test_five_failures_from_one_address_lock_that_address_for_that_user(viewer):
    assert [sign_in(A, "csb.viewer", WRONG) for _ in range(5)] == [200, 200, 200, 200, 429]
    assert sign_in(A, "csb.viewer") == 429


def test_the_right_password_from_another_address_still_signs_in(viewer):
    for _ in range(5):
        sign_in(A, "csb.viewer", WRONG)
    assert sign_in(B, "csb.viewer") == 302


def test_a_user_name_failing_from_many_addresses_meets_its_own_threshold(viewer, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 12
    statuses = [sign_in(f"192.0.2.{n}", "csb.viewer", WRONG) for n in range(12)]
    assert statuses == [200] * 11 + [429]  # four tries from each of many addresses ...
    assert sign_in("192.0.2.200", "csb.viewer") == 429  # ... lock the name for everyone
    assert sign_in("192.0.2.200", "another.user", WRONG) == 200  # and no other name


def test_the_user_name_back_off_is_much_higher_than_the_per_address_limit(settings):
    assert settings.AXES_USERNAME_FAILURE_LIMIT >= 5 * settings.AXES_FAILURE_LIMIT


# The status enquiry ----------------------------------------------------------------------------


@pytest.fixture
def enquiry_limits(settings):
    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 100, "window": 900},
        "code": {"limit": 5, "window": 900},
        "code_all_addresses": {"limit": 8, "window": 900},
    }


def enquire(address, code="EX-0000-0000-0001"):
    return Client(REMOTE_ADDR=address).post(
        reverse("public:status_enquiry"), {"reference_code": code, "email": "x@example.hk"}
    )


def test_five_enquiries_with_a_reference_do_not_lock_its_owner_out(enquiry_limits):
    assert [enquire(A).status_code for _ in range(6)] == [200] * 5 + [429]
    assert enquire(B).status_code == 200  # the owner, from their own address


def test_a_reference_asked_from_many_addresses_meets_its_own_limit(enquiry_limits):
    statuses = [enquire(f"192.0.2.{n}").status_code for n in range(9)]
    assert statuses == [200] * 8 + [429]


# The API ---------------------------------------------------------------------------------------


@pytest.fixture
def api_rates(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"user": "3/minute", "token": "3/minute", "anon": "3/minute"}
    settings.REST_FRAMEWORK = rest
    cache.clear()


def test_the_api_answers_429_with_retry_after_past_a_users_rate(client, viewer, api_rates):
    client.force_login(viewer)
    url = reverse("api:programme-list")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"


def test_the_schema_says_every_operation_may_answer_429(client):
    """A client (and schemathesis) must expect the throttles' answer wherever it can come."""
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert operations
    assert [(p, m) for p, m, o in operations if "429" not in o["responses"]] == []


def test_each_token_has_its_own_rate(viewer, api_rates):
    url = reverse("api:programme-list")
    token = Token.objects.create(user=viewer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [api.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in api.get(url)
