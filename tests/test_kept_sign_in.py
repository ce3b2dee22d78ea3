"""The signed-in user kept in the session between changes (decision 0054): no query for the
account, its groups or its permissions while nothing changed, and any change of a role, a
department, a group's permissions, a password or an account's state seen on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange_portal.kept_sign_in import SESSION_KEY
from exchange_portal.roles import GROUP_NAMES, Role
from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def sign_in(client, username, password=PASSWORD):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return response


def account_reads(client, url) -> list[str]:
    """The queries of one request that read the account, its groups or its permissions."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [
        q["sql"]
        for q in captured.captured_queries
        if any(t in q["sql"] for t in ('FROM "auth_user"', '"auth_user_groups"', "auth_permission"))
    ]


def test_a_signed_in_request_reads_no_account_groups_or_permissions(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    url = reverse("admin:placements_placement_changelist")  # checks permissions, shows the user
    assert client.get(url).status_code == 200
    assert account_reads(client, url) == []
    kept = client.session[SESSION_KEY]
    assert "password" not in kept["user"] and "last_login" not in kept["user"]
    assert "placements.view_placement" in kept["group_perms"]


def test_a_new_role_is_seen_on_the_next_request(client, django_user_model):
    user = make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    user.groups.set([Group.objects.get(name=GROUP_NAMES[Role.DEPARTMENT_HR])])
    assert client.get(reverse("staff:dashboard")).status_code == 403
    user.groups.set([Group.objects.get(name=GROUP_NAMES[Role.CSB_VIEWER])])
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_a_group_added_from_the_groups_side_is_seen_on_the_next_request(client, django_user_model):
    user = make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    Group.objects.get(name=GROUP_NAMES[Role.CSB_VIEWER]).user_set.remove(user)
    assert client.get(reverse("staff:dashboard")).status_code == 403


def test_a_new_department_is_seen_on_the_next_request(client, django_user_model):
    epd, lcsd = DepartmentFactory(code="EPD"), DepartmentFactory(code="LCSD")
    user = make_user(django_user_model, "hr", "department_hr", department=epd)
    placement = PlacementFactory(nomination__participant__department=epd)
    url = reverse("staff:placement", args=[placement.pk])
    sign_in(client, "hr")
    assert client.get(url).status_code == 200
    profile = UserProfile.objects.get(user=user)
    profile.department = lcsd
    profile.save()
    assert client.get(url).status_code == 404  # another department's record
    profile.department = epd
    profile.save()
    assert client.get(url).status_code == 200


def test_a_permission_taken_from_a_group_is_seen_on_the_next_request(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    url = reverse("admin:placements_placement_changelist")
    assert client.get(url).status_code == 200
    group = Group.objects.get(name=GROUP_NAMES[Role.CSB_VIEWER])
    group.permissions.remove(Permission.objects.get(codename="view_placement"))
    assert client.get(url).status_code == 403


def test_a_deactivated_account_is_signed_out_at_once(client, django_user_model):
    user = make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    other = django_user_model.objects.get(pk=user.pk)
    other.is_active = False
    other.save()  # another copy of the account saved, as the account admin does
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_password_set_elsewhere_signs_the_session_out(client, django_user_model):
    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    user = django_user_model.objects.get(username="viewer")
    user.set_password("a-new-long-password-2026")
    user.save()
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_lost_version_reads_the_account_again(client, django_user_model):
    officer = make_user(django_user_model, "officer", "participant")
    ParticipantFactory(user=officer)
    sign_in(client, "officer")
    assert client.get(reverse("portal:home")).status_code == 200
    cache.clear()  # Redis restarted or the key evicted: no copy can be trusted
    assert account_reads(client, reverse("portal:home")) != []
    assert account_reads(client, reverse("portal:home")) == []


def test_a_save_by_the_kept_user_keeps_the_password(client, django_user_model):
    """The kept account has no password loaded: a view saving request.user writes only the
    columns it has, never an empty password."""
    from django.test import RequestFactory

    from exchange_portal.kept_sign_in import signed_in_user

    make_user(django_user_model, "viewer", "csb_viewer")
    sign_in(client, "viewer")
    request = RequestFactory().get("/")
    request.session = client.session
    kept = signed_in_user(request)
    assert kept.is_authenticated and kept.get_deferred_fields() >= {"password", "last_login"}
    kept.first_name = "Kept"
    kept.save()
    saved = django_user_model.objects.get(pk=kept.pk)
    assert saved.first_name == "Kept" and saved.check_password(PASSWORD)
