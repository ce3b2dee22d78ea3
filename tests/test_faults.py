"""An exception after the first write of a service leaves the database as it was.

Every service is run once to count its writes (INSERT, UPDATE, DELETE; a history row and a
queued e-mail count too), then once more for each later write, with that write made to raise.
After each failed run every table holds the same rows with the same content (a checksum per
table). The services come from the apps themselves: every transition of every state table (the
*_SERVICES maps) and every public function of the service modules, so a new service fails
`test_every_service_is_covered` until it has a case here."""

from __future__ import annotations

import datetime
import hashlib
import inspect
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

import notifications.services
import operations.erasure
import operations.merge
import participants.services
import placements.services
import placements.services.daily
import programmes.services
from notifications.models import OutboundEmail
from notifications.selectors import Recipient
from participants.models import Language, Participant, PartnerGovernment
from placements.models import Nomination, Placement, PlacementReport, follow_up_due_on
from placements.workflow import (
    AMENDMENT_WORKFLOW,
    NOMINATION_WORKFLOW,
    PLACEMENT_WORKFLOW,
    REPORT_WORKFLOW,
)
from programmes.models import Direction, DocumentRequirement, ProgrammeSuspension
from programmes.workflow import AGREEMENT_WORKFLOW, COHORT_WORKFLOW, PROGRAMME_WORKFLOW
from tests.notifications.factories import OutboundEmailFactory
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    NominationFactory,
    PlacementCostFactory,
    PlacementFactory,
    PlacementReportFactory,
    ReturnFollowUpFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import (
    BudgetFactory,
    CohortFactory,
    CohortQuotaFactory,
    DocumentRequirementFactory,
    OpenCohortFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
    small_pdf,
)
from tests.test_transitions_by_role import HR, MANAGER, people, record_in_reach  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):  # noqa: F811 (the fixture imported above)
    """Users of every role, an officer and a host unit, all in each other's reach."""
    return people


WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(Exception):
    """Raised in place of a write, as a crash between two writes would interrupt a service."""


def _is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(WRITES)


@contextmanager
def writes_counted(fail_at: int | None = None):
    """Count the writes sent to the database; raise InjectedFault instead of write `fail_at`."""
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if _is_write(sql):
            seen.append(sql)
            if len(seen) == fail_at:
                raise InjectedFault(f"write {fail_at}: {sql[:120]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def database_state() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the content of every table."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def count_writes(call: Callable) -> int:
    """Run `call` and undo it; how many writes it made."""
    with transaction.atomic():
        with writes_counted() as seen:
            call()
        transaction.set_rollback(True)
    return len(seen)


def assert_each_later_write_failing_changes_nothing(prepare: Callable[[], Callable]) -> int:
    """`prepare()` sets up the records and returns the call to make. Returns the write count."""
    writes = count_writes(prepare())
    assert writes >= 1, "the service wrote nothing"
    for fail_at in range(2, writes + 1):
        call = prepare()
        before = database_state()
        with writes_counted(fail_at=fail_at), pytest.raises(InjectedFault):
            call()
        after = database_state()
        changed = sorted(t for t in before if before[t] != after.get(t))
        assert not changed, f"failing at write {fail_at} of {writes} left changes in {changed}"
    return writes


# Transitions: every row of every state table, from every source state ------------------------

TRANSITION_TABLES = [
    (NOMINATION_WORKFLOW, "nomination", placements.services.NOMINATION_SERVICES),
    (PLACEMENT_WORKFLOW, "placement", placements.services.PLACEMENT_SERVICES),
    (AMENDMENT_WORKFLOW, "amendment", placements.services.AMENDMENT_SERVICES),
    (REPORT_WORKFLOW, "report", placements.services.REPORT_SERVICES),
    (PROGRAMME_WORKFLOW, "programme", programmes.services.PROGRAMME_SERVICES),
    (AGREEMENT_WORKFLOW, "agreement", programmes.services.AGREEMENT_SERVICES),
    (COHORT_WORKFLOW, "cohort", programmes.services.COHORT_SERVICES),
]
EXTRA_INPUTS = {
    ("placements.Nomination", "recommend"): {
        "recommended_by": "Office of the Commissioner",
        "recommended_on": datetime.date(2024, 3, 1),
    },
    ("programmes.Cohort", "open_nominations"): {
        "closes_at": timezone.now() + datetime.timedelta(days=30)
    },
}


def inputs_for(workflow, name, service) -> dict:
    extra = dict(EXTRA_INPUTS.get((workflow.model_label, name), {}))
    if "reason" in inspect.signature(service).parameters:
        extra["reason"] = "Injected-fault test."
    return extra


@pytest.mark.parametrize(
    ("workflow", "keyword", "name", "service"),
    [
        pytest.param(w, k, name, service, id=f"{w.model_label}-{name}")
        for w, k, services in TRANSITION_TABLES
        for name, service in services.items()
    ],
)
def test_a_transition_failing_after_its_first_write_changes_nothing(
    workflow, keyword, name, service, world
):
    actor = world["users"][MANAGER]
    ran = []
    for source in sorted(workflow[name].sources):

        def prepare(source=source):
            record = record_in_reach(workflow, source, with_fresh_officer(world))
            inputs = inputs_for(workflow, name, service)
            return lambda: service(**{keyword: record}, actor=actor, **inputs)

        try:
            count_writes(prepare())
        except (ValidationError, PermissionDenied):
            continue  # a guard refuses this source for the test's record: nothing to inject
        ran.append(assert_each_later_write_failing_changes_nothing(prepare))
    assert ran, f"{workflow.model_label}.{name} never ran from any source state"


# Everything else the service modules offer ----------------------------------------------------


def with_fresh_officer(p):
    """`p` with an officer of the same department who has no placement yet (each run of a
    case sets up its own records; one officer's placements would overlap)."""
    return {**p, "officer": ParticipantFactory(department=p["officer"].department)}


def _withdraw_confirmed_with_reserve(p, actor, via_nomination: bool):
    officer, unit = with_fresh_officer(p)["officer"], p["unit"]
    cohort = CohortFactory()
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )
    NominationFactory(cohort=cohort, status=Nomination.Status.RESERVE, reserve_rank=1)
    if via_nomination:
        return lambda: placements.services.nomination_withdraw(
            nomination=placement.nomination, actor=actor, reason="Posted elsewhere."
        )
    return lambda: placements.services.placement_withdraw(
        placement=placement, actor=actor, reason="Posted elsewhere."
    )


def _completed_report(p, **extra):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=with_fresh_officer(p)["officer"]),
        host_unit=p["unit"],
        status=Placement.Status.COMPLETED,
    )
    return PlacementReportFactory(placement=placement, **extra)


def _confirmed(p, **extra):
    return PlacementFactory(
        nomination=SelectedNominationFactory(participant=with_fresh_officer(p)["officer"]),
        host_unit=p["unit"],
        status=Placement.Status.CONFIRMED,
        **extra,
    )


COST_FIELDS = {
    "category": "travel",
    "kind": "planned",
    "currency": "CNY",
    "amount": Decimal("2345.67"),
    "rate_to_hkd": Decimal("1.083456"),
    "rate_date": datetime.date(2024, 5, 2),
    "incurred_on": datetime.date(2024, 6, 1),
}


# name → prepare(people, actor), which sets up records and returns the call. A name's first
# word is the service; several cases may test one service.
CASES: dict[str, Callable] = {}


def case(name: str):
    def register(prepare):
        CASES[name] = prepare
        return prepare

    return register


@case("erase_officer")
def _(p, a):
    officer = ParticipantFactory(name_en="Erased On-request")
    PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer, statement="Why."),
        status=Placement.Status.COMPLETED,
    )
    OutboundEmailFactory(to_email=officer.email)
    return lambda: operations.erasure.erase_officer(
        participant=officer, actor=a, reason="CSB/PDPO/1"
    )


@case("participant_merge")
def _(p, a):
    keep = ParticipantFactory(phone="")
    remove = ParticipantFactory(staff_number="", phone="2111", email=keep.email.upper())
    PlacementFactory(nomination=SelectedNominationFactory(participant=remove))
    NominationFactory(participant=remove)
    OutboundEmailFactory(
        content_type=ContentType.objects.get_for_model(Participant), object_id=remove.pk
    )
    return lambda: operations.merge.participant_merge(
        keep=keep, remove=remove, actor=a, reason="same e-mail"
    )


@case("cohort_message_send to officers, HR and hosts")
def _(p, a):
    from placements.audiences import message_plan
    from placements.models import Audience

    placement = _confirmed(p)
    SelectedNominationFactory(cohort=placement.cohort)
    audiences = [Audience.OFFICERS, Audience.HR, Audience.HOSTS]
    texts = {"subject_en": "Briefing", "body_en": "Come at ten."}
    key = message_plan(placement.cohort, audiences=audiences, **texts).key
    return lambda: placements.services.cohort_message_send(
        cohort=placement.cohort, actor=a, audiences=audiences, preview_key=key, **texts
    )


@case("nomination_create")
def _(p, a):
    cohort, officer = OpenCohortFactory(), ParticipantFactory()
    return lambda: placements.services.nomination_create(
        cohort=cohort, participant=officer, actor=a
    )


@case("nomination_update")
def _(p, a):
    nomination = NominationFactory(participant=p["officer"])
    return lambda: placements.services.nomination_update(
        nomination=nomination, actor=a, rank=2, statement="Revised."
    )


@case("nomination_preferences_set (replacing two preferences)")
def _(p, a):
    from placements.models import NominationPreference
    from tests.placements.factories import HostUnitFactory

    nomination = NominationFactory(
        participant=p["officer"], cohort=OpenCohortFactory(takes_host_preferences=True)
    )
    first, second, third = HostUnitFactory(), HostUnitFactory(), HostUnitFactory()
    NominationPreference.objects.create(nomination=nomination, host_unit=first, rank=1)
    NominationPreference.objects.create(nomination=nomination, host_unit=second, rank=2)
    return lambda: placements.services.nomination_preferences_set(
        nomination=nomination, actor=a, host_preferences=[second, third, first]
    )


@case("nomination_create with host preferences")
def _(p, a):
    from tests.placements.factories import HostUnitFactory

    cohort = OpenCohortFactory(takes_host_preferences=True)
    units = [HostUnitFactory(), HostUnitFactory()]
    officer = ParticipantFactory()
    return lambda: placements.services.nomination_create(
        cohort=cohort, participant=officer, actor=a, host_preferences=units
    )


@case("nomination_withdraw with a confirmed placement and a reserve list")
def _(p, a):
    return _withdraw_confirmed_with_reserve(p, a, via_nomination=True)


@case("placement_withdraw of a confirmed place with a reserve list")
def _(p, a):
    return _withdraw_confirmed_with_reserve(p, a, via_nomination=False)


@case("offer_vacated_place")
def _(p, a):
    vacated = _confirmed(p)
    NominationFactory(cohort=vacated.cohort, status=Nomination.Status.RESERVE, reserve_rank=1)
    return lambda: placements.services.offer_vacated_place(
        cohort_id=vacated.cohort_id, actor=a, vacated=vacated
    )


@case("placement_create")
def _(p, a):
    officer = with_fresh_officer(p)["officer"]
    nomination, area = SelectedNominationFactory(participant=officer), FocusAreaFactory()
    return lambda: placements.services.placement_create(
        nomination=nomination, host_unit=p["unit"], actor=a, focus_areas=[area]
    )


@case("placement_update")
def _(p, a):
    placement, area = _confirmed(p), FocusAreaFactory()
    return lambda: placements.services.placement_update(
        placement=placement, actor=a, role_title="Policy Adviser", focus_areas=[area]
    )


@case("amendment_request")
def _(p, a):
    placement = _confirmed(p)
    return lambda: placements.services.amendment_request(
        placement=placement,
        actor=a,
        reason="Extension",
        new_end_date=placement.end_date + datetime.timedelta(days=14),
    )


def _jpo_running(p, **schedule):
    """A running one-year UN JPO placement whose programme asks for yearly reviews."""
    cohort = CohortFactory(
        programme=ProgrammeFactory(yearly_review_writers="both", **schedule),
        start_date=datetime.date(2030, 1, 1),
        end_date=datetime.date(2030, 12, 31),
    )
    return PlacementFactory(
        nomination=SelectedNominationFactory(
            participant=with_fresh_officer(p)["officer"], cohort=cohort
        ),
        host_unit=p["unit"],
        status=Placement.Status.IN_PROGRESS,
    )


@case("checkins_open")
def _(p, a):
    placement = _jpo_running(p, midpoint_checkin_writers="both")
    return lambda: placements.services.checkins_open(
        placement=placement, today=datetime.date(2030, 11, 15)
    )


@case("renewal_decide renewing, with its amendment")
def _(p, a):
    placement = _jpo_running(p)
    placements.services.checkins_open(placement=placement, today=datetime.date(2030, 11, 15))
    return lambda: placements.services.renewal_decide(
        placement=placement, actor=a, outcome="renew", months=12, reason="Second year."
    )


@case("report_save")
def _(p, a):
    report = _completed_report(p)
    return lambda: placements.services.report_save(report=report, actor=a, summary="Draft.")


@case("report_write submitting with the final text")
def _(p, a):
    report = _completed_report(p)
    return lambda: placements.services.report_write(
        report=report, actor=a, submit=True, summary="Final.", recommendations="More."
    )


@case("programme_save")
def _(p, a):
    programme = ProgrammeFactory()
    return lambda: programmes.services.programme_save(
        programme=programme, actor=a, name_en="Renamed"
    )


@case("programme_save with a suspension added and one removed")
def _(p, a):
    programme = ProgrammeFactory()
    mistaken = ProgrammeSuspension.objects.create(
        programme=programme, starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 2, 1)
    )
    return lambda: programmes.services.programme_save(
        programme=programme,
        actor=a,
        name_en="Renamed",
        suspensions=[
            (mistaken, None),
            (ProgrammeSuspension(), {"starts_on": datetime.date(2020, 1, 1), "reason": "Epidemic"}),
        ],
    )


@case("programme_suspensions_save")
def _(p, a):
    programme = ProgrammeFactory()
    period = ProgrammeSuspension.objects.create(
        programme=programme, starts_on=datetime.date(2020, 1, 1)
    )
    return lambda: programmes.services.programme_suspensions_save(
        programme=programme,
        actor=a,
        changes=[
            (period, {"ends_on": datetime.date(2022, 12, 31)}),
            (ProgrammeSuspension(), {"starts_on": datetime.date(2024, 1, 1)}),
        ],
    )


@case("budget_save")
def _(p, a):
    budget = BudgetFactory()
    return lambda: programmes.services.budget_save(
        budget=budget, actor=a, amount_hkd=Decimal("250000.00")
    )


@case("cost_record")
def _(p, a):
    placement = _confirmed(p)
    return lambda: placements.services.cost_record(placement=placement, actor=a, **COST_FIELDS)


@case("cost_record over the budget, approved")
def _(p, a):
    placement = _confirmed(p)
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("1.00"))
    return lambda: placements.services.cost_record(
        placement=placement,
        actor=a,
        approve_over_budget=True,
        over_budget_reason="Injected-fault test.",
        **COST_FIELDS,
    )


@case("cost_update")
def _(p, a):
    cost = PlacementCostFactory(placement=_confirmed(p))
    return lambda: placements.services.cost_update(
        cost, actor=a, kind="actual", amount=Decimal("5432.10")
    )


@case("cost_delete")
def _(p, a):
    cost = PlacementCostFactory(placement=_confirmed(p))
    return lambda: placements.services.cost_delete(cost, actor=a)


@case("suspension_save")
def _(p, a):
    period = ProgrammeSuspension.objects.create(
        programme=ProgrammeFactory(), starts_on=datetime.date(2020, 1, 1)
    )
    return lambda: programmes.services.suspension_save(
        suspension=period, actor=a, ends_on=datetime.date(2022, 12, 31), reason="Epidemic"
    )


@case("suspension_delete")
def _(p, a):
    period = ProgrammeSuspension.objects.create(
        programme=ProgrammeFactory(), starts_on=datetime.date(2020, 1, 1)
    )
    return lambda: programmes.services.suspension_delete(suspension=period, actor=a)


@case("agreement_save")
def _(p, a):
    agreement = PartnerAgreementFactory()
    return lambda: programmes.services.agreement_save(
        agreement=agreement, actor=a, title_en="Renamed"
    )


@case("cohort_save")
def _(p, a):
    cohort = CohortFactory()
    return lambda: programmes.services.cohort_save(cohort=cohort, actor=a, name="Renamed")


@case("cohort_save with quotas, grades and its call opened")
def _(p, a):
    cohort = CohortFactory(
        nominations_close_at=timezone.now() + datetime.timedelta(days=7),
    )
    CohortQuotaFactory(cohort=cohort)
    department = DepartmentFactory(code="FAULT-Q")
    grade = GradeFactory()
    return lambda: programmes.services.cohort_save(
        cohort=cohort,
        actor=a,
        name="Renamed",
        eligible_grades=[grade],
        quotas=[(department, 2)],
        open_call=True,
    )


def _awaiting_host(p):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=with_fresh_officer(p)["officer"]),
        host_unit=p["unit"],
        status=Placement.Status.PROPOSED,
    )
    placement.host_response = Placement.HostResponse.AWAITING
    placement.save(update_fields=["host_response"])
    return placement


@case("accept_placement")
def _(p, a):
    placement = _awaiting_host(p)
    return lambda: placements.services.accept_placement(placement, a)


@case("decline_placement")
def _(p, a):
    placement = _awaiting_host(p)
    return lambda: placements.services.decline_placement(placement, a, "No desk free.")


@case("partner_officer_put_forward (finds or saves, then nominates)")
def _(p, a):
    partner, _ = PartnerGovernment.objects.get_or_create(code="FAULT-GD", name_en="Guangdong")
    agreement = PartnerAgreementFactory(partner=partner)
    cohort = OpenCohortFactory(
        programme=agreement.programme, agreement=agreement, direction=Direction.INBOUND
    )
    return lambda: placements.services.partner_officer_put_forward(
        cohort=cohort,
        partner=partner,
        actor=a,
        name_en="LI Ming",
        email="li.ming@example.gd.cn",
        home_organisation="Futian District Government",
    )


@case("participant_save")
def _(p, a):
    officer = ParticipantFactory()
    return lambda: participants.services.participant_save(
        participant=officer, actor=a, rank="Chief Executive Officer"
    )


@case("participant_invite")
def _(p, a):
    officer = ParticipantFactory()
    return lambda: participants.services.participant_invite(participant=officer, actor=a)


@case("notify")
def _(p, a):
    placement = _confirmed(p)
    recipients = [
        Recipient(email=f"r{i}@example.gov.hk", name=f"R {i}", language="en") for i in range(3)
    ]
    return lambda: notifications.services.notify(
        event="placement_confirmed",
        recipients=recipients,
        context={"placement": placement},
        dedupe_key=f"fault-test:{placement.pk}",
    )


@case("outbound_emails_retry")
def _(p, a):
    emails = [OutboundEmailFactory(status="failed") for _ in range(2)]
    chosen = OutboundEmail.objects.filter(pk__in=[e.pk for e in emails])
    return lambda: notifications.services.outbound_emails_retry(emails=chosen, actor=a)


# After return (issue 19, point 4) -----------------------------------------------------------


def _returned(p):
    """A completed placement of a fresh officer of the HR officer's department, who has an
    account of their own."""
    from django.contrib.auth import get_user_model

    officer = with_fresh_officer(p)["officer"]
    officer.user = get_user_model().objects.create_user(username=f"returnee{officer.pk}")
    officer.save(update_fields=["user"])
    return PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        host_unit=p["unit"],
        status=Placement.Status.COMPLETED,
        start_date=datetime.date(2023, 12, 1),
        end_date=datetime.date(2024, 3, 31),
    )


@case("follow_up_open")
def _(p, a):
    placement = _returned(p)
    today = follow_up_due_on(placement.end_date, 6)
    return lambda: placements.services.follow_up_open(placement=placement, months=6, today=today)


@case("follow_up_remind_overdue")
def _(p, a):
    follow_up = ReturnFollowUpFactory(placement=_returned(p))
    today = follow_up.due_on + datetime.timedelta(days=1)
    return lambda: placements.services.follow_up_remind_overdue(follow_up=follow_up, today=today)


@case("follow_up_submit_officer")
def _(p, a):
    follow_up = ReturnFollowUpFactory(placement=_returned(p))
    return lambda: placements.services.follow_up_submit_officer(
        follow_up=follow_up,
        actor=follow_up.placement.participant.user,
        officer_account="Applied the river chief system.",
    )


@case("follow_up_submit_department")
def _(p, a):
    follow_up = ReturnFollowUpFactory(
        placement=_returned(p), officer_account="Mine.", officer_submitted_at=timezone.now()
    )
    return lambda: placements.services.follow_up_submit_department(
        follow_up=follow_up, actor=p["users"][HR], department_view="Led two projects since."
    )


@case("follow_up_reopen")
def _(p, a):
    follow_up = ReturnFollowUpFactory(
        placement=_returned(p), officer_account="Mine.", officer_submitted_at=timezone.now()
    )
    return lambda: placements.services.follow_up_reopen(
        follow_up=follow_up, actor=a, part="officer", reason="Name the project."
    )


@case("participant_set_languages")
def _(p, a):
    officer = ParticipantFactory()
    officer.languages.set(Language.objects.filter(code="en"))
    chosen = list(Language.objects.filter(code__in=["fr", "yue", "cmn"]))
    return lambda: participants.services.participant_set_languages(
        participant=officer, actor=a, languages=chosen
    )


def _document_world(p, a):
    """A confirmed placement and a document of it CSB provides, and a fresh upload of it."""
    placement = _confirmed(p)
    requirement = DocumentRequirementFactory(
        programme=placement.cohort.programme, provider=DocumentRequirement.Provider.CSB
    )
    return placement, requirement


def _pdf_upload():
    return SimpleUploadedFile("duties.pdf", small_pdf(), content_type="application/pdf")


@case("placement_document_upload")
def _(p, a):
    placement, requirement = _document_world(p, a)
    return lambda: placements.services.placement_document_upload(
        placement=placement, requirement=requirement, upload=_pdf_upload(), actor=a
    )


@case("placement_document_upload replacing an earlier file")
def _(p, a):
    placement, requirement = _document_world(p, a)
    placements.services.placement_document_upload(
        placement=placement, requirement=requirement, upload=_pdf_upload(), actor=a
    )
    return lambda: placements.services.placement_document_upload(
        placement=placement, requirement=requirement, upload=_pdf_upload(), actor=a
    )


@case("document_download_record")
def _(p, a):
    placement, requirement = _document_world(p, a)
    document = placements.services.placement_document_upload(
        placement=placement, requirement=requirement, upload=_pdf_upload(), actor=a
    )
    return lambda: placements.services.document_download_record(document=document, user=a)


@case("document_requirement_save")
def _(p, a):
    requirement = DocumentRequirement(programme=ProgrammeFactory())
    return lambda: programmes.services.document_requirement_save(
        requirement=requirement,
        actor=a,
        kind=DocumentRequirement.Kind.PASSPORT_COPY,
        provider=DocumentRequirement.Provider.OFFICER,
        due_days=-14,
        outside_hong_kong_only=True,
    )


@case("document_requirement_delete")
def _(p, a):
    requirement = DocumentRequirementFactory()
    return lambda: programmes.services.document_requirement_delete(requirement=requirement, actor=a)


@case("document_requirements_save (one removed, one added, one changed)")
def _(p, a):
    cohort = CohortFactory()
    gone = DocumentRequirementFactory(programme=None, cohort=cohort)
    kept = DocumentRequirementFactory(
        programme=None, cohort=cohort, kind=DocumentRequirement.Kind.SECURITY_CLEARANCE
    )
    added = DocumentRequirement()
    return lambda: programmes.services.document_requirements_save(
        owner=cohort,
        actor=a,
        changes=[
            (gone, None),
            (kept, {"due_days": -45}),
            (
                added,
                {
                    "kind": DocumentRequirement.Kind.OTHER,
                    "title": "Medical certificate",
                    "provider": DocumentRequirement.Provider.OFFICER,
                    "due_days": -7,
                },
            ),
        ],
    )


# Public functions of the service modules that are not cases, and why.
NOT_COVERED_HERE = {
    # Questions the erasure screen asks before erasing; they write nothing.
    "is_erased": "reads only",
    "open_work": "reads only",
    # Parts of partner_officer_put_forward, which is covered (each also runs in its own
    # transaction when called alone: saving through participant_save, nominating through
    # nomination_create, both covered).
    "partner_officer_save": "participant_save, covered",
    "partner_officer_nominate": "nomination_create, covered",
    "check_partner_batch": "reads",
    "may_respond": "reads",
    "may_decide_renewal": "reads",
    "renewal_year": "reads",
    # Several transactions on purpose (at-least-once delivery, decision 0010): the claim of a
    # message is committed before the mailer is called, so that no other worker sends it.
    "outbound_emails_send_due": "delivery claims each message in a transaction of its own",
    # One transaction per row on purpose: a failure of one step must not undo the others.
    # Each step is a transition tested above; test_the_daily_run_... shows a failing step.
    "advance": "one transaction per step, tested below",
    # Read, check or render only.
    "may_change_nomination": "reads",
    "may_write_report": "reads",
    "may_write_part": "reads",
    "may_reopen": "reads",
    "may_set_languages": "reads",
    "may_provide": "reads",
    "documents_due": "reads",
    "check_no_overlap": "reads",
    "check_places": "reads",
    "require_programme_active": "reads",
    "register_cohort_confirm_check": "registers a check at start-up; writes nothing",
    "check_participant": "reads",
    "participant_creation_lock": "takes a lock; writes nothing",
    "resolve_duplicate_choice": "reads and locks; writes nothing",
    "merge_plan": "reads",
    "render_email": "renders",
    "check_message_plan": "reads",
    "may_write_to_cohort": "reads",
    "set_password_link": "renders",
    "account_send_invitation": "sends on commit; writes nothing",
    "Recipient": "a data class",
    "may_approve_over_budget": "reads",
    "committed_hkd": "reads",
}
SERVICE_MODULES = [
    placements.services,
    placements.services.daily,
    programmes.services,
    participants.services,
    notifications.services,
    operations.erasure,
    operations.merge,
]


def public_services() -> set[str]:
    names = set()
    for module in SERVICE_MODULES:
        for name, value in vars(module).items():
            if name.startswith("_") or not callable(value) or inspect.isclass(value):
                continue
            home = getattr(value, "__module__", "")
            if home == module.__name__ or home.startswith(f"{module.__name__}."):
                names.add(name)
    return names


@pytest.mark.parametrize("case", list(CASES))
def test_a_service_failing_after_its_first_write_changes_nothing(case, world):
    actor = world["users"][MANAGER]
    assert_each_later_write_failing_changes_nothing(lambda: CASES[case](world, actor))


def test_every_service_is_covered():
    in_tables = {s.__name__ for _w, _k, services in TRANSITION_TABLES for s in services.values()}
    cases = {case.split(" ")[0] for case in CASES}
    missing = public_services() - in_tables - cases - set(NOT_COVERED_HERE)
    assert not missing, f"add a fault-injection case for each of these services: {missing}"
    maps = {
        name
        for module in (placements.services, programmes.services)
        for name in vars(module)
        if name.endswith("_SERVICES")
    }
    listed = {
        name
        for name, value in [
            *vars(placements.services).items(),
            *vars(programmes.services).items(),
        ]
        if name.endswith("_SERVICES") and any(value is s for _w, _k, s in TRANSITION_TABLES)
    }
    assert maps == listed, f"add these transition maps to TRANSITION_TABLES: {maps - listed}"
    for workflow, _keyword, services in TRANSITION_TABLES:
        assert set(services) == {t.name for t in workflow.transitions}, workflow.model_label


def test_the_daily_run_leaves_a_step_that_failed_as_it_was(world):
    """`advance` works row by row: a step that fails midway is undone and logged; the run goes
    on. With one placement due to start, a fault at any later write leaves everything as it
    was (and the next run starts it)."""
    placement = _confirmed(world, start_date=timezone.localdate())
    writes = count_writes(lambda: placements.services.daily.advance())
    assert writes >= 2
    for fail_at in range(2, writes + 1):
        before = database_state()
        with writes_counted(fail_at=fail_at):
            counts = placements.services.daily.advance()
        assert counts == {"placements started failed": 1}
        assert database_state() == before
    placements.services.daily.advance()
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.IN_PROGRESS


def test_the_state_check_sees_a_single_changed_row():
    """The checksum notices a change of content, not only of counts."""
    report = PlacementReportFactory()
    before = database_state()
    PlacementReport.objects.filter(pk=report.pk).update(summary="changed")
    after = database_state()
    assert [t for t in before if before[t] != after[t]] == ["placements_placementreport"]
    assert Participant.objects.exists()
