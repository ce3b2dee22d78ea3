"""The vacated-place cascade: withdrawing a nomination withdraws its placement, and a confirmed
place that falls vacant is offered to the first candidate on the cohort's reserve list. It sits
above the nomination and placement services, which import nothing of each other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.workflow import run_transition

from .. import notify
from ..models import Nomination, Placement
from ..workflow import NOMINATION_WORKFLOW, PLACEMENT_WORKFLOW
from .nominations import may_change_nomination
from .rules import check_free_to_select


@transaction.atomic
def offer_vacated_place(*, cohort_id: int, actor, vacated: Placement) -> Nomination | None:
    """When a confirmed officer drops out, the first candidate on the reserve list is offered
    the place, as a consequence of the withdrawal (so whoever withdrew may trigger it)."""
    reserves = (
        Nomination.objects.filter(cohort_id=cohort_id, status=Nomination.Status.RESERVE)
        .select_related("cohort")
        .order_by("reserve_rank", "pk")
        .select_for_update()
    )
    # The first candidate free for the cohort's dates: one selected meanwhile for another
    # cohort over the same dates is passed over (an officer is selected for one at a time).
    candidate = None
    for reserve in reserves:
        try:
            check_free_to_select(reserve)
        except ValidationError:
            continue
        candidate = reserve
        break
    if candidate is None:
        return None
    offered = run_transition(
        NOMINATION_WORKFLOW,
        candidate,
        "offer_place",
        actor=actor,
        reason=_("the place of %(code)s fell vacant") % {"code": vacated.reference_code},
        may=lambda _actor, _obj: True,
    )
    notify.nomination_event(offered, "place_offered")
    return offered


@transaction.atomic
def placement_withdraw(
    *,
    placement: Placement,
    actor,
    reason: str,
    consequence: bool = False,
    expected_version: int | None = None,
) -> Placement:
    """Withdraw a placement. A confirmed place that falls vacant is offered to the first
    candidate on the cohort's reserve list. `consequence` marks a withdrawal that follows from
    another permitted change (the nomination was withdrawn), which needs no permission of its
    own."""
    before = Placement.objects.select_for_update().get(pk=placement.pk).status
    placement = run_transition(
        PLACEMENT_WORKFLOW,
        placement,
        "withdraw",
        actor=actor,
        reason=reason,
        may=(lambda _actor, _obj: True) if consequence else None,
        expected_version=expected_version,
    )
    notify.placement_event(placement, "placement_withdrawn")
    if before == Placement.Status.CONFIRMED:
        offer_vacated_place(cohort_id=placement.cohort_id, actor=actor, vacated=placement)
    return placement


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """Withdraw a nomination; a placement not yet completed is withdrawn with it (and a place
    it held is offered to the reserve list)."""
    nomination = run_transition(
        NOMINATION_WORKFLOW,
        nomination,
        "withdraw",
        actor=actor,
        reason=reason,
        may=may_change_nomination,
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
        placement_withdraw(placement=placement, actor=actor, reason=reason, consequence=True)
    notify.nomination_event(nomination, "nomination_withdrawn")
    return nomination
