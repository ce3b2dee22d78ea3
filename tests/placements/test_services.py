"""The rules that protect places and people's dates, checked by the services on any database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements import services
from placements.models import Nomination, Placement, PlacementReport
from programmes.models import Cohort, Direction
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_nominating_an_officer_records_who_submitted_it(csb_manager):
    cohort = OpenCohortFactory()
    officer = ParticipantFactory()
    nomination = services.nomination_create(
        cohort=cohort, participant=officer, actor=csb_manager, statement="Strong on transport."
    )
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.nominating_department == officer.department
    assert nomination.history.first().history_user == csb_manager


def test_a_late_nomination_is_refused_with_the_closing_time(csb_manager):
    closed_at = timezone.now() - datetime.timedelta(minutes=5)
    cohort = OpenCohortFactory(
        nominations_open_at=closed_at - datetime.timedelta(days=14),
        nominations_close_at=closed_at,
    )
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            cohort=cohort, participant=ParticipantFactory(), actor=csb_manager
        )
    assert "closed at" in refused.value.message_dict["cohort"][0]
    assert str(timezone.localtime(closed_at).year) in refused.value.message_dict["cohort"][0]
    assert not Nomination.objects.exists()


def test_nominating_for_a_cohort_that_is_not_open_is_refused(csb_manager):
    cohort = CohortFactory(status=Cohort.Status.PLANNED)
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            cohort=cohort, participant=ParticipantFactory(), actor=csb_manager
        )
    assert "not open for nominations" in refused.value.message_dict["cohort"][0]


def test_nominating_the_same_officer_twice_names_the_officer(csb_manager):
    nomination = NominationFactory(cohort=OpenCohortFactory())
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            cohort=nomination.cohort, participant=nomination.participant, actor=csb_manager
        )
    assert nomination.participant.name_en in refused.value.message_dict["participant"][0]
    assert Nomination.objects.count() == 1


def test_a_department_cannot_nominate_another_departments_officer(csb_manager):
    officer = ParticipantFactory()
    other = ParticipantFactory().department
    with pytest.raises(ValidationError):
        services.nomination_create(
            cohort=OpenCohortFactory(),
            participant=officer,
            actor=csb_manager,
            nominating_department=other,
        )


def test_partner_officers_join_only_inbound_batches(csb_manager):
    guest = PartnerOfficerFactory()
    with pytest.raises(ValidationError):
        services.nomination_create(
            cohort=OpenCohortFactory(direction=Direction.OUTBOUND),
            participant=guest,
            actor=csb_manager,
        )
    nomination = services.nomination_create(
        cohort=OpenCohortFactory(direction=Direction.INBOUND),
        participant=guest,
        actor=csb_manager,
    )
    assert nomination.nominating_department is None


def test_un_jpo_candidates_are_selected_only_after_the_recommendation(csb_manager):
    jpo = ProgrammeFactory(requires_external_recommendation=True)
    nomination = NominationFactory(
        cohort=CohortFactory(programme=jpo), status=Nomination.Status.SHORTLISTED
    )
    with pytest.raises(ValidationError) as refused:
        services.nomination_select(nomination=nomination, actor=csb_manager)
    assert "recommendation" in refused.value.messages[0]

    services.nomination_recommend(
        nomination=nomination,
        actor=csb_manager,
        recommended_by="Office of the Commissioner of the Ministry of Foreign Affairs",
        recommended_on=datetime.date(2024, 3, 1),
    )
    selected = services.nomination_select(nomination=nomination, actor=csb_manager)
    assert selected.status == Nomination.Status.SELECTED
    assert selected.recommended_by.startswith("Office of the Commissioner")


def test_a_proposed_placement_takes_the_cohort_dates_and_a_reference_code(csb_manager):
    nomination = SelectedNominationFactory()
    area = FocusAreaFactory(code="transport")
    placement = services.placement_create(
        nomination=nomination,
        host_unit=HostUnitFactory(),
        actor=csb_manager,
        role_title="Special Assistant",
        focus_areas=[area],
    )
    assert (placement.start_date, placement.end_date) == (
        nomination.cohort.start_date,
        nomination.cohort.end_date,
    )
    assert placement.participant == nomination.participant
    assert placement.reference_code.startswith("EX-")
    assert list(placement.focus_areas.all()) == [area]


def test_only_a_selected_nomination_can_be_placed(csb_manager):
    nomination = NominationFactory(status=Nomination.Status.SHORTLISTED)
    with pytest.raises(ValidationError) as refused:
        services.placement_create(
            nomination=nomination, host_unit=HostUnitFactory(), actor=csb_manager
        )
    assert "nomination" in refused.value.message_dict


def test_overlapping_dates_are_refused_naming_the_clashing_placement(csb_manager):
    officer = ParticipantFactory()
    first = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.CONFIRMED,
    )
    later = CohortFactory(start_date=first.end_date - datetime.timedelta(days=10))
    nomination = SelectedNominationFactory(participant=officer, cohort=later)
    with pytest.raises(ValidationError) as refused:
        services.placement_create(
            nomination=nomination, host_unit=HostUnitFactory(), actor=csb_manager
        )
    message = refused.value.message_dict["start_date"][0]
    assert first.reference_code in message
    assert first.host_unit.name_en in message
    assert Placement.objects.filter(participant=officer).count() == 1


def test_a_withdrawn_placement_frees_the_officers_dates(csb_manager):
    officer = ParticipantFactory()
    first = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.WITHDRAWN,
    )
    again = SelectedNominationFactory(
        participant=officer, cohort=CohortFactory(start_date=first.start_date)
    )
    placement = services.placement_create(
        nomination=again, host_unit=HostUnitFactory(), actor=csb_manager
    )
    assert placement.start_date == first.start_date


def test_confirming_beyond_the_cohorts_places_is_refused(csb_manager):
    cohort = CohortFactory(places=1)
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    second = PlacementFactory(nomination=SelectedNominationFactory(cohort=cohort))
    with pytest.raises(ValidationError) as refused:
        services.placement_confirm(placement=second, actor=csb_manager)
    assert "All 1 places" in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == Placement.Status.PROPOSED


def test_confirming_beyond_a_host_units_capacity_is_refused(csb_manager):
    unit = HostUnitFactory(capacity=1)
    cohort = CohortFactory(places=5)
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort),
        host_unit=unit,
        status=Placement.Status.IN_PROGRESS,
    )
    second = PlacementFactory(nomination=SelectedNominationFactory(cohort=cohort), host_unit=unit)
    with pytest.raises(ValidationError) as refused:
        services.placement_confirm(placement=second, actor=csb_manager)
    assert "is full for these dates" in refused.value.messages[0]


def test_completing_a_placement_opens_both_reports_due_after_the_end(csb_manager, settings):
    settings.PLACEMENT_REPORT_DUE_DAYS = 30
    placement = PlacementFactory(status=Placement.Status.IN_PROGRESS)
    services.placement_complete(placement=placement, actor=csb_manager)
    reports = PlacementReport.objects.filter(placement=placement)
    assert {r.author_role for r in reports} == {"participant", "host"}
    assert {r.due_on for r in reports} == {placement.end_date + datetime.timedelta(days=30)}


def test_withdrawing_a_selected_nomination_withdraws_its_placement(csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    services.nomination_withdraw(
        nomination=placement.nomination, actor=csb_manager, reason="Promoted; cannot go."
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.WITHDRAWN
    assert placement.status_reason == "Promoted; cannot go."


def test_confirmed_placement_dates_change_only_by_amendment(csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    with pytest.raises(ValidationError):
        services.placement_update(
            placement=placement,
            actor=csb_manager,
            end_date=placement.end_date + datetime.timedelta(days=30),
        )
    updated = services.placement_update(
        placement=placement,
        actor=csb_manager,
        duties="Support the Deputy Head.",
        status="completed",
    )
    assert updated.duties == "Support the Deputy Head."
    assert updated.status == Placement.Status.CONFIRMED
    assert updated.version == placement.version + 1


def test_a_report_cannot_be_submitted_empty(csb_manager):
    placement = PlacementFactory(status=Placement.Status.COMPLETED)
    report = PlacementReport.objects.create(
        placement=placement, author_role="participant", due_on=placement.end_date
    )
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, actor=csb_manager)
    assert "summary" in refused.value.message_dict
