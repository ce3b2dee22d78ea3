"""Who may trigger each transition, for every role, and who hears about it in which language.

Every transition of every state table is tried by a user of each role on a record in that
user's reach (their department, their own placement, their unit): only the roles listed here
succeed; the others get PermissionDenied and the record is unchanged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchange_portal.workflow import Workflow
from notifications.models import OutboundEmail
from participants.models import UserProfile
from placements import services as placement_services
from placements.models import Nomination, Placement, PlacementAmendment, PlacementReport
from placements.workflow import (
    AMENDMENT_WORKFLOW,
    NOMINATION_WORKFLOW,
    PLACEMENT_WORKFLOW,
    REPORT_WORKFLOW,
)
from programmes import services as programme_services
from programmes.models import Cohort
from programmes.workflow import AGREEMENT_WORKFLOW, COHORT_WORKFLOW, PROGRAMME_WORKFLOW
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
    cohort_in_state,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PART, HOST, HR, VIEWER, MANAGER = (
    "participant",
    "host_contact",
    "department_hr",
    "csb_viewer",
    "csb_manager",
)
ROLES = [PART, HOST, HR, VIEWER, MANAGER]

# (workflow, transition) → roles that may trigger it on a record in their reach.
ALLOWED = {
    **{
        (NOMINATION_WORKFLOW.model_label, t.name): {MANAGER}
        for t in NOMINATION_WORKFLOW.transitions
    },
    (NOMINATION_WORKFLOW.model_label, "withdraw"): {HR, MANAGER},
    **{(PLACEMENT_WORKFLOW.model_label, t.name): {MANAGER} for t in PLACEMENT_WORKFLOW.transitions},
    **{(AMENDMENT_WORKFLOW.model_label, t.name): {MANAGER} for t in AMENDMENT_WORKFLOW.transitions},
    (REPORT_WORKFLOW.model_label, "submit"): {PART, MANAGER},  # the officer's own report
    (REPORT_WORKFLOW.model_label, "return"): {MANAGER},
    **{(COHORT_WORKFLOW.model_label, t.name): {MANAGER} for t in COHORT_WORKFLOW.transitions},
    **{(PROGRAMME_WORKFLOW.model_label, t.name): {MANAGER} for t in PROGRAMME_WORKFLOW.transitions},
    **{(AGREEMENT_WORKFLOW.model_label, t.name): {MANAGER} for t in AGREEMENT_WORKFLOW.transitions},
}
WORKFLOWS = [
    NOMINATION_WORKFLOW,
    PLACEMENT_WORKFLOW,
    AMENDMENT_WORKFLOW,
    REPORT_WORKFLOW,
    COHORT_WORKFLOW,
    PROGRAMME_WORKFLOW,
    AGREEMENT_WORKFLOW,
]
REASON = {"reason": "Recorded for the test."}
SERVICES = {
    NOMINATION_WORKFLOW.model_label: (
        "nomination",
        {
            "shortlist": (placement_services.nomination_shortlist, {}),
            "recommend": (
                placement_services.nomination_recommend,
                {
                    "recommended_by": "Office of the Commissioner",
                    "recommended_on": datetime.date(2024, 3, 1),
                },
            ),
            "select": (placement_services.nomination_select, {}),
            "reserve": (placement_services.nomination_reserve, {}),
            "offer_place": (placement_services.nomination_offer_place, {}),
            "decline": (placement_services.nomination_decline, REASON),
            "withdraw": (placement_services.nomination_withdraw, REASON),
        },
    ),
    PLACEMENT_WORKFLOW.model_label: (
        "placement",
        {
            "confirm": (placement_services.placement_confirm, {}),
            "start": (placement_services.placement_start, {}),
            "complete": (placement_services.placement_complete, {}),
            "withdraw": (placement_services.placement_withdraw, REASON),
            "cancel": (placement_services.placement_cancel, REASON),
        },
    ),
    AMENDMENT_WORKFLOW.model_label: (
        "amendment",
        {
            "approve": (placement_services.amendment_approve, {}),
            "reject": (placement_services.amendment_reject, REASON),
            "withdraw": (placement_services.amendment_withdraw, REASON),
        },
    ),
    REPORT_WORKFLOW.model_label: (
        "report",
        {
            "submit": (placement_services.report_submit, {}),
            "return": (placement_services.report_return, REASON),
        },
    ),
    COHORT_WORKFLOW.model_label: (
        "cohort",
        {
            "open_nominations": (
                programme_services.cohort_open_nominations,
                {"closes_at": timezone.now() + datetime.timedelta(days=30)},
            ),
            "start_selection": (programme_services.cohort_start_selection, {}),
            "confirm": (programme_services.cohort_confirm, {}),
            "start": (programme_services.cohort_start, {}),
            "complete": (programme_services.cohort_complete, {}),
            "cancel": (programme_services.cohort_cancel, REASON),
        },
    ),
    PROGRAMME_WORKFLOW.model_label: (
        "programme",
        {
            "activate": (programme_services.programme_activate, {}),
            "suspend": (programme_services.programme_suspend, REASON),
            "resume": (programme_services.programme_resume, {}),
            "close": (programme_services.programme_close, REASON),
        },
    ),
    AGREEMENT_WORKFLOW.model_label: (
        "agreement",
        {
            "bring_into_force": (programme_services.agreement_bring_into_force, {}),
            "expire": (programme_services.agreement_expire, {}),
            "terminate": (programme_services.agreement_terminate, REASON),
        },
    ),
}


@pytest.fixture
def people(django_user_model):
    department = DepartmentFactory(code="EPD")
    users = {role: make_user(django_user_model, role.replace("_", "."), role) for role in ROLES}
    UserProfile.objects.create(user=users[HR], department=department)
    officer = ParticipantFactory(department=department, user=users[PART])
    unit = HostUnitFactory()
    unit.contacts.add(users[HOST])
    return {"users": users, "officer": officer, "unit": unit}


def record_in_reach(workflow: Workflow, source: str, people):
    """A record of `workflow`'s model in `source` state, belonging to everyone's reach."""
    officer, unit = people["officer"], people["unit"]
    if workflow is NOMINATION_WORKFLOW:
        extra = {"reserve_rank": 1} if source == "reserve" else {}
        if source == "recommended":
            extra = {"recommended_by": "UN", "recommended_on": datetime.date(2024, 1, 1)}
        programme = ProgrammeFactory(requires_external_recommendation=True)
        return NominationFactory(
            participant=officer,
            status=source,
            cohort=CohortFactory(programme=programme),
            **extra,
        )
    if workflow is PLACEMENT_WORKFLOW:
        return PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer),
            host_unit=unit,
            status=source,
        )
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )
    if workflow is AMENDMENT_WORKFLOW:
        return PlacementAmendment.objects.create(
            placement=placement,
            new_end_date=placement.end_date + datetime.timedelta(days=7),
            reason="Extension",
            old_start_date=placement.start_date,
            old_end_date=placement.end_date,
            old_host_unit=unit,
            status=source,
        )
    if workflow is REPORT_WORKFLOW:
        submitted = {"submitted_at": timezone.now()} if source == "submitted" else {}
        return PlacementReportFactory(
            placement=placement, status=source, summary="Done.", **submitted
        )
    if workflow is COHORT_WORKFLOW:
        return cohort_in_state(source)
    if workflow is PROGRAMME_WORKFLOW:
        return ProgrammeFactory(status=source)
    return PartnerAgreementFactory(status=source)


CASES = [
    pytest.param(
        workflow, transition.name, role, id=f"{workflow.model_label}-{transition.name}-{role}"
    )
    for workflow in WORKFLOWS
    for transition in workflow.transitions
    for role in ROLES
]


@pytest.mark.parametrize(("workflow", "transition", "role"), CASES)
def test_only_the_listed_roles_may_trigger_each_transition(workflow, transition, role, people):
    source = sorted(workflow[transition].sources)[0]
    record = record_in_reach(workflow, source, people)
    keyword, calls = SERVICES[workflow.model_label]
    service, inputs = calls[transition]
    actor = people["users"][role]
    if role in ALLOWED[(workflow.model_label, transition)]:
        service(**{keyword: record}, actor=actor, **inputs)
        record.refresh_from_db()
        assert record.status == workflow[transition].target
        assert record.history.first().history_user == actor
    else:
        history = record.history.count()
        with pytest.raises(PermissionDenied):
            service(**{keyword: record}, actor=actor, **inputs)
        record.refresh_from_db()
        assert record.status == source
        assert record.history.count() == history


def test_the_table_covers_every_transition():
    assert {(w.model_label, t.name) for w in WORKFLOWS for t in w.transitions} == set(ALLOWED)


def test_a_host_contact_submits_the_hosts_feedback_but_not_the_officers_report(people):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=people["officer"]),
        host_unit=people["unit"],
        status=Placement.Status.COMPLETED,
    )
    host_report = PlacementReportFactory(placement=placement, author_role="host", summary="Good.")
    officer_report = PlacementReportFactory(placement=placement, summary="Mine.")
    host = people["users"][HOST]
    placement_services.report_submit(report=host_report, actor=host)
    with pytest.raises(PermissionDenied):
        placement_services.report_submit(report=officer_report, actor=host)
    assert PlacementReport.objects.get(pk=officer_report.pk).status == "draft"


def test_hr_cannot_withdraw_another_departments_nomination(people):
    theirs = NominationFactory(participant=ParticipantFactory())
    with pytest.raises(PermissionDenied):
        placement_services.nomination_withdraw(
            nomination=theirs, actor=people["users"][HR], reason="Not ours."
        )
    assert Nomination.objects.get(pk=theirs.pk).status == "submitted"


def test_confirmation_mail_goes_to_officer_hr_and_host_each_in_their_language(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    users = people["users"]
    UserProfile.objects.create(user=users[PART], language="zh-hant")
    UserProfile.objects.update_or_create(user=users[HOST], defaults={"language": "zh-hans"})
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=people["officer"]),
        host_unit=people["unit"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        placement_services.placement_confirm(placement=placement, actor=users[MANAGER])
    queued = {
        (e.to_email, e.language) for e in OutboundEmail.objects.filter(event="placement_confirmed")
    }
    assert queued == {
        (people["officer"].email, "zh-hant"),
        (users[HR].email, "en"),
        (users[HOST].email, "zh-hans"),
    }
    assert all(e.status == "sent" for e in OutboundEmail.objects.all())
    assert len(mailoutbox) == 3
    assert placement.reference_code in mailoutbox[0].body


def test_a_refused_transition_queues_no_mail(people):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=people["officer"]),
        status=Placement.Status.WITHDRAWN,
    )
    with pytest.raises(ValidationError):
        placement_services.placement_confirm(placement=placement, actor=people["users"][MANAGER])
    assert not OutboundEmail.objects.exists()


def test_opening_a_call_tells_every_departments_hr(people, django_user_model):
    other_hr = make_user(django_user_model, "hr.td", HR)
    UserProfile.objects.create(user=other_hr, department=DepartmentFactory(code="TD"))
    cohort = CohortFactory()
    programme_services.cohort_open_nominations(
        cohort=cohort,
        actor=people["users"][MANAGER],
        closes_at=timezone.now() + datetime.timedelta(days=21),
    )
    recipients = set(
        OutboundEmail.objects.filter(event="call_opened").values_list("to_email", flat=True)
    )
    assert recipients == {people["users"][HR].email, other_hr.email}
    assert Cohort.objects.get(pk=cohort.pk).status == "nominations_open"
