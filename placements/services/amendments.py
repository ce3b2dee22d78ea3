"""Amendments: a confirmed placement's dates or host unit change only when an amendment is
approved, after the overlap and capacity rules are checked again for the new values."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import require, require_permission, save_with_history
from exchange_portal.workflow import apply_transition, run_transition

from .. import notify
from ..models import HostUnit, Placement, PlacementAmendment
from ..workflow import AMENDMENT_WORKFLOW
from .rules import (
    check_host_allowed,
    check_no_overlap,
    check_past_dates,
    check_unit_capacity,
    past_date_labels,
)

AMENDABLE = (Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS)
FOUR_EYES = _("You asked for this amendment; someone else must approve or reject it.")


def check_not_requester(amendment: PlacementAmendment, actor) -> None:
    """Four eyes: whoever asked for a change does not decide it (the DB holds it too)."""
    require(
        actor is None or amendment.requested_by_id is None or actor.pk != amendment.requested_by_id,
        FOUR_EYES,
        code="four_eyes",
    )


@transaction.atomic
def amendment_request(
    *,
    placement: Placement,
    actor,
    reason: str,
    new_start_date: date | None = None,
    new_end_date: date | None = None,
    new_host_unit: HostUnit | None = None,
    past_dates_confirmed: bool = True,
) -> PlacementAmendment:
    """Ask for new dates (an extension, a later start) or another host unit. New dates already
    past are refused (on "confirm_past_dates") unless `past_dates_confirmed`."""
    require_permission(actor, "placements.add_placementamendment")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require(
        placement.status in AMENDABLE,
        _("Only a confirmed or running placement is amended; this one is %(status)s.")
        % {"status": placement.get_status_display().lower()},
    )
    require(
        not placement.amendments.awaiting_decision().exists(),
        _("This placement already has an amendment awaiting approval."),
    )
    if new_start_date == placement.start_date:
        new_start_date = None
    if new_end_date == placement.end_date:
        new_end_date = None
    if new_host_unit is not None and new_host_unit.pk == placement.host_unit_id:
        new_host_unit = None
    require(
        new_start_date or new_end_date or new_host_unit,
        _("Give a new start date, end date or host unit: nothing would change."),
        field="new_end_date",
    )
    require(
        new_start_date is None or placement.status == Placement.Status.CONFIRMED,
        _("The placement has started; its start date can no longer change."),
        field="new_start_date",
    )
    if new_host_unit is not None:
        check_host_allowed(
            programme=placement.cohort.programme, host_unit=new_host_unit, field="new_host_unit"
        )
    amendment = PlacementAmendment(
        placement=placement,
        new_start_date=new_start_date,
        new_end_date=new_end_date,
        new_host_unit=new_host_unit,
        reason=(reason or "").strip(),
        old_start_date=placement.start_date,
        old_end_date=placement.end_date,
        old_host_unit_id=placement.host_unit_id,
        requested_by=actor,
    )
    require(
        amendment.end_date > amendment.start_date,
        _("The end date must be after the start date."),
        field="new_end_date",
    )
    labels = past_date_labels(PlacementAmendment, "new_start_date", "new_end_date")
    check_past_dates(
        {label: getattr(amendment, name) for name, label in labels.items()},
        confirmed=past_dates_confirmed,
    )
    save_with_history(amendment, actor=actor, reason="request")
    notify.amendment_event(amendment, "amendment_requested")
    return amendment


@transaction.atomic
def amendment_approve(*, amendment: PlacementAmendment, actor) -> PlacementAmendment:
    """Apply the amendment to the placement, if the officer is free and the unit has room."""
    placement = Placement.objects.select_for_update().get(pk=amendment.placement_id)
    amendment = PlacementAmendment.objects.select_for_update().get(pk=amendment.pk)
    transition = AMENDMENT_WORKFLOW.check("approve", amendment, actor=actor)
    check_not_requester(amendment, actor)
    require(
        placement.status in AMENDABLE,
        _("The placement is %(status)s and can no longer be amended.")
        % {"status": placement.get_status_display().lower()},
    )
    require(
        (placement.start_date, placement.end_date, placement.host_unit_id)
        == (amendment.old_start_date, amendment.old_end_date, amendment.old_host_unit_id),
        _("The placement has changed since this amendment was asked for; ask again."),
    )
    if amendment.new_host_unit_id is not None:
        # The programme may have been restricted to policy bureaux since the request.
        check_host_allowed(
            programme=placement.cohort.programme,
            host_unit=amendment.new_host_unit,
            field="new_host_unit",
        )
    start, end, unit_id = amendment.start_date, amendment.end_date, amendment.host_unit_id
    check_no_overlap(
        participant_id=placement.participant_id,
        start_date=start,
        end_date=end,
        exclude_pk=placement.pk,
        field="new_end_date",
    )
    check_unit_capacity(
        host_unit_id=unit_id, start_date=start, end_date=end, exclude_pk=placement.pk
    )
    placement.start_date, placement.end_date, placement.host_unit_id = start, end, unit_id
    placement.version += 1
    placement._history_user = actor
    placement._change_reason = "amendment_approved"
    placement.save(update_fields=["start_date", "end_date", "host_unit", "version", "updated_at"])
    amendment.decided_by = actor
    apply_transition(amendment, transition, actor=actor, fields=("decided_by",))
    notify.amendment_event(amendment, "amendment_approved")
    return amendment


@transaction.atomic
def amendment_reject(*, amendment: PlacementAmendment, actor, reason: str) -> PlacementAmendment:
    amendment = run_transition(
        AMENDMENT_WORKFLOW,
        amendment,
        "reject",
        actor=actor,
        reason=reason,
        guard=lambda locked: check_not_requester(locked, actor),
        changes={"decided_by": actor},
    )
    notify.amendment_event(amendment, "amendment_rejected")
    return amendment


def amendment_withdraw(*, amendment: PlacementAmendment, actor, reason: str) -> PlacementAmendment:
    return run_transition(
        AMENDMENT_WORKFLOW,
        amendment,
        "withdraw",
        actor=actor,
        reason=reason,
        may=lambda a, o: (
            a is not None
            and (a.pk == o.requested_by_id or a.has_perm("placements.decide_placementamendment"))
        ),
    )
