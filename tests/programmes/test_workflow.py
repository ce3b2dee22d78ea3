"""Every (from, to) pair of the programme, agreement and cohort state tables."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes import services
from programmes.models import Cohort, PartnerAgreement, Programme
from programmes.workflow import AGREEMENT_WORKFLOW, COHORT_WORKFLOW, PROGRAMME_WORKFLOW
from tests.placements.factories import cohort_in_state
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory
from tests.workflow_matrix import every_transition_from_every_state, expected_pairs

pytestmark = pytest.mark.django_db

P = Programme.Status
PROGRAMME_SOURCES = {
    "activate": {P.PLANNING},
    "suspend": {P.ACTIVE},
    "resume": {P.SUSPENDED},
    "close": {P.PLANNING, P.ACTIVE, P.SUSPENDED},
}
PROGRAMME_TARGETS = {
    "activate": P.ACTIVE,
    "suspend": P.SUSPENDED,
    "resume": P.ACTIVE,
    "close": P.CLOSED,
}
PROGRAMME_CALLS = {
    "activate": lambda o, a: services.programme_activate(programme=o, actor=a),
    "suspend": lambda o, a: services.programme_suspend(
        programme=o, actor=a, reason="Suspended during the epidemic."
    ),
    "resume": lambda o, a: services.programme_resume(programme=o, actor=a),
    "close": lambda o, a: services.programme_close(programme=o, actor=a, reason="Replaced."),
}

A = PartnerAgreement.Status
AGREEMENT_SOURCES = {
    "bring_into_force": {A.DRAFT},
    "expire": {A.IN_FORCE},
    "terminate": {A.DRAFT, A.IN_FORCE},
}
AGREEMENT_TARGETS = {
    "bring_into_force": A.IN_FORCE,
    "expire": A.EXPIRED,
    "terminate": A.TERMINATED,
}
AGREEMENT_CALLS = {
    "bring_into_force": lambda o, a: services.agreement_bring_into_force(agreement=o, actor=a),
    "expire": lambda o, a: services.agreement_expire(agreement=o, actor=a),
    "terminate": lambda o, a: services.agreement_terminate(
        agreement=o, actor=a, reason="Superseded by a wider agreement."
    ),
}

C = Cohort.Status
COHORT_SOURCES = {
    "open_nominations": {C.PLANNED},
    "start_selection": {C.NOMINATIONS_OPEN},
    "confirm": {C.SELECTION},
    "start": {C.CONFIRMED},
    "complete": {C.IN_PROGRESS},
    "cancel": {C.PLANNED, C.NOMINATIONS_OPEN, C.SELECTION, C.CONFIRMED},
}
COHORT_TARGETS = {
    "open_nominations": C.NOMINATIONS_OPEN,
    "start_selection": C.SELECTION,
    "confirm": C.CONFIRMED,
    "start": C.IN_PROGRESS,
    "complete": C.COMPLETED,
    "cancel": C.CANCELLED,
}
COHORT_CALLS = {
    "open_nominations": lambda o, a: services.cohort_open_nominations(
        cohort=o, actor=a, closes_at=timezone.now() + datetime.timedelta(days=21)
    ),
    "start_selection": lambda o, a: services.cohort_start_selection(cohort=o, actor=a),
    "confirm": lambda o, a: services.cohort_confirm(cohort=o, actor=a),
    "start": lambda o, a: services.cohort_start(cohort=o, actor=a),
    "complete": lambda o, a: services.cohort_complete(cohort=o, actor=a),
    "cancel": lambda o, a: services.cohort_cancel(cohort=o, actor=a, reason="No host found."),
}

CASES = {
    "programme": (
        PROGRAMME_WORKFLOW,
        PROGRAMME_SOURCES,
        PROGRAMME_TARGETS,
        PROGRAMME_CALLS,
        lambda state: ProgrammeFactory(status=state),
    ),
    "agreement": (
        AGREEMENT_WORKFLOW,
        AGREEMENT_SOURCES,
        AGREEMENT_TARGETS,
        AGREEMENT_CALLS,
        lambda state: PartnerAgreementFactory(status=state),
    ),
    "cohort": (
        COHORT_WORKFLOW,
        COHORT_SOURCES,
        COHORT_TARGETS,
        COHORT_CALLS,
        lambda state: cohort_in_state(state),
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
    _workflow, _sources, targets, calls, make = CASES[model]
    obj = make(state)
    history_before = obj.history.count()
    if allowed:
        calls[transition](obj, actor)
        obj.refresh_from_db()
        assert obj.status == targets[transition]
        assert obj.history.count() == history_before + 1
        assert obj.history.first().history_user == actor
    else:
        with pytest.raises(ValidationError) as refused:
            calls[transition](obj, actor)
        obj.refresh_from_db()
        assert obj.status == state
        assert obj.history.count() == history_before
        assert "possible only when" in " ".join(refused.value.messages)


def matrix(sources, states):
    return pytest.mark.parametrize(
        ("transition", "state", "allowed"), every_transition_from_every_state(sources, states)
    )


@matrix(PROGRAMME_SOURCES, Programme.Status)
def test_programme_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("programme", transition, state, allowed, csb_manager)


@matrix(AGREEMENT_SOURCES, PartnerAgreement.Status)
def test_agreement_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("agreement", transition, state, allowed, csb_manager)


@matrix(COHORT_SOURCES, Cohort.Status)
def test_cohort_transition_from_each_state(transition, state, allowed, csb_manager):
    run_case("cohort", transition, state, allowed, csb_manager)


def test_suspending_a_programme_keeps_the_reason_staff_gave(csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    services.programme_suspend(
        programme=programme, actor=csb_manager, reason="Suspended during the epidemic."
    )
    programme.refresh_from_db()
    assert programme.status_reason == "Suspended during the epidemic."


def test_opening_a_call_whose_closing_time_has_passed_is_refused(csb_manager):
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as refused:
        services.cohort_open_nominations(
            cohort=cohort,
            actor=csb_manager,
            closes_at=timezone.now() - datetime.timedelta(hours=1),
        )
    assert "nominations_close_at" in refused.value.message_dict
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED


def test_an_agreement_cannot_come_into_force_unsigned(csb_manager):
    agreement = PartnerAgreementFactory(status=PartnerAgreement.Status.DRAFT, signed_on=None)
    with pytest.raises(ValidationError) as refused:
        services.agreement_bring_into_force(agreement=agreement, actor=csb_manager)
    assert "signed_on" in refused.value.message_dict


def test_a_cohort_cannot_run_under_another_programmes_agreement(csb_manager):
    cohort = CohortFactory()
    foreign = PartnerAgreementFactory()
    with pytest.raises(ValidationError) as refused:
        services.cohort_save(cohort=cohort, actor=csb_manager, agreement=foreign)
    assert "agreement" in refused.value.message_dict


def test_saving_a_cohort_cannot_set_its_status(csb_manager):
    cohort = CohortFactory()
    services.cohort_save(cohort=cohort, actor=csb_manager, status="completed", places=12)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED
    assert cohort.places == 12
