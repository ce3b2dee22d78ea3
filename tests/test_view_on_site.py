"""The admin's "view on site" redirect (/admin/r/<content type>/<id>/) follows the same scope
as every other admin page: an object the user may not see there is a 404, not a redirect that
says it exists and where it lives."""

import pytest
from django.contrib.contenttypes.models import ContentType

from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD")


@pytest.fixture
def icac():
    return DepartmentFactory(code="ICAC")


@pytest.fixture
def as_hr(client, django_user_model, epd):
    user = make_user(django_user_model, "hr.epd", "department_hr")
    UserProfile.objects.create(user=user, department=epd)
    client.force_login(user)
    return client


def view_on_site(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_hr_is_sent_on_for_an_officer_of_their_own_department(as_hr, epd):
    response = as_hr.get(view_on_site(ParticipantFactory(department=epd)))
    assert response.status_code == 302


def test_another_departments_officer_is_a_404_for_hr(as_hr, icac):
    response = as_hr.get(view_on_site(ParticipantFactory(department=icac)))
    assert response.status_code == 404


def test_an_id_that_is_no_key_is_a_404(as_hr, epd):
    officer = ParticipantFactory(department=epd)
    ct = ContentType.objects.get_for_model(officer).pk
    assert as_hr.get(f"/admin/r/{ct}/not-a-number/").status_code == 404
    assert as_hr.get(f"/admin/r/{ct}/99999999999999999999999/").status_code == 404


def test_a_model_outside_the_admin_is_a_404(as_hr, epd):
    from axes.models import AccessLog

    log = AccessLog.objects.create(user_agent="x", ip_address="127.0.0.1", path_info="/")
    assert as_hr.get(view_on_site(log)).status_code == 404


def test_csb_staff_see_every_departments_officer(client, django_user_model, icac):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    assert client.get(view_on_site(ParticipantFactory(department=icac))).status_code == 302
