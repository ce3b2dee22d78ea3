"""Reads that feed the charts of charts.

Each function is one GROUP BY, or a bounded query with its joins, so its cost is fixed
whatever the number of placements (tests/placements/test_chart_data.py holds the counts).
Labels are in the language active when the function is called. The officer counts are exact,
for staff; `suppress=True` hides small groups for the public (exchange_portal.disclosure).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, Window
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

import charts
from charts import (
    CAP,
    BalanceGroup,
    BalancePart,
    CoverageData,
    CrossTable,
    Span,
    TimelineData,
    TimelineItem,
)
from exchange_portal.disclosure import THRESHOLD, Group, SuppressedTable, suppress_small_groups
from exchange_portal.names import localised_name, name_fields
from participants.models import Participant
from placements.models import HostOrganisation, Placement
from placements.selectors import COUNTED_STATES
from programmes.models import Cohort, Direction, PartnerAgreement

# Placements a timeline draws: everything but cancelled ones (a cancelled placement never
# happened and was not the officer's choice; a withdrawn one is kept, struck through).
TIMELINE_STATES = (
    Placement.Status.PROPOSED,
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
    Placement.Status.WITHDRAWN,
)

# An officer is away while a placement is confirmed or running; a completed one still counts
# for the months it covered, so the current month does not lose an officer who came back.
AWAY_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)


# --- Timelines ------------------------------------------------------------------------------


def _unit_name(unit) -> str:
    return unit.name_with_organisation


def _timeline(placements) -> TimelineData:
    rows = list(
        placements.filter(status__in=TIMELINE_STATES)
        .select_related("participant", "host_unit__organisation")
        # The full count rides along on every row, so "and N more" costs no second query.
        .annotate(total=Window(Count("pk")))
        .order_by("start_date", "participant__name_en", "pk")[:CAP]
    )
    items = [
        TimelineItem(
            label=p.participant.display_name,
            detail=_unit_name(p.host_unit),
            spans=[Span(p.start_date, p.end_date, p.status, p.get_status_display())],
        )
        for p in rows
    ]
    return TimelineData(items=items, total=rows[0].total if rows else 0)


def timeline_for_cohort(cohort) -> TimelineData:
    """The cohort's placements, a row each: the officer and the host unit, from start to end."""
    return _timeline(Placement.objects.filter(cohort=cohort))


def _organisation_and_descendants(organisation) -> list[int]:
    children = defaultdict(list)
    for pk, parent in HostOrganisation.objects.filter(parent__isnull=False).values_list(
        "pk", "parent"
    ):
        children[parent].append(pk)
    found, waiting = [], [organisation.pk]
    while waiting:
        pk = waiting.pop()
        if pk not in found:
            found.append(pk)
            waiting.extend(children[pk])
    return found


def timeline_for_host_organisation(organisation) -> TimelineData:
    """Placements at the organisation's units and at those of the organisations within it
    (the Futian District Government's units on Shenzhen's timeline), a row each."""
    return _timeline(
        Placement.objects.filter(
            host_unit__organisation__in=_organisation_and_descendants(organisation)
        )
    )


# --- Department coverage --------------------------------------------------------------------


def default_coverage_range(today: datetime.date | None = None):
    """This month and the eleven after it."""
    start = (today or timezone.localdate()).replace(day=1)
    return start, charts.add_months(start, 12) - datetime.timedelta(days=1)


def coverage_for_department(
    department, start: datetime.date | None = None, end: datetime.date | None = None
) -> CoverageData:
    """Which of the department's officers are away when between start and end (default: this
    month and the next eleven), and how many are away in each month. Two queries: the monthly
    counts as one aggregate, and the placements of the first CAP officers by name."""
    if start is None or end is None:
        default_start, default_end = default_coverage_range()
        start, end = start or default_start, end or default_end
    if end < start:
        raise ValueError("The end of the range must not be before its start.")
    away = Placement.objects.filter(
        participant__department=department, status__in=AWAY_STATES
    ).overlapping(start, end)
    month_starts = charts.months_between(start, end)
    per_month = {
        f"m{index}": Count(
            "participant",
            distinct=True,
            filter=Q(
                start_date__lte=min(charts.next_month(month) - datetime.timedelta(days=1), end),
                end_date__gte=max(month, start),
            ),
        )
        for index, month in enumerate(month_starts)
    }
    counts = away.aggregate(officers=Count("participant", distinct=True), **per_month)
    first_officers = (
        Participant.objects.filter(Exists(away.filter(participant=OuterRef("pk"))))
        .order_by("name_en", "pk")
        .values("pk")[:CAP]
    )
    placements = (
        away.filter(participant__in=first_officers)
        .select_related("participant", "host_unit__organisation")
        .order_by("participant__name_en", "participant", "start_date")
    )
    items: dict[int, TimelineItem] = {}
    for p in placements:
        item = items.setdefault(
            p.participant_id, TimelineItem(p.participant.display_name, "", spans=[])
        )
        item.spans.append(
            Span(
                p.start_date,
                p.end_date,
                p.status,
                p.get_status_display(),
                place=_unit_name(p.host_unit),
            )
        )
    officers = [
        TimelineItem(item.label, "; ".join(dict.fromkeys(s.place for s in item.spans)), item.spans)
        for item in items.values()
    ]
    return CoverageData(
        start=start,
        end=end,
        items=officers,
        total=counts["officers"],
        months=[(month, counts[f"m{i}"]) for i, month in enumerate(month_starts)],
    )


# --- Officers counted by one key (bar charts) -----------------------------------------------


def _counted():
    return Placement.objects.filter(status__in=COUNTED_STATES)


def _officers(queryset, *fields):
    """One GROUP BY: distinct officers of the counted placements for each value of fields."""
    return (
        queryset.values(*fields).annotate(officers=Count("participant", distinct=True)).order_by()
    )


def _table(groups: list[Group], *, suppress: bool, keep_order: bool = False) -> SuppressedTable:
    if suppress:
        return suppress_small_groups(groups)
    if not keep_order:
        groups = sorted(groups, key=lambda g: (-g.count, g.label))
    return SuppressedTable(
        shown=groups, other_count=None, other_groups=0, total=sum(g.count for g in groups)
    )


def _name(row: dict, prefix: str) -> str:
    return localised_name(
        row[f"{prefix}__name_en"], row[f"{prefix}__name_zh_hant"], row[f"{prefix}__name_zh_hans"]
    )


def _named(rows, prefix: str, missing: str) -> list[Group]:
    """Groups named by the trilingual name columns fetched in the GROUP BY itself."""
    return [
        Group(
            label=_name(row, prefix) if row[prefix] is not None else missing,
            count=row["officers"],
            key=row[prefix],
        )
        for row in rows
    ]


def _name_fields(prefix: str) -> list[str]:
    return [prefix, *name_fields(prefix)]


def officers_by_department(*, suppress: bool = False) -> SuppressedTable:
    prefix = "participant__department"
    rows = _officers(_counted(), *_name_fields(prefix))
    return _table(_named(rows, prefix, _("Partner-government officers")), suppress=suppress)


def officers_by_grade(*, suppress: bool = False) -> SuppressedTable:
    prefix = "participant__grade"
    rows = _officers(_counted(), *_name_fields(prefix))
    return _table(_named(rows, prefix, _("Grade not recorded")), suppress=suppress)


def officers_by_rank_level(*, suppress: bool = False) -> SuppressedTable:
    """Junior, middle, senior (in that order for staff), then officers with none recorded."""
    counts = {
        row["participant__rank_level"]: row["officers"]
        for row in _officers(_counted(), "participant__rank_level")
    }
    groups = [
        Group(label=str(level.label), count=counts[level.value], key=level.value)
        for level in Participant.RankLevel
        if counts.get(level.value)
    ]
    if counts.get(""):
        groups.append(Group(label=_("Rank level not recorded"), count=counts[""], key=""))
    return _table(groups, suppress=suppress, keep_order=True)


def officers_by_destination(*, suppress: bool = False) -> SuppressedTable:
    """By the host organisation's city and country or region, e.g. "Shenzhen, Mainland China"."""
    prefix = "host_unit__organisation"
    # Grouped by the English names; the Chinese forms come with each group (the greatest, so
    # one organisation without them does not hide another's).
    chinese = {
        field: Max(f"{prefix}__{field}")
        for field in (*name_fields("", "country")[1:], *name_fields("", "city")[1:])
    }
    rows = _officers(_counted(), f"{prefix}__country", f"{prefix}__city").annotate(**chinese)
    groups = []
    for row in rows:
        country, city = row[f"{prefix}__country"], row[f"{prefix}__city"]
        name = localised_name(country, row["country_zh_hant"], row["country_zh_hans"])
        if city:
            city_name = localised_name(city, row["city_zh_hant"], row["city_zh_hans"])
            name = _("%(city)s, %(country)s") % {"city": city_name, "country": name}
        groups.append(Group(label=name, count=row["officers"], key=(country, city)))
    return _table(groups, suppress=suppress)


def officers_by_focus_area(*, suppress: bool = False) -> SuppressedTable:
    """Placements without a focus area are left out; an officer is counted in each of theirs."""
    prefix = "focus_areas"
    rows = _officers(_counted().filter(focus_areas__isnull=False), *_name_fields(prefix))
    return _table(_named(rows, prefix, ""), suppress=suppress)


def officers_by_programme_and_year(*, suppress: bool = False) -> CrossTable:
    """Officers by programme (rows) and year of starting (columns), one GROUP BY. With
    `suppress`, a cell under the threshold is hidden, and so is the next smallest cell of its
    programme and of its year until what is hidden in each adds up to the threshold, so no
    small cell can be worked out from the published totals by programme or by year."""
    prefix = "cohort__programme"
    rows = _officers(
        _counted().annotate(year=ExtractYear("start_date")), *_name_fields(prefix), "year"
    )
    names, cells = {}, {}
    for row in rows:
        names[row[prefix]] = localised_name(
            row[f"{prefix}__name_en"],
            row[f"{prefix}__name_zh_hant"],
            row[f"{prefix}__name_zh_hans"],
        )
        cells[(row[prefix], row["year"])] = row["officers"]
    programmes = sorted(names, key=lambda pk: names[pk])
    years = sorted({year for _pk, year in cells})
    hidden = _cells_to_hide(cells) if suppress else set()
    return CrossTable(
        rows=[names[pk] for pk in programmes],
        columns=[str(year) for year in years],
        cells=[
            [None if (pk, year) in hidden else cells.get((pk, year), 0) for year in years]
            for pk in programmes
        ],
        suppressed=suppress,
    )


def _cells_to_hide(cells: dict[tuple, int], threshold: int = THRESHOLD) -> set[tuple]:
    """Primary suppression of cells under the threshold, then secondary suppression along
    rows and columns (the rule of exchange_portal.disclosure, applied in both directions)."""
    hidden = {key for key, count in cells.items() if 0 < count < threshold}
    lines = [
        [key for key in cells if key[axis] == value]
        for axis in (0, 1)
        for value in {key[axis] for key in cells}
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_sum = sum(cells[key] for key in line if key in hidden)
            shown = sorted((cells[key], key) for key in line if key not in hidden and cells[key])
            if 0 < hidden_sum < threshold and shown:
                hidden.add(shown[0][1])
                changed = True
    return hidden


# --- Exchange balance -----------------------------------------------------------------------


def agreement_balances(agreements=None) -> list[BalanceGroup]:
    """Officers sent and received under each partner agreement (or those given), in total and
    per phase and batch, counted as placements.selectors.exchange_by_batch counts them, for all
    agreements in three queries: the agreements, their batches, and one GROUP BY."""
    if agreements is None:
        agreements = PartnerAgreement.objects.all()
    agreements = list(
        agreements.select_related("programme").order_by("programme__name_en", "-signed_on", "pk")
    )
    ids = [a.pk for a in agreements]
    batches: dict[int, dict[tuple[int, int], list[int]]] = defaultdict(dict)
    for agreement_id, phase, batch in (
        Cohort.objects.filter(agreement__in=ids)
        .values_list("agreement", "phase", "batch")
        .order_by("phase", "batch")
        .distinct()
    ):
        batches[agreement_id][(phase, batch)] = [0, 0]
    counts = (
        Placement.objects.filter(cohort__agreement__in=ids, status__in=COUNTED_STATES)
        .values("cohort__agreement", "cohort__phase", "cohort__batch", "cohort__direction")
        .annotate(officers=Count("participant", distinct=True))
        .order_by()
    )
    for row in counts:
        entry = batches[row["cohort__agreement"]].setdefault(
            (row["cohort__phase"], row["cohort__batch"]), [0, 0]
        )
        entry[1 if row["cohort__direction"] == Direction.INBOUND else 0] += row["officers"]
    groups = []
    for agreement in agreements:
        parts = [
            BalancePart(
                label=_("Phase %(phase)s, batch %(batch)s") % {"phase": phase, "batch": batch},
                sent=sent,
                received=received,
            )
            for (phase, batch), (sent, received) in sorted(batches[agreement.pk].items())
        ]
        groups.append(
            BalanceGroup(
                label=agreement.localised_title,
                sent=sum(p.sent for p in parts),
                received=sum(p.received for p in parts),
                parts=parts,
                key=agreement.pk,
            )
        )
    return groups


# --- Ready-made charts ----------------------------------------------------------------------


def figure_charts(*, suppress: bool = False) -> list[charts.BarChart]:
    """The bar charts of the figures page, in order: six GROUP BY queries."""
    several = _("An officer placed more than once may be counted in more than one group.")
    return [
        charts.grouped_bar_chart(
            officers_by_programme_and_year(suppress=suppress),
            key="programme-year",
            title=_("Officers by programme and year of starting"),
            label_heading=_("Programme"),
            note=_("An officer is counted once in each year they started a placement."),
        ),
        charts.bar_chart(
            officers_by_department(suppress=suppress),
            key="department",
            title=_("Officers by department"),
            label_heading=_("Department"),
        ),
        charts.bar_chart(
            officers_by_grade(suppress=suppress),
            key="grade",
            title=_("Officers by grade"),
            label_heading=_("Grade"),
        ),
        charts.bar_chart(
            officers_by_rank_level(suppress=suppress),
            key="rank-level",
            title=_("Officers by rank level"),
            label_heading=_("Rank level"),
        ),
        charts.bar_chart(
            officers_by_destination(suppress=suppress),
            key="destination",
            title=_("Officers by destination"),
            label_heading=_("Destination"),
            show_total=False,
            note=several,
        ),
        charts.bar_chart(
            officers_by_focus_area(suppress=suppress),
            key="focus-area",
            title=_("Officers by focus area"),
            label_heading=_("Focus area"),
            show_total=False,
            note=_(
                "An officer whose placement has several focus areas is counted in each; "
                "placements without a focus area are left out."
            ),
        ),
    ]
