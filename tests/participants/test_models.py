import pytest
from django.db import IntegrityError, transaction

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
