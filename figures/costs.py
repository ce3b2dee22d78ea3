"""What the programmes cost: Hong Kong dollars per programme and financial year, planned and
actual, beside the budget and what is left, and per officer month (decision 0051).

`cost_report()` is the one entry point, for the staff reports page, its downloads and the REST
API alike; `cohort_costs()` gives a cohort's factsheet its figures.

- **Year**: the Hong Kong Government's financial year, 1 April to 31 March, named by the year
  it starts ("2024" is 2024-25), as budgets are kept (decision 0049). A cost falls in the
  financial year of the day it is (or is planned to be) paid (`PlacementCost.financial_year`).
- **Cost**: what is committed (`PlacementCostQuerySet.committed`, decision 0049): for each
  placement, category and financial year, the actual costs once any is recorded, else the
  planned ones. "Planned" and "actual" beside it are the sums of every planned and every actual
  line.
- **Budget**: the programme's own budget of the year (a cohort's budget is part of its
  programme's, not added to it); "left" is the budget less the cost, negative when over.
- **Officer months**: the days of each placement that went ahead (confirmed, in progress or
  completed) falling in the financial year, over all the programme's placements, divided by
  30.4375 (the average month of the Gregorian calendar, 365.25 / 12, as the factsheet counts a
  stay's length). A placement from 1 January to 30 June 2024 gives 2024-25 the 91 days from
  1 April: 2.99 officer months. **Cost per officer month** is the cost times 30.4375 divided by
  the days, in whole cents (halves up): no rounded month count in between.

Every sum is made in the database and exact on SQLite and PostgreSQL alike: SQLite keeps a
decimal column as a binary float and sums it as one, so amounts are summed as whole cents
(integers), then turned back into a Decimal (`placements.models.MoneySum`, decision 0049).
Who may see costs: CSB staff every programme's, a programme coordinator their department's
programmes' (`COST_READERS`); nobody else, department HR included (a programme's money is not
a department's).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange_portal.names import NAME_FIELDS, localised_name
from exchange_portal.roles import COST_READERS, role_of
from placements.models import CENT, MoneySum, Placement, PlacementCost
from placements.selectors import COUNTED_STATES
from programmes.models import (
    FINANCIAL_YEAR_START_MONTH,
    Budget,
    Programme,
    financial_year_label,
    financial_year_of,
)

# The average month: 365.25 / 12 days.
OFFICER_MONTH_DAYS = Decimal("30.4375")
TENTH = Decimal("0.1")


def may_see_costs(user) -> bool:
    return role_of(user) in COST_READERS


def current_financial_year(today: datetime.date | None = None) -> int:
    return financial_year_of(today or timezone.localdate())


def year_label(year: int) -> str:
    """ "2024-25": the financial year starting on 1 April 2024."""
    return financial_year_label(year)


def sum_or_zero(total: Decimal | None) -> Decimal:
    """A MoneySum's Decimal, 0.00 where no row was summed."""
    return Decimal("0.00") if total is None else total


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of financial year `year` (1 April `year` to 31 March next)."""
    first = datetime.date(year, FINANCIAL_YEAR_START_MONTH, 1)
    last = datetime.date(year + 1, FINANCIAL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1)
    return first, last


def officer_months(days: int) -> Decimal:
    """Officer months of `days` officer days, to a tenth."""
    return (Decimal(days) / OFFICER_MONTH_DAYS).quantize(TENTH, rounding=ROUND_HALF_UP)


def per_officer_month(cost: Decimal, days: int) -> Decimal | None:
    """`cost` per officer month of `days` officer days, in whole cents; None without days."""
    if not days:
        return None
    return (cost * OFFICER_MONTH_DAYS / Decimal(days)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ProgrammeYear:
    """One programme in one financial year."""

    programme_id: int
    label: str
    year: int
    cost: Decimal  # committed: actual where recorded, else planned
    planned: Decimal
    actual: Decimal
    budget: Decimal | None
    officer_days: int

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.cost

    @property
    def officer_months(self) -> Decimal:
        return officer_months(self.officer_days)

    @property
    def per_officer_month(self) -> Decimal | None:
        return per_officer_month(self.cost, self.officer_days)


@dataclass(frozen=True)
class CostRow:
    programme_id: int
    label: str
    cells: list[Decimal]  # the cost of each year of the report
    total: Decimal


@dataclass(frozen=True)
class CostReport:
    years: list[int]
    rows: list[CostRow]
    column_totals: list[Decimal]
    total: Decimal
    details: list[ProgrammeYear]  # every programme and year with a cost or a budget

    @property
    def columns(self) -> list[str]:
        return [financial_year_label(year) for year in self.years]

    def header(self) -> list[str]:
        return [_("Programme"), *self.columns, _("Total")]

    def table(self) -> list[list]:
        """Cost by programme and year, the totals row last, as plain values (Decimals)."""
        rows = [[row.label, *row.cells, row.total] for row in self.rows]
        return [*rows, [_("Total"), *self.column_totals, self.total]]

    def details_header(self) -> list[str]:
        return [
            _("Programme"),
            _("Financial year"),
            _("Cost (HK$)"),
            _("Planned (HK$)"),
            _("Actual (HK$)"),
            _("Budget (HK$)"),
            _("Left of the budget (HK$)"),
            _("Officer months"),
            _("Cost per officer month (HK$)"),
        ]

    def details_table(self) -> list[list]:
        return [
            [
                line.label,
                line.year_label,
                line.cost,
                line.planned,
                line.actual,
                line.budget,
                line.left,
                line.officer_months,
                line.per_officer_month,
            ]
            for line in self.details
        ]

    def export_rows(self) -> list[list]:
        """Both tables under their titles, for a download below the officers' table."""
        return [
            [],
            [_("Cost in HK$ by programme and financial year")],
            self.header(),
            *self.table(),
            [],
            [_("Cost against the budget and per officer month")],
            self.details_header(),
            *self.details_table(),
        ]


def _costs(user) -> QuerySet:
    return PlacementCost.objects.visible_to(user).order_by()


def cost_report(
    *,
    user,
    programmes: Iterable | None = None,
    years: tuple[int | None, int | None] = (None, None),
) -> CostReport | None:
    """Cost per programme and financial year among what `user` may see, of the given
    programmes (all when empty), in the financial years `years` (first, last; either open).
    None for a user who may not see costs. Five queries whatever the number of rows."""
    if not may_see_costs(user):
        return None
    programme_ids = [getattr(p, "pk", p) for p in programmes or []]
    first, last = years

    def narrowed(queryset: QuerySet, programme_path: str, year_field: str) -> QuerySet:
        if programme_ids:
            queryset = queryset.filter(**{f"{programme_path}__in": programme_ids})
        if first is not None:
            queryset = queryset.filter(**{f"{year_field}__gte": first})
        if last is not None:
            queryset = queryset.filter(**{f"{year_field}__lte": last})
        return queryset

    programme = "placement__cohort__programme"
    lines = narrowed(_costs(user), programme, "financial_year")
    committed = {
        (row[programme], row["financial_year"]): sum_or_zero(row["cents"])
        for row in lines.committed()
        .values(programme, "financial_year")
        .annotate(cents=MoneySum("amount_hkd"))
    }
    planned_actual = {
        (row[programme], row["financial_year"]): (
            sum_or_zero(row["planned"]),
            sum_or_zero(row["actual"]),
        )
        for row in lines.values(programme, "financial_year").annotate(
            planned=MoneySum("amount_hkd", filter=Q(kind=PlacementCost.Kind.PLANNED)),
            actual=MoneySum("amount_hkd", filter=Q(kind=PlacementCost.Kind.ACTUAL)),
        )
    }
    budgets = {
        (row["programme"], row["financial_year"]): sum_or_zero(row["cents"])
        for row in narrowed(
            Budget.objects.visible_to(user).filter(cohort__isnull=True).order_by(),
            "programme",
            "financial_year",
        )
        .values("programme", "financial_year")
        .annotate(cents=MoneySum("amount_hkd"))
    }
    keys = set(committed) | set(planned_actual) | set(budgets)
    found_years = sorted({year for _programme, year in keys})
    if first is not None and last is not None:
        report_years = list(range(first, last + 1))
    elif found_years:
        report_years = list(
            range(
                first if first is not None else found_years[0],
                (last if last is not None else found_years[-1]) + 1,
            )
        )
    else:
        report_years = []
    ids = {programme_id for programme_id, _year in keys}
    labels = {
        row["pk"]: localised_name(*(row[f] for f in NAME_FIELDS))
        for row in Programme.objects.filter(pk__in=ids).values("pk", *NAME_FIELDS)
    }
    days = officer_days(user, ids, sorted({year for _programme, year in keys}))

    def details_of(programme_id, year) -> ProgrammeYear:
        planned, actual = planned_actual.get((programme_id, year), (Decimal("0.00"),) * 2)
        return ProgrammeYear(
            programme_id=programme_id,
            label=labels.get(programme_id, ""),
            year=year,
            cost=committed.get((programme_id, year), Decimal("0.00")),
            planned=planned,
            actual=actual,
            budget=budgets.get((programme_id, year)),
            officer_days=days.get((programme_id, year), 0),
        )

    order = sorted(ids, key=lambda pk: labels.get(pk, "").casefold())
    zero = Decimal("0.00")
    rows = [
        CostRow(
            programme_id=pk,
            label=labels.get(pk, ""),
            cells=(cells := [committed.get((pk, year), zero) for year in report_years]),
            total=sum(cells, zero),
        )
        for pk in order
    ]
    column_totals = [sum((row.cells[i] for row in rows), zero) for i in range(len(report_years))]
    details = [details_of(pk, year) for pk in order for year in report_years if (pk, year) in keys]
    return CostReport(
        years=report_years,
        rows=rows,
        column_totals=column_totals,
        total=sum(column_totals, zero),
        details=details,
    )


def _overlap_days(first: datetime.date, last: datetime.date):
    """A placement's days within first..last (inclusive) less one, as a duration (the one
    day more per placement is added by counting the placements)."""
    return ExpressionWrapper(
        Least(F("end_date"), Value(last)) - Greatest(F("start_date"), Value(first)),
        output_field=DurationField(),
    )


def officer_days(user, programme_ids, years) -> dict[tuple[int, int], int]:
    """Days of the placements that went ahead, per (programme, financial year), among the
    placements `user` may see: one GROUP BY query with a sum per year."""
    if not programme_ids or not years:
        return {}
    placements = Placement.objects.visible_to(user).filter(
        cohort__programme__in=programme_ids, status__in=COUNTED_STATES
    )
    first_day = financial_year_bounds(years[0])[0]
    last_day = financial_year_bounds(years[-1])[1]
    placements = placements.filter(start_date__lte=last_day, end_date__gte=first_day).order_by()
    annotations = {}
    for year in years:
        first, last = financial_year_bounds(year)
        within = Q(start_date__lte=last, end_date__gte=first)
        annotations[f"span_{year}"] = Sum(_overlap_days(first, last), filter=within)
        annotations[f"count_{year}"] = Count("pk", filter=within)
    result = {}
    for row in placements.values("cohort__programme").annotate(**annotations):
        for year in years:
            span = row[f"span_{year}"]
            if row[f"count_{year}"]:
                result[(row["cohort__programme"], year)] = span.days + row[f"count_{year}"]
    return result


# The cohort factsheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortCosts:
    cost: Decimal
    officers: int
    officer_days: int

    @property
    def per_officer(self) -> Decimal | None:
        if not self.officers:
            return None
        return (self.cost / self.officers).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def officer_months(self) -> Decimal:
        return officer_months(self.officer_days)

    @property
    def per_officer_month(self) -> Decimal | None:
        return per_officer_month(self.cost, self.officer_days)


def cohort_costs(cohort) -> CohortCosts:
    """What a cohort cost, whatever the year: its placements' committed costs, per officer
    whose placement went ahead and per officer month of those placements (all their days).
    Aggregates only: no officer's own amounts. Two queries."""
    cents = (
        PlacementCost.objects.filter(placement__cohort=cohort)
        .order_by()
        .committed()
        .aggregate(cents=MoneySum("amount_hkd"))["cents"]
    )
    placements = (
        Placement.objects.filter(cohort=cohort, status__in=COUNTED_STATES)
        .order_by()
        .aggregate(
            officers=Count("participant", distinct=True),
            count=Count("pk"),
            span=Sum(
                ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())
            ),
        )
    )
    days = placements["span"].days + placements["count"] if placements["count"] else 0
    return CohortCosts(cost=sum_or_zero(cents), officers=placements["officers"], officer_days=days)
