"""The host unit's answer to a proposed placement, where the programme asks for it: a contact
of the unit (or a CSB manager on its behalf) accepts, or declines with a reason, before CSB
confirms the placement."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import Role, role_of
from exchange_portal.services import require, require_version, save_with_history

from .. import notify
from ..models import Placement
from .rules import check_host_allowed

RESPOND = "placements.respond_placement"


def may_respond(actor, placement: Placement) -> bool:
    """A contact of the placement's own unit, with the right to answer, or a CSB manager."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(RESPOND):
        return False
    if role_of(actor) == Role.CSB_MANAGER:
        return True
    return placement.host_unit.contacts.filter(pk=actor.pk).exists()


def _locked_awaiting(placement: Placement, actor, expected_version) -> Placement:
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if not may_respond(actor, locked):
        raise PermissionDenied(_("Only a contact of the host unit can answer for it."))
    require_version(locked, expected_version)
    require(
        locked.status == Placement.Status.PROPOSED
        and locked.host_response == Placement.HostResponse.AWAITING,
        _("This placement is not waiting for the host unit's answer (it is %(status)s).")
        % {
            "status": (
                locked.get_host_response_display()
                if locked.host_response
                else locked.get_status_display()
            ).lower()
        },
        field="host_response",
    )
    return locked


def _answer(locked: Placement, actor, response: str, reason: str) -> Placement:
    locked.host_response = response
    locked.host_response_reason = reason
    locked.host_responded_at = timezone.now()
    locked.host_responded_by = actor
    locked.version += 1
    save_with_history(
        locked,
        actor=actor,
        reason=f"host {response}: {reason}" if reason else f"host {response}",
        exclude=["reference_code"],
    )
    return locked


@transaction.atomic
def accept_placement(
    placement: Placement, actor, *, expected_version: int | None = None
) -> Placement:
    """The host unit agrees to take the officer; CSB may then confirm the placement. A unit
    the programme no longer sends officers to (restricted since the proposal) cannot."""
    locked = _locked_awaiting(placement, actor, expected_version)
    check_host_allowed(programme=locked.cohort.programme, host_unit=locked.host_unit)
    _answer(locked, actor, Placement.HostResponse.ACCEPTED, "")
    notify.host_answer_event(locked, "placement_accepted")
    return locked


@transaction.atomic
def decline_placement(
    placement: Placement, actor, reason: str, *, expected_version: int | None = None
) -> Placement:
    """The host unit cannot take the officer, and says why. CSB withdraws the proposal or
    proposes another unit (placement_update with a new host unit asks that unit afresh)."""
    reason = (reason or "").strip()
    require(
        bool(reason),
        _("Say why the host unit declines the placement."),
        field="reason",
        code="required",
    )
    locked = _locked_awaiting(placement, actor, expected_version)
    _answer(locked, actor, Placement.HostResponse.DECLINED, reason)
    notify.host_answer_event(locked, "placement_declined")
    return locked
