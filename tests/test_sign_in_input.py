"""What the sign-in pages do with a user name no account can have."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_user_name_longer_than_any_account_is_refused_with_a_form_error(client, url_name):
    response = client.post(reverse(url_name), {"username": "u" * 300, "password": "guess-12345"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # nothing was tried, so nothing to count


def test_a_user_name_of_the_longest_allowed_length_is_still_tried(client):
    response = client.post(reverse("login"), {"username": "u" * 150, "password": "guess-12345"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert AccessAttempt.objects.get().username == "u" * 150


def test_what_axes_stores_of_a_user_name_fits_its_column(rf):
    """Any other door to `authenticate` (a future one) cannot make axes overflow its column."""
    from django.contrib.auth import authenticate

    request = rf.post("/accounts/login/")
    assert authenticate(request=request, username="u" * 300, password="guess-12345") is None
    assert len(AccessAttempt.objects.get().username) == 255


def test_the_right_user_name_and_password_still_sign_in(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302
