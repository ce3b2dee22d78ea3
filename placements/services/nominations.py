"""Writes for nominations."""

from datetime import date

from django.db import transaction
from django.db.models import Max
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
from programmes.services import require_programme_active

from .. import notify
from ..models import Nomination
from ..workflow import NOMINATION_WORKFLOW
from .preferences import check_preferences_editable, preferred_units, save_preferences
from .rules import (
    NOMINATION_PROTECTED,
    check_age_and_service,
    check_eligible,
    check_free_to_select,
    nomination_overlap_warnings,
)


@transaction.atomic
def nomination_create(
    *,
    cohort: Cohort,
    participant: Participant,
    actor,
    nominating_department=None,
    rank: int = 1,
    statement: str = "",
    host_preferences=None,
) -> Nomination:
    """Put an officer forward for a cohort whose call is open, with the host units the officer
    prefers in order (`host_preferences`, where the call takes them). The nomination's
    `warnings` list what the screen that made it should show (the officer's overlapping
    nominations)."""
    require_permission(actor, "placements.add_nomination")
    # The department itself is the subject: HR nominate their own officers, in their own name.
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
    # A call opened before its programme was suspended (or closed) takes no more nominations.
    require_programme_active(cohort.programme, doing=_("take nominations"))
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
    check_eligible(cohort=cohort, participant=participant)
    check_age_and_service(cohort=cohort, participant=participant)
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
    save_with_history(nomination, actor=actor, reason="submit")
    save_preferences(nomination, host_preferences, actor=actor)
    nomination.warnings = nomination_overlap_warnings(nomination)
    notify.nomination_event(nomination, "nomination_submitted")
    return nomination


@transaction.atomic
def nomination_update(
    *, nomination: Nomination, actor, host_preferences=None, **fields
) -> Nomination:
    """Edit the ranking or statement of a nomination still under consideration, and the host
    units its officer prefers (`host_preferences`, in order; None leaves them) while it is
    still submitted."""
    require_permission(actor, "placements.change_nomination")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    # A write rule on the locked row, checked on the nominee's department in memory (the
    # reads that led here went through `visible_to`).
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
    nomination = save_with_history(nomination, actor=actor)
    if host_preferences is not None and [u.pk for u in host_preferences] != [
        u.pk for u in preferred_units(nomination)
    ]:
        check_preferences_editable(nomination, actor)
        save_preferences(nomination, host_preferences, actor=actor)
    return nomination


@transaction.atomic
def nomination_shortlist(*, nomination: Nomination, actor) -> Nomination:
    nomination = run_transition(NOMINATION_WORKFLOW, nomination, "shortlist", actor=actor)
    notify.nomination_event(nomination, "nomination_shortlisted")
    return nomination


@transaction.atomic
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

    nomination = run_transition(
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
    notify.nomination_event(nomination, "nomination_recommended")
    return nomination


def _recommended_if_needed(locked: Nomination) -> None:
    require(
        not locked.cohort.programme.requires_external_recommendation
        or locked.status in (Nomination.Status.RECOMMENDED, Nomination.Status.RESERVE),
        _("%(programme)s needs an external recommendation before selection; record it first.")
        % {"programme": locked.cohort.programme},
        code="recommendation_required",
    )


def _free_to_select(locked: Nomination) -> None:
    # Lock the officer so two selections of the same person are checked one after the other.
    Participant.objects.select_for_update().get(pk=locked.participant_id)
    check_free_to_select(locked)


def _recommended_and_free(locked: Nomination) -> None:
    _recommended_if_needed(locked)
    _free_to_select(locked)


@transaction.atomic
def nomination_select(*, nomination: Nomination, actor) -> Nomination:
    nomination = run_transition(
        NOMINATION_WORKFLOW, nomination, "select", actor=actor, guard=_recommended_and_free
    )
    notify.nomination_event(nomination, "nomination_selected")
    return nomination


@transaction.atomic
def nomination_reserve(
    *, nomination: Nomination, actor, reserve_rank: int | None = None
) -> Nomination:
    """Put a candidate on the cohort's reserve list; by default after those already on it."""
    if reserve_rank is None:
        taken = Nomination.objects.filter(
            cohort_id=nomination.cohort_id, reserve_rank__isnull=False
        ).aggregate(last=Max("reserve_rank"))["last"]
        reserve_rank = (taken or 0) + 1
    require(reserve_rank > 0, _("Reserve places start at 1."), field="reserve_rank")
    nomination = run_transition(
        NOMINATION_WORKFLOW,
        nomination,
        "reserve",
        actor=actor,
        guard=_recommended_if_needed,
        changes={"reserve_rank": reserve_rank},
    )
    notify.nomination_event(nomination, "nomination_reserved")
    return nomination


@transaction.atomic
def nomination_offer_place(*, nomination: Nomination, actor, reason: str = "") -> Nomination:
    """Offer a candidate on the reserve list a place that has fallen vacant: a selection, so
    the officer must be free (an officer is selected for one cohort at a time)."""
    nomination = run_transition(
        NOMINATION_WORKFLOW,
        nomination,
        "offer_place",
        actor=actor,
        reason=reason,
        guard=_free_to_select,
    )
    notify.nomination_event(nomination, "place_offered")
    return nomination


@transaction.atomic
def nomination_decline(*, nomination: Nomination, actor, reason: str) -> Nomination:
    nomination = run_transition(
        NOMINATION_WORKFLOW, nomination, "decline", actor=actor, reason=reason
    )
    notify.nomination_event(nomination, "nomination_not_selected")
    return nomination


def may_change_nomination(actor, nomination: Nomination) -> bool:
    """CSB, or the HR officer of the nominee's department."""
    if actor is None:  # the system itself (commands, data loads)
        return True
    if not actor.has_perm("placements.change_nomination"):
        return False
    # Asked per row of a list already read through `visible_to`: the department compared in
    # memory, without a query a row.
    scope = department_scope(actor)
    return scope is None or nomination.participant.department_id == scope
