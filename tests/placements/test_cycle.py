"""The programme cycle: who may be nominated, reserve lists, quotas, amendments, and the steps
the calendar takes."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from placements import services
from placements.models import Nomination, Placement, PlacementAmendment, PlacementReport
from programmes.models import Cohort
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, CohortQuotaFactory, OpenCohortFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


# Who may be nominated ------------------------------------------------------------------------


def test_an_officer_of_a_grade_the_call_excludes_is_refused_naming_the_grades(csb_manager):
    cohort = OpenCohortFactory()
    cohort.eligible_grades.set([GradeFactory(code="AO"), GradeFactory(code="EO")])
    officer = ParticipantFactory(grade=GradeFactory(code="TO"))
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(cohort=cohort, participant=officer, actor=csb_manager)
    message = refused.value.message_dict["participant"][0]
    assert "AO, EO" in message and "grades" in message
    assert not Nomination.objects.exists()


def test_an_officer_of_a_rank_level_the_call_excludes_is_refused(csb_manager):
    cohort = OpenCohortFactory(eligible_rank_levels=["middle", "senior"])
    junior = ParticipantFactory(rank_level="junior")
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(cohort=cohort, participant=junior, actor=csb_manager)
    message = refused.value.message_dict["participant"][0]
    assert "middle or senior" in message and "junior" in message
    senior = ParticipantFactory(rank_level="senior")
    assert services.nomination_create(cohort=cohort, participant=senior, actor=csb_manager)


def test_an_officer_away_on_another_placement_then_is_refused_naming_it(csb_manager):
    busy = PlacementFactory(status=Placement.Status.CONFIRMED)
    cohort = OpenCohortFactory(start_date=busy.start_date + 10 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(cohort=cohort, participant=busy.participant, actor=csb_manager)
    assert busy.reference_code in refused.value.message_dict["participant"][0]


# Reserve list and vacated places -------------------------------------------------------------


def test_candidates_join_the_reserve_list_in_order(csb_manager):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    first, second = NominationFactory.create_batch(2, cohort=cohort, status="shortlisted")
    services.nomination_reserve(nomination=first, actor=csb_manager)
    services.nomination_reserve(nomination=second, actor=csb_manager)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reserve_rank) == ("reserve", 1)
    assert (second.status, second.reserve_rank) == ("reserve", 2)


def test_when_a_confirmed_officer_withdraws_the_first_reserve_is_offered_the_place(
    csb_manager,
):
    cohort = CohortFactory(places=1)
    leaving = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    second = NominationFactory(cohort=cohort, status="reserve", reserve_rank=2)
    first = NominationFactory(cohort=cohort, status="reserve", reserve_rank=1)
    services.placement_withdraw(placement=leaving, actor=csb_manager, reason="Posted abroad.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Nomination.Status.SELECTED
    assert leaving.reference_code in first.status_reason
    assert second.status == Nomination.Status.RESERVE
    assert first.history.first().history_user == csb_manager


def test_withdrawing_a_proposal_that_held_no_place_offers_nothing(csb_manager):
    cohort = CohortFactory()
    proposal = PlacementFactory(nomination=SelectedNominationFactory(cohort=cohort))
    waiting = NominationFactory(cohort=cohort, status="reserve", reserve_rank=1)
    services.placement_withdraw(placement=proposal, actor=csb_manager, reason="Changed plan.")
    waiting.refresh_from_db()
    assert waiting.status == Nomination.Status.RESERVE


def test_a_department_quota_caps_its_confirmed_places(csb_manager):
    epd = DepartmentFactory(code="EPD")
    cohort = CohortFactory(places=5)
    CohortQuotaFactory(cohort=cohort, department=epd, places=1)
    PlacementFactory(
        nomination=SelectedNominationFactory(
            cohort=cohort, participant=ParticipantFactory(department=epd)
        ),
        status=Placement.Status.CONFIRMED,
    )
    second = PlacementFactory(
        nomination=SelectedNominationFactory(
            cohort=cohort, participant=ParticipantFactory(department=epd)
        )
    )
    with pytest.raises(ValidationError) as refused:
        services.placement_confirm(placement=second, actor=csb_manager)
    assert "EPD has used all 1 of its places" in refused.value.messages[0]
    other = PlacementFactory(nomination=SelectedNominationFactory(cohort=cohort))
    assert services.placement_confirm(placement=other, actor=csb_manager).status == "confirmed"


# Amendments ----------------------------------------------------------------------------------


@pytest.fixture
def approver(django_user_model):
    """A second CSB manager: whoever asks for an amendment does not decide it."""
    return django_user_model.objects.create_superuser(
        username="csb.approver", email="approver@csb.gov.hk", password="a-long-test-password"
    )


def test_an_approved_extension_moves_the_end_date_and_keeps_the_history(csb_manager, approver):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    new_end = placement.end_date + 30 * DAY
    amendment = services.amendment_request(
        placement=placement,
        actor=csb_manager,
        reason="Extended by the host.",
        new_end_date=new_end,
    )
    placement.refresh_from_db()
    assert placement.end_date != new_end  # nothing changes before approval
    services.amendment_approve(amendment=amendment, actor=approver)
    placement.refresh_from_db()
    amendment.refresh_from_db()
    assert placement.end_date == new_end
    assert placement.version == 2
    assert amendment.status == PlacementAmendment.Status.APPROVED
    assert (amendment.old_end_date, amendment.new_end_date) == (new_end - 30 * DAY, new_end)
    assert "amendment" in placement.history.first().history_change_reason


def test_an_extension_into_another_placement_is_refused_at_approval(csb_manager, approver):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    later_cohort = CohortFactory(start_date=placement.end_date + 10 * DAY)
    later = PlacementFactory(
        nomination=SelectedNominationFactory(
            participant=placement.participant, cohort=later_cohort
        ),
        status=Placement.Status.CONFIRMED,
    )
    amendment = services.amendment_request(
        placement=placement,
        actor=csb_manager,
        reason="Longer.",
        new_end_date=placement.end_date + 30 * DAY,
    )
    with pytest.raises(ValidationError) as refused:
        services.amendment_approve(amendment=amendment, actor=approver)
    assert later.reference_code in " ".join(refused.value.messages)
    amendment.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.REQUESTED


def test_a_move_to_a_full_unit_is_refused_at_approval(csb_manager, approver):
    full = HostUnitFactory(capacity=1)
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    PlacementFactory(
        host_unit=full,
        status=Placement.Status.CONFIRMED,
        nomination=SelectedNominationFactory(cohort=placement.cohort),
    )
    amendment = services.amendment_request(
        placement=placement, actor=csb_manager, reason="Move.", new_host_unit=full
    )
    with pytest.raises(ValidationError) as refused:
        services.amendment_approve(amendment=amendment, actor=approver)
    assert "is full for these dates" in refused.value.messages[0]


def test_an_amendment_that_changes_nothing_is_refused(csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    with pytest.raises(ValidationError):
        services.amendment_request(
            placement=placement, actor=csb_manager, reason="x", new_end_date=placement.end_date
        )


def test_only_one_amendment_waits_at_a_time(csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    services.amendment_request(
        placement=placement,
        actor=csb_manager,
        reason="x",
        new_end_date=placement.end_date + DAY,
    )
    with pytest.raises(ValidationError) as refused:
        services.amendment_request(
            placement=placement,
            actor=csb_manager,
            reason="y",
            new_end_date=placement.end_date + 2 * DAY,
        )
    assert "already has an amendment" in refused.value.messages[0]


# The calendar ------------------------------------------------------------------------------


def run_daily(today):
    call_command("advance_placements", date=today.isoformat(), stdout=io.StringIO())


def snapshot():
    return (
        sorted(Placement.objects.values_list("pk", "status")),
        sorted(Cohort.objects.values_list("pk", "status")),
        sorted(PlacementReport.objects.values_list("placement_id", "author_role", "due_on")),
    )


def test_the_daily_command_starts_and_finishes_placements_by_date(settings):
    settings.PLACEMENT_REPORT_DUE_DAYS = 30
    cohort = CohortFactory(status=Cohort.Status.CONFIRMED)
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    run_daily(cohort.start_date - DAY)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    run_daily(cohort.start_date)
    placement.refresh_from_db()
    cohort.refresh_from_db()
    assert placement.status == Placement.Status.IN_PROGRESS
    assert cohort.status == Cohort.Status.IN_PROGRESS
    run_daily(cohort.end_date + DAY)
    placement.refresh_from_db()
    cohort.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED
    assert cohort.status == Cohort.Status.COMPLETED
    assert placement.reports.count() == 2
    assert placement.history.first().history_user is None  # done by the system


def test_running_the_daily_command_twice_changes_nothing_more():
    cohort = CohortFactory(status=Cohort.Status.CONFIRMED)
    PlacementFactory.create_batch(3, nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    run_daily(cohort.end_date + DAY)
    once = snapshot()
    history = Placement.history.count()
    run_daily(cohort.end_date + DAY)
    assert snapshot() == once
    assert Placement.history.count() == history


def test_after_missed_days_the_daily_command_catches_up():
    cohort = CohortFactory(status=Cohort.Status.CONFIRMED)
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    run_daily(cohort.end_date + 10 * DAY)  # never ran during the placement
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED


def test_a_call_closes_for_selection_when_its_window_ends():
    cohort = OpenCohortFactory(
        nominations_open_at=timezone.now() - 10 * DAY,
        nominations_close_at=timezone.now() - DAY,
    )
    run_daily(timezone.localdate())
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION
