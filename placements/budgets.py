"""Reads of what placements cost and what programmes may spend (decision 0049), for the staff
pages: a placement's costs with their totals, a programme's budgets with what is committed and
left. Every figure is summed in SQL and comes back as Decimal (never float)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from programmes.models import Budget

from .models import MoneySum, PlacementCost

ZERO = Decimal("0.00")


def costs_for(user) -> QuerySet[PlacementCost]:
    """The costs a user may see (`visible_to`): CSB all, department HR their officers',
    coordinators their department's programmes'; nobody else any."""
    return PlacementCost.objects.visible_to(user)


def budgets_for(user) -> QuerySet[Budget]:
    """The budgets a user's role reaches: CSB all, coordinators their department's programmes'
    (department HR reach all, as they reach every programme, but hold no permission to read
    them)."""
    return Budget.objects.visible_to(user).select_related("programme", "cohort")


@dataclass(frozen=True)
class CostSummary:
    costs: list[PlacementCost]
    planned_hkd: Decimal
    actual_hkd: Decimal
    committed_hkd: Decimal


def placement_costs(placement, user) -> CostSummary | None:
    """A placement's costs as `user` may see them, with the HK$ totals of the planned, the
    actual and the committed lines (the actual of a line once recorded, else the planned);
    None when the user may see none of its costs (their role reads no costs)."""
    visible = costs_for(user)
    if visible.query.is_empty() or not user.has_perm("placements.view_placementcost"):
        return None
    lines = visible.filter(placement=placement)
    totals = lines.aggregate(
        planned=MoneySum("amount_hkd", filter=Q(kind=PlacementCost.Kind.PLANNED)),
        actual=MoneySum("amount_hkd", filter=Q(kind=PlacementCost.Kind.ACTUAL)),
    )
    committed = lines.committed().aggregate(total=MoneySum("amount_hkd"))["total"]
    return CostSummary(
        costs=list(lines.select_related("over_budget_approved_by").order_by(*ORDER)),
        planned_hkd=totals["planned"] or ZERO,
        actual_hkd=totals["actual"] or ZERO,
        committed_hkd=committed or ZERO,
    )


ORDER = ("incurred_on", "category", "kind", "pk")


@dataclass(frozen=True)
class BudgetLine:
    budget: Budget
    committed_hkd: Decimal

    @property
    def left_hkd(self) -> Decimal:
        return self.budget.amount_hkd - self.committed_hkd

    @property
    def excess_hkd(self) -> Decimal:
        return self.committed_hkd - self.budget.amount_hkd

    @property
    def is_over(self) -> bool:
        return self.committed_hkd > self.budget.amount_hkd


def programme_budgets(programme, user) -> list[BudgetLine] | None:
    """The programme's budgets the user may see, newest year first, each with what is
    committed against it and what is left; None when the user's role reads no budgets."""
    visible = budgets_for(user)
    if visible.query.is_empty() or not user.has_perm("programmes.view_budget"):
        return None
    return [
        BudgetLine(
            budget,
            PlacementCost.objects.committed_total(
                programme_id=budget.programme_id,
                financial_year=budget.financial_year,
                cohort_id=budget.cohort_id,
            ),
        )
        for budget in visible.filter(programme=programme).order_by(
            "-financial_year", "cohort__start_date", "pk"
        )
    ]
