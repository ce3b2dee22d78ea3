"""Writes for placements."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import (
    assign_fields,
    require,
    require_permission,
    require_version,
    save_with_history,
)
from exchange_portal.workflow import run_transition
from participants.models import Participant

from .. import notify
from ..models import HostUnit, Nomination, Placement, PlacementReport
from ..schedule import authors
from ..workflow import PLACEMENT_WORKFLOW
from .rules import (
    PLACEMENT_PROTECTED,
    check_host_allowed,
    check_no_overlap,
    check_past_dates,
    check_places,
    past_date_labels,
)

DATE_LABELS = past_date_labels(Placement, "start_date", "end_date")


@transaction.atomic
def placement_create(
    *,
    nomination: Nomination,
    host_unit: HostUnit,
    actor,
    start_date: date | None = None,
    end_date: date | None = None,
    focus_areas=(),
    past_dates_confirmed: bool = True,
    **details,
) -> Placement:
    """Propose a placement for a selected nomination of a programme the actor runs (a
    coordinator: their department's). Dates default to the cohort's; dates already past are
    refused (on "confirm_past_dates") unless `past_dates_confirmed`."""
    require_permission(actor, "placements.add_placement")
    if not Nomination.objects.visible_to(actor).filter(pk=nomination.pk).exists():
        raise PermissionDenied(_("You may place only the officers of programmes you run."))
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
    if nomination.cohort.programme.requires_host_acceptance:
        placement.host_response = Placement.HostResponse.AWAITING
    placement.full_clean(exclude=["reference_code"])
    check_host_allowed(programme=nomination.cohort.programme, host_unit=host_unit)
    check_no_overlap(
        participant_id=placement.participant_id,
        start_date=placement.start_date,
        end_date=placement.end_date,
    )
    check_past_dates(
        {DATE_LABELS[name]: getattr(placement, name) for name in DATE_LABELS},
        confirmed=past_dates_confirmed,
    )
    save_with_history(placement, actor=actor, reason="propose", exclude=["reference_code"])
    if focus_areas:
        placement.focus_areas.set(focus_areas)
    notify.placement_event(placement, "placement_proposed")
    return placement


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    actor,
    focus_areas=None,
    expected_version: int | None = None,
    past_dates_confirmed: bool = True,
    **details,
) -> Placement:
    """Edit the role, duties and supervisor of a placement that is not finished. Dates and host
    unit of a confirmed placement change only by an approved amendment. `expected_version` is
    the version the editor opened: a placement changed since is refused, naming the changes.
    Dates already past are refused (on "confirm_past_dates") unless `past_dates_confirmed`:
    the dates changed, or both when the proposal goes to another unit (a new proposal)."""
    require_permission(actor, "placements.change_placement")
    if not Placement.objects.visible_to(actor).filter(pk=placement.pk).exists():
        raise PermissionDenied(_("You may change only the placements of programmes you run."))
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require_version(placement, expected_version)
    old_host_unit_id = placement.host_unit_id
    old_dates = {name: getattr(placement, name) for name in DATE_LABELS}
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
    if "host_unit" in details:
        check_host_allowed(programme=placement.cohort.programme, host_unit=placement.host_unit)
        if (
            placement.host_unit_id != old_host_unit_id
            and placement.cohort.programme.requires_host_acceptance
        ):
            # Proposed to another unit (after a decline, say): that unit is asked afresh.
            placement.host_response = Placement.HostResponse.AWAITING
            placement.host_response_reason = ""
            placement.host_responded_at = None
            placement.host_responded_by = None
    check_no_overlap(
        participant_id=placement.participant_id,
        start_date=placement.start_date,
        end_date=placement.end_date,
        exclude_pk=placement.pk,
    )
    moved = placement.host_unit_id != old_host_unit_id
    check_past_dates(
        {
            DATE_LABELS[name]: getattr(placement, name)
            for name in DATE_LABELS
            if moved or getattr(placement, name) != old_dates[name]
        },
        confirmed=past_dates_confirmed,
    )
    placement.version += 1
    save_with_history(placement, actor=actor, exclude=["reference_code"])
    if focus_areas is not None:
        placement.focus_areas.set(focus_areas)
    if placement.host_unit_id != old_host_unit_id:
        # The new unit is asked as the first one was: by mail, not only on its /host/ page.
        notify.placement_event(placement, "placement_proposed", again_for_unit=True)
    return placement


@transaction.atomic
def placement_confirm(
    *, placement: Placement, actor, expected_version: int | None = None
) -> Placement:
    def room_and_dates(locked):
        require(
            not locked.cohort.programme.requires_host_acceptance
            or locked.host_response == Placement.HostResponse.ACCEPTED,
            _("The host unit has not accepted this placement yet."),
            field="host_response",
        )
        # The programme's hosts are checked again: it may have been restricted since.
        check_host_allowed(
            programme=locked.cohort.programme, host_unit=locked.host_unit, field="host_unit"
        )
        check_no_overlap(
            participant_id=locked.participant_id,
            start_date=locked.start_date,
            end_date=locked.end_date,
            exclude_pk=locked.pk,
        )
        check_places(locked)

    placement = run_transition(
        PLACEMENT_WORKFLOW,
        placement,
        "confirm",
        actor=actor,
        guard=room_and_dates,
        expected_version=expected_version,
    )
    notify.placement_event(placement, "placement_confirmed")
    return placement


@transaction.atomic
def placement_start(
    *, placement: Placement, actor, expected_version: int | None = None
) -> Placement:
    placement = run_transition(
        PLACEMENT_WORKFLOW, placement, "start", actor=actor, expected_version=expected_version
    )
    notify.placement_event(placement, "placement_started")
    return placement


@transaction.atomic
def placement_complete(
    *, placement: Placement, actor, expected_version: int | None = None
) -> Placement:
    """Finish a placement and open its end-of-placement reports (the officer's and the host's
    unless the programme's schedule asks fewer), due a set number of days after the end."""
    placement = run_transition(
        PLACEMENT_WORKFLOW, placement, "complete", actor=actor, expected_version=expected_version
    )
    due_on = placement.end_date + timedelta(days=settings.PLACEMENT_REPORT_DUE_DAYS)
    for author in authors(placement.cohort.programme.final_report_writers):
        PlacementReport.objects.get_or_create(
            placement=placement,
            author_role=author,
            kind=PlacementReport.Kind.FINAL,
            sequence=0,
            defaults={"due_on": due_on},
        )
    notify.placement_event(placement, "placement_completed")
    return placement


def placement_cancel(
    *, placement: Placement, actor, reason: str, expected_version: int | None = None
) -> Placement:
    return run_transition(
        PLACEMENT_WORKFLOW,
        placement,
        "cancel",
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )
