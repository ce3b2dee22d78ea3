"""A world of programmes with costs in several currencies, planned and actual, budgets, and
placements crossing the ends of financial years: for the cost figures and their API."""

import datetime
from collections import defaultdict
from decimal import Decimal

from placements.models import Placement, PlacementCost, to_hkd
from programmes.models import financial_year_of
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import PlacementCostFactory, PlacementFactory
from tests.programmes.factories import BudgetFactory, CohortFactory, ProgrammeFactory

D = datetime.date
PLANNED, ACTUAL = PlacementCost.Kind.PLANNED, PlacementCost.Kind.ACTUAL
COUNTED = {Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS, Placement.Status.COMPLETED}


def placement_in(programme, start, end, status=Placement.Status.COMPLETED, department=None):
    cohort = CohortFactory(programme=programme, start_date=start, end_date=end)
    officer = ParticipantFactory(**({"department": department} if department else {}))
    return PlacementFactory(
        nomination__cohort=cohort,
        nomination__participant=officer,
        start_date=start,
        end_date=end,
        status=status,
    )


def cost(placement, amount, currency, rate, on, kind=PLANNED, category="accommodation"):
    return PlacementCostFactory(
        placement=placement,
        amount=Decimal(amount),
        currency=currency,
        rate_to_hkd=Decimal(rate),
        rate_date=on,
        incurred_on=on,
        kind=kind,
        category=category,
    )


def build_cost_world():
    """Two programmes (CSB's GBA exchange, the Transport Department's UN JPO), four placements
    (one withdrawn), eleven costs in HKD, CNY, USD and CHF, and budgets."""
    csb = DepartmentFactory(code="CSB", name_en="Civil Service Bureau")
    td = DepartmentFactory(code="TD", name_en="Transport Department")
    gba = ProgrammeFactory(
        name_en="GBA exchange",
        name_zh_hant="大灣區交流計劃",
        name_zh_hans="大湾区交流计划",
        organiser=csb,
    )
    jpo = ProgrammeFactory(
        name_en="UN JPO",
        name_zh_hant="聯合國初級專業人員計劃",
        name_zh_hans="联合国初级专业人员计划",
        organiser=td,
    )
    # Crossing the end of 2023-24 (91 days each side), of 2024-25 (182 + 183), and a whole
    # 2024-25 (365 days); the withdrawn one's days are not officer days.
    p1 = placement_in(gba, D(2024, 1, 1), D(2024, 6, 30), department=td)
    p2 = placement_in(gba, D(2024, 10, 1), D(2025, 9, 30), Placement.Status.IN_PROGRESS)
    p3 = placement_in(gba, D(2024, 5, 1), D(2024, 7, 31), Placement.Status.WITHDRAWN)
    p4 = placement_in(jpo, D(2024, 4, 1), D(2025, 3, 31), department=td)
    costs = [
        # p1, 2023-24: an actual accommodation replaces the planned one.
        cost(p1, "6000.00", "CNY", "1.083456", D(2024, 2, 1)),
        cost(p1, "6100.00", "CNY", "1.085200", D(2024, 2, 20), ACTUAL),
        # p1, 2024-25: planned travel, nothing actual.
        cost(p1, "3210.50", "HKD", "1", D(2024, 5, 1), category="travel"),
        # p2: an actual allowance in 2024-25, a planned subsistence in 2025-26.
        cost(p2, "2500.00", "USD", "7.812500", D(2024, 11, 1), ACTUAL, "allowance"),
        cost(p2, "1200.35", "CHF", "8.873100", D(2025, 5, 1), category="subsistence"),
        # p3 (withdrawn) had a planned cost recorded.
        cost(p3, "999.99", "HKD", "1", D(2024, 6, 1), category="travel"),
        # p4, 2024-25: two actual allowances replace the planned one; planned insurance.
        cost(p4, "14000.00", "CHF", "8.873100", D(2024, 5, 1), category="allowance"),
        cost(p4, "15000.00", "CHF", "8.873100", D(2024, 6, 15), ACTUAL, "allowance"),
        cost(p4, "15000.00", "CHF", "8.901700", D(2024, 12, 15), ACTUAL, "allowance"),
        cost(p4, "300.00", "USD", "7.800000", D(2024, 4, 2), category="insurance"),
        # p4, 2025-26: a planned accommodation, the day after it ended.
        cost(p4, "0.10", "HKD", "1", D(2025, 4, 1)),
    ]
    budgets = {
        (gba.pk, 2024): BudgetFactory(
            programme=gba, financial_year=2024, amount_hkd=Decimal("50000.00")
        ).amount_hkd,
        (jpo.pk, 2024): BudgetFactory(
            programme=jpo, financial_year=2024, amount_hkd=Decimal("200000.00")
        ).amount_hkd,
    }
    # A cohort's budget is part of its programme's: not added to the programme's column.
    BudgetFactory(programme=gba, cohort=p2.cohort, financial_year=2024, amount_hkd=Decimal("1"))
    return {
        "csb": csb,
        "td": td,
        "programmes": (gba, jpo),
        "placements": (p1, p2, p3, p4),
        "costs": costs,
        "budgets": budgets,
    }


def committed_by_hand(costs) -> dict[tuple[int, int], Decimal]:
    """Cost per (programme id, financial year), counted here from the lines: per placement,
    category and year, the actual lines if there is one, else the planned."""
    groups = defaultdict(list)
    for line in costs:
        groups[(line.placement_id, line.category, financial_year_of(line.incurred_on))].append(line)
    totals = defaultdict(lambda: Decimal("0.00"))
    for (_placement, _category, year), lines in groups.items():
        actual = [line for line in lines if line.kind == ACTUAL]
        for line in actual or lines:
            amount = to_hkd(Decimal(str(line.amount)), Decimal(str(line.rate_to_hkd)))
            totals[(line.placement.cohort.programme_id, year)] += amount
    return dict(totals)


def officer_days_by_hand(placements, programme, year) -> int:
    """Days of the programme's placements that went ahead within financial year `year`."""
    first, last = D(year, 4, 1), D(year + 1, 3, 31)
    days = 0
    for placement in placements:
        if placement.status not in COUNTED or placement.cohort.programme_id != programme.pk:
            continue
        start, end = max(placement.start_date, first), min(placement.end_date, last)
        days += max((end - start).days + 1, 0)
    return days
