"""Every (from, to) pair of the nomination, placement and report state tables: the allowed ones
succeed through the services with a history row naming the actor; the others are refused with a
message that says which states allow it, and nothing is written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from placements import services
from placements.models import Nomination, Placement, PlacementAmendment, PlacementReport
from placements.workflow import (
    AMENDMENT_WORKFLOW,
    NOMINATION_WORKFLOW,
    PLACEMENT_WORKFLOW,
    REPORT_WORKFLOW,
)
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory
from tests.workflow_matrix import every_transition_from_every_state, expected_pairs

pytestmark = pytest.mark.django_db

N = Nomination.Status
NOMINATION_SOURCES = {
    "shortlist": {N.SUBMITTED},
    "recommend": {N.SHORTLISTED},
    "select": {N.SHORTLISTED, N.RECOMMENDED},
    "reserve": {N.SHORTLISTED, N.RECOMMENDED},
    "offer_place": {N.RESERVE},
    "decline": {N.SUBMITTED, N.SHORTLISTED, N.RECOMMENDED, N.RESERVE},
    "withdraw": {N.SUBMITTED, N.SHORTLISTED, N.RECOMMENDED, N.RESERVE, N.SELECTED},
}
NOMINATION_TARGETS = {
    "shortlist": N.SHORTLISTED,
    "recommend": N.RECOMMENDED,
    "select": N.SELECTED,
    "reserve": N.RESERVE,
    "offer_place": N.SELECTED,
    "decline": N.NOT_SELECTED,
    "withdraw": N.WITHDRAWN,
}
NOMINATION_CALLS = {
    "shortlist": lambda obj, actor: services.nomination_shortlist(nomination=obj, actor=actor),
    "recommend": lambda obj, actor: services.nomination_recommend(
        nomination=obj,
        actor=actor,
        recommended_by="Office of the Commissioner of the Ministry of Foreign Affairs",
        recommended_on=datetime.date(2024, 3, 1),
    ),
    "select": lambda obj, actor: services.nomination_select(nomination=obj, actor=actor),
    "reserve": lambda obj, actor: services.nomination_reserve(nomination=obj, actor=actor),
    "offer_place": lambda obj, actor: services.nomination_offer_place(nomination=obj, actor=actor),
    "decline": lambda obj, actor: services.nomination_decline(
        nomination=obj, actor=actor, reason="Other candidates ranked higher."
    ),
    "withdraw": lambda obj, actor: services.nomination_withdraw(
        nomination=obj, actor=actor, reason="Posting changed."
    ),
}

S = Placement.Status
PLACEMENT_SOURCES = {
    "confirm": {S.PROPOSED},
    "start": {S.CONFIRMED},
    "complete": {S.IN_PROGRESS},
    "withdraw": {S.PROPOSED, S.CONFIRMED, S.IN_PROGRESS},
    "cancel": {S.PROPOSED, S.CONFIRMED, S.IN_PROGRESS},
}
PLACEMENT_TARGETS = {
    "confirm": S.CONFIRMED,
    "start": S.IN_PROGRESS,
    "complete": S.COMPLETED,
    "withdraw": S.WITHDRAWN,
    "cancel": S.CANCELLED,
}
PLACEMENT_CALLS = {
    "confirm": lambda obj, actor: services.placement_confirm(placement=obj, actor=actor),
    "start": lambda obj, actor: services.placement_start(placement=obj, actor=actor),
    "complete": lambda obj, actor: services.placement_complete(placement=obj, actor=actor),
    "withdraw": lambda obj, actor: services.placement_withdraw(
        placement=obj, actor=actor, reason="Family reasons."
    ),
    "cancel": lambda obj, actor: services.placement_cancel(
        placement=obj, actor=actor, reason="Host unit reorganised."
    ),
}

R = PlacementReport.Status
REPORT_SOURCES = {"submit": {R.DRAFT}, "return": {R.SUBMITTED}}
REPORT_TARGETS = {"submit": R.SUBMITTED, "return": R.DRAFT}
REPORT_CALLS = {
    "submit": lambda obj, actor: services.report_submit(report=obj, actor=actor),
    "return": lambda obj, actor: services.report_return(
        report=obj, actor=actor, reason="Please add the host's comments."
    ),
}


def make_nomination(state, transition):
    # The UN JPO-style recommendation step exists only where the programme needs it.
    needs_recommendation = transition == "recommend"
    cohort = CohortFactory(
        programme=ProgrammeFactory(requires_external_recommendation=needs_recommendation)
    )
    extra = {}
    if state == N.RECOMMENDED:
        extra = {"recommended_by": "UN DESA", "recommended_on": datetime.date(2024, 2, 1)}
    if state == N.RESERVE:
        extra = {"reserve_rank": 1}
    return NominationFactory(cohort=cohort, status=state, **extra)


def make_placement(state, transition):
    return PlacementFactory(status=state)


def make_report(state, transition):
    submitted = {"submitted_at": datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)}
    return PlacementReportFactory(
        status=state,
        summary="Three months in Futian.",
        **(submitted if state == R.SUBMITTED else {}),
    )


AM = PlacementAmendment.Status
AMENDMENT_SOURCES = {
    "approve": {AM.REQUESTED},
    "reject": {AM.REQUESTED},
    "withdraw": {AM.REQUESTED},
}
AMENDMENT_TARGETS = {"approve": AM.APPROVED, "reject": AM.REJECTED, "withdraw": AM.WITHDRAWN}
AMENDMENT_CALLS = {
    "approve": lambda obj, actor: services.amendment_approve(amendment=obj, actor=actor),
    "reject": lambda obj, actor: services.amendment_reject(
        amendment=obj, actor=actor, reason="The host cannot extend."
    ),
    "withdraw": lambda obj, actor: services.amendment_withdraw(
        amendment=obj, actor=actor, reason="No longer needed."
    ),
}


def make_amendment(state, transition):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    return PlacementAmendment.objects.create(
        placement=placement,
        new_end_date=placement.end_date + datetime.timedelta(days=30),
        reason="Extension to finish the project.",
        old_start_date=placement.start_date,
        old_end_date=placement.end_date,
        old_host_unit=placement.host_unit,
        status=state,
    )


CASES = {
    "nomination": (
        NOMINATION_WORKFLOW,
        NOMINATION_SOURCES,
        NOMINATION_TARGETS,
        NOMINATION_CALLS,
        make_nomination,
    ),
    "placement": (
        PLACEMENT_WORKFLOW,
        PLACEMENT_SOURCES,
        PLACEMENT_TARGETS,
        PLACEMENT_CALLS,
        make_placement,
    ),
    "report": (REPORT_WORKFLOW, REPORT_SOURCES, REPORT_TARGETS, REPORT_CALLS, make_report),
    "amendment": (
        AMENDMENT_WORKFLOW,
        AMENDMENT_SOURCES,
        AMENDMENT_TARGETS,
        AMENDMENT_CALLS,
        make_amendment,
    ),
}


@pytest.mark.parametrize("model", CASES)
def test_state_table_allows_exactly_the_designed_moves(model):
    workflow, sources, targets, _calls, _make = CASES[model]
    assert workflow.pairs() == expected_pairs(sources, targets)
    everything = {(a, b) for a in workflow.states.values for b in workflow.states.values}
    for source, target in everything - workflow.pairs():
        assert workflow.transition_between(source, target) is None


def run_case(model, transition, state, allowed, actor):
    workflow, _sources, targets, calls, make = CASES[model]
    obj = make(state, transition)
    history_before = obj.history.count()
    if allowed:
        result = calls[transition](obj, actor)
        obj.refresh_from_db()
        assert obj.status == targets[transition] == result.status
        latest = obj.history.first()
        assert obj.history.count() == history_before + 1
        assert latest.history_user == actor
        assert latest.history_change_reason.startswith(transition)
    else:
        with pytest.raises(ValidationError) as refused:
            calls[transition](obj, actor)
        obj.refresh_from_db()
        assert obj.status == state
        assert obj.history.count() == history_before
        message = " ".join(refused.value.messages)
        allowed_labels = [
            str(workflow.states(s).label).lower() for s in workflow[transition].sources
        ]
        assert "possible only when" in message
        assert all(label in message for label in allowed_labels)


@pytest.mark.parametrize(
    ("transition", "state", "allowed"),
    every_transition_from_every_state(NOMINATION_SOURCES, Nomination.Status),
)
def test_nomination_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("nomination", transition, state, allowed, csb_manager)


@pytest.mark.parametrize(
    ("transition", "state", "allowed"),
    every_transition_from_every_state(PLACEMENT_SOURCES, Placement.Status),
)
def test_placement_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("placement", transition, state, allowed, csb_manager)


@pytest.mark.parametrize(
    ("transition", "state", "allowed"),
    every_transition_from_every_state(REPORT_SOURCES, PlacementReport.Status),
)
def test_report_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("report", transition, state, allowed, csb_manager)


@pytest.mark.parametrize(
    ("transition", "state", "allowed"),
    every_transition_from_every_state(AMENDMENT_SOURCES, PlacementAmendment.Status),
)
def test_amendment_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("amendment", transition, state, allowed, csb_manager)


def test_a_user_without_the_permission_cannot_confirm_a_placement(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="a-long-test-password")
    placement = PlacementFactory()
    with pytest.raises(PermissionDenied):
        services.placement_confirm(placement=placement, actor=clerk)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED


def test_withdrawing_without_a_reason_is_refused_naming_the_reason(csb_manager):
    placement = PlacementFactory()
    with pytest.raises(ValidationError) as refused:
        services.placement_withdraw(placement=placement, actor=csb_manager, reason="  ")
    assert "reason" in refused.value.message_dict
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED
