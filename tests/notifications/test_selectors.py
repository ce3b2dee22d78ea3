"""Who receives the portal's mail."""

import pytest

from notifications.selectors import (
    Recipient,
    recipient_for_participant,
    recipient_for_user,
    recipients_for_csb,
    recipients_for_department_hr,
    recipients_for_host_unit,
)
from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import HostUnitFactory

pytestmark = pytest.mark.django_db


def emails(recipients):
    return [r.email for r in recipients]


def test_department_hr_mail_goes_only_to_that_departments_active_hr_officers(
    django_user_model, department
):
    other = DepartmentFactory(code="HYD")
    ours = make_user(django_user_model, "hr.epd", "department_hr", first_name="Mei", last_name="HO")
    UserProfile.objects.create(user=ours, department=department, language="zh-hant")
    theirs = make_user(django_user_model, "hr.hyd", "department_hr")
    UserProfile.objects.create(user=theirs, department=other)
    gone = make_user(django_user_model, "hr.left", "department_hr", is_active=False)
    UserProfile.objects.create(user=gone, department=department)
    no_address = make_user(django_user_model, "hr.noaddress", "department_hr")
    no_address.email = ""
    no_address.save()
    UserProfile.objects.create(user=no_address, department=department)
    viewer = make_user(django_user_model, "csb.viewer", "csb_viewer")
    UserProfile.objects.create(user=viewer, department=department)

    assert recipients_for_department_hr(department) == [
        Recipient(email="hr.epd@example.gov.hk", name="Mei HO", language="zh-hant")
    ]
    assert emails(recipients_for_department_hr(other)) == ["hr.hyd@example.gov.hk"]


def test_csb_mail_goes_to_the_active_programme_managers_only(django_user_model):
    make_user(django_user_model, "manager.one", "csb_manager")
    make_user(django_user_model, "manager.gone", "csb_manager", is_active=False)
    make_user(django_user_model, "viewer.one", "csb_viewer")

    assert emails(recipients_for_csb()) == ["manager.one@example.gov.hk"]


def test_host_unit_mail_goes_to_its_active_contact_accounts(django_user_model):
    unit = HostUnitFactory(contact_name="LAM Host", contact_email="lam.host@example.cn")
    contact = make_user(django_user_model, "host.contact", "host_contact")
    unit.contacts.add(contact, make_user(django_user_model, "host.gone", "host_contact"))
    django_user_model.objects.filter(username="host.gone").update(is_active=False)

    assert emails(recipients_for_host_unit(unit)) == ["host.contact@example.gov.hk"]


def test_a_host_unit_without_contact_accounts_is_written_to_at_its_contact_address():
    unit = HostUnitFactory(contact_name="LAM Host", contact_email="lam.host@example.cn")

    assert recipients_for_host_unit(unit) == [
        Recipient(email="lam.host@example.cn", name="LAM Host", language="en")
    ]
    assert recipients_for_host_unit(HostUnitFactory(contact_email="")) == []


def test_an_officer_is_written_to_at_the_address_on_their_record_in_their_accounts_language(
    django_user_model,
):
    user = make_user(django_user_model, "kwok.account", "participant")
    UserProfile.objects.create(user=user, language="zh-hant")
    officer = ParticipantFactory(
        name_en="KWOK Siu-ming",
        name_zh_hant="郭小明",
        email="new.address@example.gov.hk",
        user=user,
    )

    assert recipient_for_participant(officer) == Recipient(
        email="new.address@example.gov.hk", name="郭小明", language="zh-hant"
    )


def test_an_officer_without_an_account_is_written_to_in_english():
    officer = ParticipantFactory(name_en="KWOK Siu-ming", email="kwok@example.gov.hk")

    assert recipient_for_participant(officer) == Recipient(
        email="kwok@example.gov.hk", name="KWOK Siu-ming", language="en"
    )


def test_an_account_without_a_profile_gets_english_and_a_disabled_one_gets_nothing(
    django_user_model,
):
    user = make_user(django_user_model, "no.profile", "csb_manager")

    assert recipient_for_user(user) == Recipient(
        email="no.profile@example.gov.hk", name="no.profile", language="en"
    )
    user.is_active = False
    assert recipient_for_user(user) is None


def test_a_language_the_portal_does_not_have_falls_back_to_english():
    assert Recipient(email="a@example.hk", language="fr").language == "en"
    assert Recipient(email="a@example.hk", name="CHAN\nTai-man").name == "CHAN Tai-man"
