"""Writes for what placements cost (decision 0049): a planned or actual cost is recorded,
changed or removed in one transaction, converted to Hong Kong dollars at its recorded rate, and
refused when it takes its programme's (or cohort's) financial-year commitments beyond the budget,
unless a CSB programme manager approves it with a reason."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.money import format_amount
from exchange_portal.services import assign_fields, require, require_permission
from programmes.models import Budget, financial_year_of

from ..models import HKD, Placement, PlacementCost, to_hkd

APPROVE_OVER_BUDGET = "placements.approve_over_budget"


def may_approve_over_budget(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.has_perm(APPROVE_OVER_BUDGET)


def hkd(value: Decimal) -> str:
    """ "HK$1,337.59", grouped as Hong Kong writes amounts in every language."""
    return "HK$" + format_amount(value)


def committed_hkd(budget: Budget) -> Decimal:
    """What is committed against `budget`: the committed lines (PlacementCost.objects.committed)
    of its programme's (or cohort's) placements in its financial year, in HK$. Summed in SQL."""
    return PlacementCost.objects.committed_total(
        programme_id=budget.programme_id,
        financial_year=budget.financial_year,
        cohort_id=budget.cohort_id,
    )


def _visible_placement(actor, placement: Placement) -> Placement:
    if not Placement.objects.visible_to(actor).filter(pk=placement.pk).exists():
        raise PermissionDenied(_("You may record costs only of placements you can see."))
    return Placement.objects.select_related("cohort").get(pk=placement.pk)


def _locked_budgets(placement: Placement, years) -> list[Budget]:
    """The budgets a cost of `placement` in `years` counts against (its programme's and its
    cohort's), locked so that two commitments at once are checked one after the other."""
    return list(
        Budget.objects.select_for_update(of=("self",))
        .filter(programme_id=placement.cohort.programme_id, financial_year__in=set(years))
        .filter(Q(cohort__isnull=True) | Q(cohort_id=placement.cohort_id))
        .select_related("programme", "cohort")
        .order_by("pk")
    )


def _over_budget(budgets, before: dict) -> list[tuple[Budget, Decimal]]:
    """The budgets the change takes beyond their amount (or further beyond), with the total."""
    over = []
    for budget in budgets:
        total = committed_hkd(budget)
        if total > budget.amount_hkd and total > before[budget.pk]:
            over.append((budget, total))
    return over


def _refusal(over) -> str:
    return (
        " ".join(
            str(
                _(
                    "This takes the budget of %(budget)s to %(total)s committed, beyond its "
                    "%(amount)s by %(excess)s."
                )
                % {
                    "budget": budget,
                    "total": hkd(total),
                    "amount": hkd(budget.amount_hkd),
                    "excess": hkd(total - budget.amount_hkd),
                }
            )
            for budget, total in over
        )
        + " "
        + str(_("A CSB programme manager may approve it: tick the approval and give the reason."))
    )


def _check_budget(budgets, before, *, actor, approve: bool, reason: str):
    """Refuse (ValidationError on "approve_over_budget") a change that takes a budget beyond
    its amount, unless approved with a reason by a user who may. Returns whether it was
    approved over the budget."""
    over = _over_budget(budgets, before)
    if not over:
        return False
    require(approve, _refusal(over), field="approve_over_budget", code="over_budget")
    if not may_approve_over_budget(actor):
        raise PermissionDenied(_("Only a CSB programme manager may approve going over a budget."))
    require(
        bool(reason.strip()),
        _("Give the reason for going over the budget."),
        field="over_budget_reason",
        code="over_budget_reason",
    )
    return True


def _prepare(cost: PlacementCost) -> None:
    """Derive what the service keeps: the rate 1 for HK$, the HK$ amount, the financial year."""
    if cost.currency == HKD and cost.rate_to_hkd in (None, ""):
        cost.rate_to_hkd = Decimal("1")
    if isinstance(cost.amount, Decimal) and isinstance(cost.rate_to_hkd, Decimal):
        cost.amount_hkd = to_hkd(cost.amount, cost.rate_to_hkd)
    if cost.incurred_on is not None:
        cost.financial_year = financial_year_of(cost.incurred_on)


def _save(cost: PlacementCost, *, actor, approved: bool, reason: str, change_reason=""):
    if approved:
        cost.over_budget_approved_by = actor
        cost.over_budget_approved_at = timezone.now()
        cost.over_budget_reason = reason.strip()
    cost._history_user = actor
    if change_reason:
        cost._change_reason = change_reason
    cost.save()


def _validated(cost: PlacementCost) -> None:
    _prepare(cost)
    cost.full_clean(exclude=["placement"])


@transaction.atomic
def cost_record(
    *,
    placement: Placement,
    actor,
    approve_over_budget: bool = False,
    over_budget_reason: str = "",
    **fields,
) -> PlacementCost:
    """Record a planned or actual cost of a placement the actor can see. `fields`: those of
    `PlacementCost.INPUT_FIELDS`. Refused beyond the budget unless approved (decision 0049)."""
    require_permission(actor, "placements.add_placementcost")
    placement = _visible_placement(actor, placement)
    cost = PlacementCost(placement=placement, recorded_by=actor)
    assign_fields(cost, {k: v for k, v in fields.items() if k in PlacementCost.INPUT_FIELDS})
    _validated(cost)
    budgets = _locked_budgets(placement, [cost.financial_year])
    before = {budget.pk: committed_hkd(budget) for budget in budgets}
    cost._history_user = actor
    cost.save()
    approved = _check_budget(
        budgets, before, actor=actor, approve=approve_over_budget, reason=over_budget_reason
    )
    if approved:
        _save(cost, actor=actor, approved=True, reason=over_budget_reason)
    return cost


@transaction.atomic
def cost_update(
    cost: PlacementCost,
    *,
    actor,
    approve_over_budget: bool = False,
    over_budget_reason: str = "",
    **fields,
) -> PlacementCost:
    """Change a recorded cost (e.g. a planned cost that is now actual, or a corrected rate).
    Refused when it takes a budget further beyond its amount unless approved."""
    require_permission(actor, "placements.change_placementcost")
    placement = _visible_placement(actor, cost.placement)
    locked = PlacementCost.objects.select_for_update().get(pk=cost.pk, placement=placement)
    old_year = locked.financial_year
    assign_fields(locked, {k: v for k, v in fields.items() if k in PlacementCost.INPUT_FIELDS})
    _validated(locked)
    budgets = _locked_budgets(placement, [old_year, locked.financial_year])
    before = {budget.pk: committed_hkd(budget) for budget in budgets}
    locked._history_user = actor
    locked.save()
    approved = _check_budget(
        budgets, before, actor=actor, approve=approve_over_budget, reason=over_budget_reason
    )
    if approved:
        _save(locked, actor=actor, approved=True, reason=over_budget_reason)
    return locked


@transaction.atomic
def cost_delete(
    cost: PlacementCost,
    *,
    actor,
    approve_over_budget: bool = False,
    over_budget_reason: str = "",
) -> None:
    """Remove a cost recorded in error. Removing an actual cost brings back the planned ones of
    its line (decision 0049), so it too may be refused beyond the budget."""
    require_permission(actor, "placements.delete_placementcost")
    placement = _visible_placement(actor, cost.placement)
    locked = PlacementCost.objects.select_for_update().get(pk=cost.pk, placement=placement)
    budgets = _locked_budgets(placement, [locked.financial_year])
    before = {budget.pk: committed_hkd(budget) for budget in budgets}
    locked._history_user = actor
    locked.delete()
    _check_budget(
        budgets, before, actor=actor, approve=approve_over_budget, reason=over_budget_reason
    )
