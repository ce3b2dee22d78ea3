"""Merging two records of one officer (issue 17, decision 0042): CSB managers only; every
nomination, placement, the account and the mail move; the kept record's blanks are filled; both
histories stay; what would break a rule is refused with what to do."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.models import OutboundEmail
from operations.merge import participant_merge
from participants.models import Participant
from placements.models import Nomination, Placement
from tests.conftest import make_user
from tests.notifications.factories import OutboundEmailFactory
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import NominationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def twice(epd):
    """One officer recorded twice: with a staff number, and without one but with a phone."""
    keep = ParticipantFactory(
        department=epd, name_en="CHAN Tai-man", email="tm.chan@epd.gov.hk", phone=""
    )
    remove = ParticipantFactory(
        department=epd,
        name_en="Chan Tai Man",
        email="TM.CHAN@epd.gov.hk",
        phone="2835 1234",
        staff_number="",
        date_of_birth=datetime.date(1988, 3, 4),
    )
    return keep, remove


def test_a_merge_moves_every_nomination_placement_and_mail_and_fills_the_blanks(
    manager, twice, django_user_model
):
    keep, remove = twice
    account = make_user(django_user_model, "tm.chan", "participant")
    remove.user = account
    remove.save()
    placement = PlacementFactory(nomination=NominationFactory(participant=remove))
    other_nomination = NominationFactory(participant=remove)
    mail = OutboundEmailFactory(
        content_type=ContentType.objects.get_for_model(Participant), object_id=remove.pk
    )

    kept = participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")

    assert not Participant.objects.filter(pk=remove.pk).exists()
    assert set(Nomination.objects.values_list("participant", flat=True)) == {keep.pk}
    assert Placement.objects.get(pk=placement.pk).participant == kept
    assert Nomination.objects.get(pk=other_nomination.pk).participant == kept
    assert OutboundEmail.objects.get(pk=mail.pk).object_id == keep.pk
    kept.refresh_from_db()
    assert kept.user == account
    assert kept.phone == "2835 1234"
    assert kept.date_of_birth == datetime.date(1988, 3, 4)
    assert kept.name_en == "CHAN Tai-man"  # recorded on the kept record: kept


def test_both_histories_stay_and_each_names_the_other_record(manager, twice):
    keep, remove = twice
    removed_pk = remove.pk
    rows_before = Participant.history.filter(id=removed_pk).count()

    participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")

    removed_rows = Participant.history.filter(id=removed_pk).order_by("history_date")
    assert removed_rows.count() == rows_before + 1
    deletion = removed_rows.last()
    assert deletion.history_type == "-"
    assert deletion.history_user == manager
    assert deletion.history_change_reason == f"merged into #{keep.pk}: same e-mail"
    latest = Participant.history.filter(id=keep.pk).latest("history_date")
    assert latest.history_change_reason == f"merged with #{removed_pk}: same e-mail"
    assert latest.history_user == manager


def test_moved_nominations_and_placements_say_so_in_their_history(manager, twice):
    keep, remove = twice
    placement = PlacementFactory(nomination=NominationFactory(participant=remove))
    participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")
    row = placement.history.latest("history_date")
    assert row.participant_id == keep.pk
    assert row.history_change_reason == f"merged from officer #{remove.pk}"
    assert placement.nomination.history.latest("history_date").participant_id == keep.pk


def test_two_nominations_to_the_same_cohort_refuse_the_merge(manager, twice):
    keep, remove = twice
    kept_nomination = NominationFactory(participant=keep)
    NominationFactory(participant=remove, cohort=kept_nomination.cohort)
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")
    assert "Both records are nominated to" in refused.value.messages[0]
    assert Participant.objects.filter(pk=remove.pk).exists()


def test_overlapping_live_placements_refuse_the_merge(manager, twice):
    keep, remove = twice
    PlacementFactory(nomination=NominationFactory(participant=keep))
    clash = PlacementFactory(nomination=NominationFactory(participant=remove))
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")
    assert f"Placements {clash.reference_code} and" in refused.value.messages[0]
    assert Placement.objects.get(pk=clash.pk).participant_id == remove.pk


def test_two_sign_in_accounts_refuse_the_merge(manager, twice, django_user_model):
    keep, remove = twice
    keep.user = make_user(django_user_model, "one", "participant")
    keep.save()
    remove.user = make_user(django_user_model, "two", "participant")
    remove.save()
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")
    assert "Both records have a sign-in account" in refused.value.messages[0]


def test_different_staff_numbers_refuse_the_merge(manager, epd):
    keep = ParticipantFactory(department=epd, staff_number="S1")
    remove = ParticipantFactory(department=epd, staff_number="S2")
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, actor=manager, reason="same e-mail")
    assert "different staff numbers (S1 and S2)" in refused.value.messages[0]


def test_only_a_csb_manager_may_merge(django_user_model, twice, epd):
    keep, remove = twice
    hr = make_user(django_user_model, "hr", "department_hr", department=epd)
    with pytest.raises(PermissionDenied):
        participant_merge(keep=keep, remove=remove, actor=hr, reason="same e-mail")


def test_a_merge_needs_a_reason(manager, twice):
    keep, remove = twice
    with pytest.raises(ValidationError) as refused:
        participant_merge(keep=keep, remove=remove, actor=manager, reason=" ")
    assert refused.value.message_dict["reason"] == ["Say why these are one person's records."]


# The page ---------------------------------------------------------------------------------------


def test_the_merge_page_offers_the_likely_match_and_compares_the_two(client, manager, twice):
    keep, remove = twice
    placement = PlacementFactory(nomination=NominationFactory(participant=remove))
    client.force_login(manager)
    url = reverse("staff:officer_merge", args=[keep.pk])

    page = client.get(url).content.decode()
    assert f'href="?other={remove.pk}"' in page

    page = client.get(url, {"other": remove.pk}).content.decode()
    assert "2835 1234" in page and "fills this record" in page
    assert f"Placement {placement.reference_code}" in page
    assert "Merge the two records" in page


def test_the_merge_page_merges_on_confirmation_and_returns_to_the_kept_record(
    client, manager, twice
):
    keep, remove = twice
    client.force_login(manager)
    response = client.post(
        reverse("staff:officer_merge", args=[keep.pk]),
        {"other": remove.pk, "reason": "same e-mail", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == keep.get_staff_url()
    assert not Participant.objects.filter(pk=remove.pk).exists()


def test_the_merge_page_shows_a_refusal_and_offers_no_merge(client, manager, twice):
    keep, remove = twice
    kept_nomination = NominationFactory(participant=keep)
    NominationFactory(participant=remove, cohort=kept_nomination.cohort)
    client.force_login(manager)
    page = client.get(reverse("staff:officer_merge", args=[keep.pk]), {"other": remove.pk})
    text = page.content.decode()
    assert "These records cannot be merged yet" in text
    assert "Merge the two records" not in text


def test_the_officer_page_links_to_the_merge_only_for_a_manager(
    client, manager, twice, django_user_model
):
    keep, _remove = twice
    client.force_login(manager)
    assert (
        reverse("staff:officer_merge", args=[keep.pk])
        in client.get(keep.get_staff_url()).content.decode()
    )
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    client.force_login(viewer)
    assert "/merge/" not in client.get(keep.get_staff_url()).content.decode()
    assert client.get(reverse("staff:officer_merge", args=[keep.pk])).status_code == 403


def test_a_record_out_of_reach_is_a_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("staff:officer_merge", args=[999999])).status_code == 404


def test_the_merge_page_compares_every_field_people_edit_and_the_account(client, manager, twice):
    """One list of the officer's editable fields (Participant.EDITABLE_FIELDS) drives the merge
    page and the API: a field added to the officer and not to it fails here."""
    from api.serializers import PARTICIPANT_FIELDS

    keep, remove = twice
    editable = {f.name for f in Participant._meta.concrete_fields if f.editable}
    assert editable - {"id", "user"} == set(Participant.EDITABLE_FIELDS)
    assert set(PARTICIPANT_FIELDS) < set(Participant.EDITABLE_FIELDS)
    client.force_login(manager)
    page = client.get(reverse("staff:officer_merge", args=[keep.pk]), {"other": remove.pk})
    labels = [str(row["label"]) for row in page.context["rows"]]
    expected = [
        str(Participant._meta.get_field(name).verbose_name)
        for name in (*Participant.EDITABLE_FIELDS, "user")
    ]
    assert labels == expected
