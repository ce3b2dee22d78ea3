"""Writes for nominations, placements and reports. Every status change goes through the state
tables in placements/workflow.py; every rule that protects a place or a person's dates is checked
here, under a row lock, on any database."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import department_scope
from exchange_portal.services import (
    assign_fields,
    require,
    require_permission,
    save_with_history,
)
from exchange_portal.workflow import run_transition
from participants.models import Participant
from programmes.models import Cohort, Direction

from .models import HostUnit, Nomination, Placement, PlacementReport
from .workflow import NOMINATION_WORKFLOW, PLACEMENT_WORKFLOW, REPORT_WORKFLOW

# Placements that hold a place in their cohort and at their host unit.
PLACE_HOLDING_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)
NOMINATION_PROTECTED = {"status", "status_reason", "recommended_by", "recommended_on"}
PLACEMENT_PROTECTED = {
    "status",
    "status_reason",
    "reference_code",
    "version",
    "participant",
    "cohort",
    "nomination",
}


# Nominations -------------------------------------------------------------------------------


@transaction.atomic
def nomination_create(
    *,
    cohort: Cohort,
    participant: Participant,
    actor,
    nominating_department=None,
    rank: int = 1,
    statement: str = "",
) -> Nomination:
    """Put an officer forward for a cohort whose call is open."""
    require_permission(actor, "placements.add_nomination")
    scope = department_scope(actor)
    if scope is not None:
        require(
            participant.department_id == scope
            and (nominating_department is None or nominating_department.pk == scope),
            _("You can only nominate officers of your own department."),
            field="participant",
        )
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    require(
        cohort.status == Cohort.Status.NOMINATIONS_OPEN,
        _("%(cohort)s is not open for nominations (it is %(status)s).")
        % {"cohort": cohort, "status": cohort.get_status_display().lower()},
        field="cohort",
    )
    now = timezone.now()
    if cohort.nominations_close_at is not None:
        require(
            now < cohort.nominations_close_at,
            _("Nominations for %(cohort)s closed at %(time)s.")
            % {
                "cohort": cohort,
                "time": date_format(
                    timezone.localtime(cohort.nominations_close_at), "DATETIME_FORMAT"
                ),
            },
            field="cohort",
            code="window_closed",
        )
    if participant.origin == Participant.Origin.HONG_KONG:
        nominating_department = nominating_department or participant.department
        require(
            nominating_department == participant.department,
            _("A department can only nominate its own officers."),
            field="participant",
        )
    else:
        require(
            cohort.direction in (Direction.INBOUND, Direction.TWO_WAY),
            _("Partner-government officers can only join inbound batches."),
            field="participant",
        )
    require(
        not Nomination.objects.filter(cohort=cohort, participant=participant).exists(),
        _("%(officer)s is already nominated for %(cohort)s.")
        % {"officer": participant, "cohort": cohort},
        field="participant",
        code="duplicate",
    )
    nomination = Nomination(
        cohort=cohort,
        participant=participant,
        nominating_department=nominating_department,
        rank=rank,
        statement=statement,
    )
    return save_with_history(nomination, actor=actor, reason="submit")


@transaction.atomic
def nomination_update(*, nomination: Nomination, actor, **fields) -> Nomination:
    """Edit the ranking or statement of a nomination still under consideration."""
    require_permission(actor, "placements.change_nomination")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    scope = department_scope(actor)
    require(
        scope is None or nomination.participant.department_id == scope,
        _("This nomination is not your department's."),
    )
    require(
        nomination.status in Nomination.OPEN_STATES,
        _("A nomination that is %(status)s can no longer be edited.")
        % {"status": nomination.get_status_display().lower()},
    )
    assign_fields(
        nomination,
        {k: v for k, v in fields.items() if k in {"rank", "statement"}},
        protected=NOMINATION_PROTECTED,
    )
    return save_with_history(nomination, actor=actor)


def nomination_shortlist(*, nomination: Nomination, actor) -> Nomination:
    return run_transition(NOMINATION_WORKFLOW, nomination, "shortlist", actor=actor)


def nomination_recommend(
    *, nomination: Nomination, actor, recommended_by: str, recommended_on: date
) -> Nomination:
    """Record the external recommendation (UN JPO: the Commissioner's Office's) of a candidate."""

    def needs_recommendation(locked):
        require(
            locked.cohort.programme.requires_external_recommendation,
            _("%(programme)s does not take external recommendations.")
            % {"programme": locked.cohort.programme},
        )
        require(
            bool((recommended_by or "").strip()),
            _("Say who made the recommendation."),
            field="recommended_by",
        )
        require(
            recommended_on is not None,
            _("Give the date of the recommendation."),
            field="recommended_on",
        )

    return run_transition(
        NOMINATION_WORKFLOW,
        nomination,
        "recommend",
        actor=actor,
        guard=needs_recommendation,
        changes={
            "recommended_by": (recommended_by or "").strip(),
            "recommended_on": recommended_on,
        },
    )


def nomination_select(*, nomination: Nomination, actor) -> Nomination:
    def recommended_if_needed(locked):
        require(
            not locked.cohort.programme.requires_external_recommendation
            or locked.status == Nomination.Status.RECOMMENDED,
            _("%(programme)s needs an external recommendation before selection; record it first.")
            % {"programme": locked.cohort.programme},
            code="recommendation_required",
        )

    return run_transition(
        NOMINATION_WORKFLOW, nomination, "select", actor=actor, guard=recommended_if_needed
    )


def nomination_decline(*, nomination: Nomination, actor, reason: str) -> Nomination:
    return run_transition(NOMINATION_WORKFLOW, nomination, "decline", actor=actor, reason=reason)


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """Withdraw a nomination; a placement not yet completed is withdrawn with it."""
    nomination = run_transition(
        NOMINATION_WORKFLOW, nomination, "withdraw", actor=actor, reason=reason
    )
    placement = Placement.objects.filter(
        nomination=nomination,
        status__in=[
            Placement.Status.PROPOSED,
            Placement.Status.CONFIRMED,
            Placement.Status.IN_PROGRESS,
        ],
    ).first()
    if placement is not None:
        run_transition(PLACEMENT_WORKFLOW, placement, "withdraw", actor=actor, reason=reason)
    return nomination


# Placements --------------------------------------------------------------------------------


def _check_no_overlap(*, participant_id: int, start_date, end_date, exclude_pk=None):
    """Refuse dates that overlap another live placement of the same officer, naming it."""
    clashes = (
        Placement.objects.live()
        .filter(participant_id=participant_id)
        .overlapping(start_date, end_date)
        .select_related("host_unit__organisation")
    )
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    clash = clashes.first()
    if clash is not None:
        raise ValidationError(
            {
                "start_date": _(
                    "These dates overlap placement %(code)s at %(host)s (%(start)s to %(end)s, "
                    "%(status)s)."
                )
                % {
                    "code": clash.reference_code,
                    "host": clash.host_unit,
                    "start": date_format(clash.start_date),
                    "end": date_format(clash.end_date),
                    "status": clash.get_status_display().lower(),
                }
            },
            code="overlap",
        )


def _check_places(placement: Placement):
    """Refuse a confirmation that would exceed the cohort's places or the unit's capacity.
    Called with the cohort row and the unit row locked, so two confirmations queue."""
    cohort = Cohort.objects.select_for_update().get(pk=placement.cohort_id)
    taken = (
        Placement.objects.filter(cohort=cohort, status__in=PLACE_HOLDING_STATES)
        .exclude(pk=placement.pk)
        .count()
    )
    require(
        taken < cohort.places,
        _("All %(places)s places in %(cohort)s are taken.")
        % {"places": cohort.places, "cohort": cohort},
        code="cohort_full",
    )
    unit = HostUnit.objects.select_for_update().get(pk=placement.host_unit_id)
    if unit.capacity is not None:
        at_unit = (
            Placement.objects.filter(host_unit=unit, status__in=PLACE_HOLDING_STATES)
            .overlapping(placement.start_date, placement.end_date)
            .exclude(pk=placement.pk)
            .count()
        )
        require(
            at_unit < unit.capacity,
            _("%(unit)s can take %(capacity)s officer(s) at a time and is full for these dates.")
            % {"unit": unit, "capacity": unit.capacity},
            code="unit_full",
        )


@transaction.atomic
def placement_create(
    *,
    nomination: Nomination,
    host_unit: HostUnit,
    actor,
    start_date: date | None = None,
    end_date: date | None = None,
    focus_areas=(),
    **details,
) -> Placement:
    """Propose a placement for a selected nomination. Dates default to the cohort's."""
    require_permission(actor, "placements.add_placement")
    nomination = (
        Nomination.objects.select_related("cohort").select_for_update().get(pk=nomination.pk)
    )
    require(
        nomination.status == Nomination.Status.SELECTED,
        _("Only a selected nomination can be placed; this one is %(status)s.")
        % {"status": nomination.get_status_display().lower()},
        field="nomination",
    )
    require(
        not Placement.objects.filter(nomination=nomination).exists(),
        _("This nomination already has a placement."),
        field="nomination",
        code="duplicate",
    )
    # Lock the officer so two proposals for the same person are checked one after the other.
    Participant.objects.select_for_update().get(pk=nomination.participant_id)
    placement = Placement(
        nomination=nomination,
        participant_id=nomination.participant_id,
        cohort_id=nomination.cohort_id,
        host_unit=host_unit,
        start_date=start_date or nomination.cohort.start_date,
        end_date=end_date or nomination.cohort.end_date,
    )
    assign_fields(placement, details, protected=PLACEMENT_PROTECTED)
    placement.full_clean(exclude=["reference_code"])
    _check_no_overlap(
        participant_id=placement.participant_id,
        start_date=placement.start_date,
        end_date=placement.end_date,
    )
    save_with_history(placement, actor=actor, reason="propose", exclude=["reference_code"])
    if focus_areas:
        placement.focus_areas.set(focus_areas)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, actor, focus_areas=None, **details) -> Placement:
    """Edit the role, duties and supervisor of a placement that is not finished. Dates and host
    unit of a confirmed placement change only by an approved amendment."""
    require_permission(actor, "placements.change_placement")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require(
        placement.status
        in (Placement.Status.PROPOSED, Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS),
        _("A placement that is %(status)s can no longer be edited.")
        % {"status": placement.get_status_display().lower()},
    )
    moving = {k for k in ("start_date", "end_date", "host_unit") if k in details}
    if moving and placement.status != Placement.Status.PROPOSED:
        require(
            all(getattr(placement, k) == details[k] for k in moving),
            _("The dates and host unit of a confirmed placement change only by an amendment."),
            field=sorted(moving)[0],
        )
    assign_fields(placement, details, protected=PLACEMENT_PROTECTED)
    placement.full_clean(exclude=["reference_code"])
    _check_no_overlap(
        participant_id=placement.participant_id,
        start_date=placement.start_date,
        end_date=placement.end_date,
        exclude_pk=placement.pk,
    )
    placement.version += 1
    save_with_history(placement, actor=actor, exclude=["reference_code"])
    if focus_areas is not None:
        placement.focus_areas.set(focus_areas)
    return placement


def placement_confirm(*, placement: Placement, actor) -> Placement:
    def room_and_dates(locked):
        _check_no_overlap(
            participant_id=locked.participant_id,
            start_date=locked.start_date,
            end_date=locked.end_date,
            exclude_pk=locked.pk,
        )
        _check_places(locked)

    return run_transition(
        PLACEMENT_WORKFLOW, placement, "confirm", actor=actor, guard=room_and_dates
    )


def placement_start(*, placement: Placement, actor) -> Placement:
    return run_transition(PLACEMENT_WORKFLOW, placement, "start", actor=actor)


@transaction.atomic
def placement_complete(*, placement: Placement, actor) -> Placement:
    """Finish a placement and open its two reports, due a set number of days after the end."""
    placement = run_transition(PLACEMENT_WORKFLOW, placement, "complete", actor=actor)
    due_on = placement.end_date + timedelta(days=settings.PLACEMENT_REPORT_DUE_DAYS)
    for author in PlacementReport.Author.values:
        PlacementReport.objects.get_or_create(
            placement=placement, author_role=author, defaults={"due_on": due_on}
        )
    return placement


def placement_withdraw(*, placement: Placement, actor, reason: str) -> Placement:
    return run_transition(PLACEMENT_WORKFLOW, placement, "withdraw", actor=actor, reason=reason)


def placement_cancel(*, placement: Placement, actor, reason: str) -> Placement:
    return run_transition(PLACEMENT_WORKFLOW, placement, "cancel", actor=actor, reason=reason)


# Reports -----------------------------------------------------------------------------------


def may_write_report(actor, report: PlacementReport) -> bool:
    """The officer writes their own report, a contact of the host unit writes the host's
    feedback; CSB staff with the model permission may do either."""
    if actor.has_perm("placements.change_placementreport"):
        return True
    placement = report.placement
    if report.author_role == PlacementReport.Author.PARTICIPANT:
        return placement.participant.user_id == actor.pk
    return placement.host_unit.contacts.filter(pk=actor.pk).exists()


@transaction.atomic
def report_save(*, report: PlacementReport, actor, **fields) -> PlacementReport:
    report = PlacementReport.objects.select_for_update().get(pk=report.pk)
    if not may_write_report(actor, report):
        raise PermissionDenied(_("You may not write this report."))
    require(
        report.status == PlacementReport.Status.DRAFT,
        _("A submitted report cannot be changed; ask CSB to return it for changes."),
    )
    assign_fields(
        report,
        {
            k: v
            for k, v in fields.items()
            if k in {"summary", "experience_gained", "recommendations"}
        },
    )
    return save_with_history(report, actor=actor)


def report_submit(*, report: PlacementReport, actor) -> PlacementReport:
    def has_content(locked):
        require(
            bool(locked.summary.strip()),
            _("Write a summary before submitting the report."),
            field="summary",
        )

    return run_transition(
        REPORT_WORKFLOW,
        report,
        "submit",
        actor=actor,
        guard=has_content,
        changes={"submitted_at": timezone.now(), "submitted_by": actor},
        may=may_write_report,
    )


def report_return(*, report: PlacementReport, actor, reason: str) -> PlacementReport:
    return run_transition(
        REPORT_WORKFLOW,
        report,
        "return",
        actor=actor,
        reason=reason,
        changes={"submitted_at": None, "submitted_by": None},
    )
