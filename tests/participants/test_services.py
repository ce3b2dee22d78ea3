import pytest
from django.core.exceptions import ValidationError

from participants.models import Participant
from participants.services import participant_save
from tests.participants.factories import DepartmentFactory, GradeFactory

pytestmark = pytest.mark.django_db


def test_a_new_officer_is_saved_with_the_staff_member_in_the_history(csb_manager):
    officer = participant_save(
        participant=Participant(),
        actor=csb_manager,
        name_en="LEUNG Wing-yan",
        name_zh_hant="梁詠欣",
        email="wy.leung@epd.gov.hk",
        department=DepartmentFactory(code="EPD"),
        grade=GradeFactory(code="EPO"),
        rank_level="middle",
        staff_number="S1234567",
    )
    assert officer.pk
    assert officer.history.first().history_user == csb_manager


def test_a_hong_kong_officer_without_a_department_gets_a_field_error(csb_manager):
    with pytest.raises(ValidationError) as refused:
        participant_save(
            participant=Participant(),
            actor=csb_manager,
            name_en="WONG Siu-ming",
            email="sm.wong@example.gov.hk",
        )
    assert "department" in refused.value.message_dict
    assert not Participant.objects.exists()


def test_a_partner_officer_needs_a_home_organisation_and_no_staff_number(csb_manager):
    with pytest.raises(ValidationError) as refused:
        participant_save(
            participant=Participant(),
            actor=csb_manager,
            name_en="ZHANG Wei",
            email="zhang.wei@example.cn",
            origin="partner",
        )
    assert "home_organisation" in refused.value.message_dict
    with pytest.raises(ValidationError):
        participant_save(
            participant=Participant(),
            actor=csb_manager,
            name_en="ZHANG Wei",
            email="zhang.wei@example.cn",
            origin="partner",
            home_organisation="Shenzhen",
            staff_number="S7654321",
        )


def test_a_form_cannot_link_an_officer_to_a_sign_in_account(csb_manager):
    officer = participant_save(
        participant=Participant(),
        actor=csb_manager,
        name_en="HO Ka-lok",
        email="kl.ho@example.gov.hk",
        department=DepartmentFactory(),
        user=csb_manager,
    )
    assert officer.user is None
