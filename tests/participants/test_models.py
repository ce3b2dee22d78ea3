import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from participants.models import Participant
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory

pytestmark = pytest.mark.django_db


def test_two_officers_cannot_share_a_staff_number():
    first, second = ParticipantFactory(), ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=second.pk).update(staff_number=first.staff_number)


def test_partner_officers_without_staff_numbers_do_not_clash():
    PartnerOfficerFactory.create_batch(3)
    assert Participant.objects.partner_officers().count() == 3


def test_a_hong_kong_officer_without_a_department_is_refused_by_the_database():
    officer = ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=officer.pk).update(department=None)


def test_a_partner_officer_without_a_home_organisation_is_refused_by_the_database():
    officer = PartnerOfficerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=officer.pk).update(home_organisation="")


def test_an_officer_is_named_in_the_readers_language_and_script():
    officer = PartnerOfficerFactory.build(
        name_en="LIU Jianguo",
        name_zh_hant="劉建國",
        name_zh_hans="刘建国",
        home_organisation="Department of Transport of Guangdong Province",
        home_organisation_zh_hant="廣東省交通運輸廳",
        home_organisation_zh_hans="广东省交通运输厅",
    )
    with translation.override("en"):
        assert (str(officer), officer.display_name, officer.other_name) == (
            "LIU Jianguo (劉建國)",
            "LIU Jianguo",
            "劉建國",
        )
        assert officer.affiliation == "Department of Transport of Guangdong Province"
    with translation.override("zh-hant"):
        assert (str(officer), officer.other_name) == ("劉建國 (LIU Jianguo)", "LIU Jianguo")
        assert officer.affiliation == "廣東省交通運輸廳"
    with translation.override("zh-hans"):
        assert (str(officer), officer.display_name) == ("刘建国 (LIU Jianguo)", "刘建国")
        assert officer.affiliation_code == "广东省交通运输厅"
    officer.name_zh_hans = ""  # only one script known: that one, rather than English
    with translation.override("zh-hans"):
        assert officer.display_name == "劉建國"
