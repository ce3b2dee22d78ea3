"""Erasure of a named officer on request (docs/privacy.md, "Erasure on request"): the officer's
name, e-mail address, staff number and the rest of their personal data go from every table and
every history row; the erasure is in the audit trail; the public and staff figures do not move;
an officer still taking part is refused with a message naming what runs."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from operations.erasure import erase_officer
from participants.models import Participant
from placements.models import Placement
from placements.selectors import placement_for_enquiry
from tests.conftest import can_sign_in, make_user
from tests.operations.test_retention import (
    occurrences,
    officer_with_placement,
    page_text,
)
from tests.placements.factories import PlacementFactory, SelectedNominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "erasing.manager", "csb_manager")


@pytest.fixture
def canary(django_user_model):
    # A placement that ended last year: well inside every retention period.
    end = datetime.date.today() - datetime.timedelta(days=200)
    return officer_with_placement(django_user_model, "ERASEME", end)


def test_the_officers_personal_data_is_gone_from_every_table_and_history_row(manager, canary):
    officer, placement = canary
    code, staff_number, phone = placement.reference_code, officer.staff_number, officer.phone
    assert occurrences("ERASEME") and occurrences(staff_number)

    erase_officer(participant=officer, actor=manager, reason="CSB/PDPO/2026/17")

    assert occurrences("ERASEME") == []
    assert occurrences(staff_number) == []
    assert occurrences(phone) == []
    assert occurrences(code) == []
    assert placement_for_enquiry(code) is None
    assert not can_sign_in("eraseme.account", "a-long-test-password")
    officer.refresh_from_db()
    assert officer.name_en == f"Anonymised officer {officer.pk}"
    assert officer.date_of_birth is None and officer.user_id is None
    # The figures' part stays: the placement, its status, dates, cohort and host unit.
    kept = Placement.objects.get(pk=placement.pk)
    assert (kept.status, kept.end_date, kept.host_unit_id, kept.cohort_id) == (
        placement.status,
        placement.end_date,
        placement.host_unit_id,
        placement.cohort_id,
    )
    # The audit trail says who erased and on which request; nothing of what was erased.
    latest = officer.history.first()
    assert latest.history_change_reason == "Erased on request (CSB/PDPO/2026/17)"
    assert latest.history_user == manager


def test_an_officer_still_taking_part_is_refused_and_nothing_changes(manager):
    running = PlacementFactory(
        nomination=SelectedNominationFactory(participant__name_en="STILLHERE Officer"),
        status=Placement.Status.CONFIRMED,
    )
    with pytest.raises(ValidationError) as refused:
        erase_officer(participant=running.participant, actor=manager, reason="REF-1")
    assert running.reference_code in str(refused.value)
    assert "withdraw or finish that first" in str(refused.value)
    assert Participant.objects.filter(name_en="STILLHERE Officer").exists()


def test_only_those_with_the_right_may_erase(canary, django_user_model):
    officer, _placement = canary
    coordinator = make_user(django_user_model, "erasing.coordinator", "programme_coordinator")
    with pytest.raises(PermissionDenied):
        erase_officer(participant=officer, actor=coordinator, reason="REF-2")
    assert occurrences("ERASEME")


def test_the_request_reference_is_required_and_a_second_erasure_is_refused(manager, canary):
    officer, _placement = canary
    with pytest.raises(ValidationError) as refused:
        erase_officer(participant=officer, actor=manager, reason="  ")
    assert "reason" in refused.value.message_dict
    erase_officer(participant=officer, actor=manager, reason="REF-3")
    with pytest.raises(ValidationError, match="already erased"):
        erase_officer(participant=officer, actor=manager, reason="REF-3")


def test_a_manager_erases_from_the_officers_page(client, manager, canary):
    officer, _placement = canary
    client.force_login(manager)
    page = client.get(reverse("staff:officer", args=[officer.pk]))
    erase_url = reverse("staff:officer_erase", args=[officer.pk])
    assert erase_url in page.text

    unconfirmed = client.post(erase_url, {"reason": "CSB/PDPO/2026/18"})
    assert unconfirmed.status_code == 200
    assert "This field is required." in unconfirmed.text  # the confirmation box
    assert occurrences("ERASEME")

    done = client.post(erase_url, {"reason": "CSB/PDPO/2026/18", "confirm": "on"}, follow=True)
    assert "personal data is erased" in done.text
    assert f"Anonymised officer {officer.pk}" in done.text
    assert erase_url not in done.text  # nothing left to erase
    assert occurrences("ERASEME") == []


def test_the_figures_are_the_same_after_an_erasure(client, manager, django_user_model):
    call_command("load_demo_data", stdout=StringIO())
    viewer = make_user(django_user_model, "erasure.viewer", "csb_viewer")
    finished = (
        Participant.objects.filter(placements__status=Placement.Status.COMPLETED)
        .exclude(placements__status__in=["proposed", "confirmed", "in_progress"])
        .exclude(nominations__status__in=["submitted", "shortlisted", "recommended", "reserve"])
        .distinct()
    )
    officers = list(finished[:3])
    assert officers, "the demo data has officers whose placements are over"

    def figures():
        from django.core.cache import cache

        cache.clear()
        client.logout()
        public_page = page_text(client, reverse("public:figures"))
        client.force_login(viewer)
        return public_page, page_text(client, reverse("staff:figures"))

    before = figures()
    for officer in officers:
        erase_officer(participant=officer, actor=manager, reason="REF-DEMO")
    assert figures() == before


def test_a_record_merged_into_the_officer_is_erased_from_its_history_too(manager, canary):
    """One person recorded twice, then merged: the erased officer's data is gone from the
    history the merged-away record left behind (and from the admin log naming it)."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from operations.merge import participant_merge
    from tests.participants.factories import ParticipantFactory

    officer, _placement = canary
    twin = ParticipantFactory(
        department=officer.department,
        name_en="TWINRECORD Tai-man",
        email="twinrecord@example.gov.hk",
        phone="2999 7777",
        staff_number="",
    )
    LogEntry.objects.create(
        user=manager,
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(twin.pk),
        object_repr="TWINRECORD Tai-man",
        action_flag=CHANGE,
    )
    twin_pk = twin.pk
    participant_merge(keep=officer, remove=twin, actor=manager, reason="same person")
    assert Participant.history.filter(id=twin_pk, name_en__startswith="TWINRECORD").exists()

    erase_officer(participant=officer, actor=manager, reason="CSB/PDPO/2026/18")

    assert occurrences("TWINRECORD") == []
    assert occurrences("twinrecord@") == []
    assert occurrences("2999 7777") == []
    # Its history stays (one row per change), anonymised.
    assert Participant.history.filter(id=twin_pk).count() >= 2
