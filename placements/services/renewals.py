"""Renewal of a long appointment (a UN JPO's second year), decided by CSB at its yearly review:
"renew" asks for the extension as an amendment, which is approved or rejected as any other
(the rules checked again then); "do not renew" is recorded and the placement ends as planned."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import require, require_permission, save_with_history
from programmes.periods import MONTH, end_after

from ..models import MAX_RENEWAL_MONTHS, Placement, PlacementReport, RenewalDecision
from ..schedule import schedule_for
from .amendments import AMENDABLE, amendment_request

DECIDE_RENEWAL = "placements.add_renewaldecision"


def renewal_year(placement: Placement) -> int | None:
    """The year of the latest yearly review opened for the placement: the one a renewal is
    decided at. None before the first review opens."""
    years = [r.sequence for r in placement.reports.all() if r.kind == PlacementReport.Kind.YEARLY]
    return max(years) if years else None


def may_decide_renewal(placement: Placement, user) -> bool:
    """Whether the staff page offers the renewal form (the service still decides)."""
    if not user.has_perm(DECIDE_RENEWAL) or placement.status not in AMENDABLE:
        return False
    year = renewal_year(placement)
    return year is not None and not any(d.year == year for d in placement.renewal_decisions.all())


@transaction.atomic
def renewal_decide(
    *, placement: Placement, actor, outcome: str, reason: str, months: int | None = None
) -> RenewalDecision:
    """Record CSB's decision at the placement's latest yearly review: renew for `months`
    (the extension asked for as an amendment, awaiting its own approval) or not renew."""
    require_permission(actor, DECIDE_RENEWAL)
    if not Placement.objects.visible_to(actor).filter(pk=placement.pk).exists():
        raise PermissionDenied(_("You may decide only on the placements of programmes you run."))
    placement = (
        Placement.objects.select_for_update()
        .select_related("cohort__programme")
        .get(pk=placement.pk)
    )
    require(
        placement.status in AMENDABLE,
        _("Only a confirmed or running placement is renewed; this one is %(status)s.")
        % {"status": placement.get_status_display().lower()},
        code="placement_not_active",
    )
    require(
        any(c.kind == PlacementReport.Kind.YEARLY for c in schedule_for(placement)),
        _(
            "This placement is not a long appointment with yearly reviews: there is no "
            "renewal to decide."
        ),
        code="not_long_appointment",
    )
    year = renewal_year(placement)
    require(
        year is not None,
        _("The first yearly review of this placement has not opened yet."),
        code="review_not_open",
    )
    require(
        not RenewalDecision.objects.filter(placement=placement, year=year).exists(),
        _("A renewal decision is already recorded for year %(year)s of this placement.")
        % {"year": year},
        code="already_decided",
    )
    reason = (reason or "").strip()
    require(bool(reason), _("Give the reason for the decision."), field="reason")
    require(
        outcome in RenewalDecision.Outcome.values,
        _("Choose whether to renew."),
        field="outcome",
    )
    amendment = None
    if outcome == RenewalDecision.Outcome.RENEW:
        require(
            months is not None and 1 <= months <= MAX_RENEWAL_MONTHS,
            _("Renew for between 1 and %(most)s months.") % {"most": MAX_RENEWAL_MONTHS},
            field="months",
        )
        amendment = amendment_request(
            placement=placement,
            actor=actor,
            reason=reason,
            new_end_date=end_after(placement.end_date + timedelta(days=1), months, MONTH),
        )
    else:
        months = None
    decision = RenewalDecision(
        placement=placement,
        year=year,
        outcome=outcome,
        months=months,
        reason=reason,
        amendment=amendment,
        decided_by=actor,
    )
    return save_with_history(decision, actor=actor, reason=outcome)
