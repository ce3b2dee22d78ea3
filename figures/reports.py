"""The figures staff choose for themselves: officers counted by one breakdown (department,
grade, rank level, host organisation, country, focus area, status, direction, programme or
year), optionally crossed by programme or year, with row, column and grand totals.

`breakdown()` is the one entry point, for the reports page and for the REST API alike. Every
figure is a database aggregate (`values().annotate(Count(...))`, so GROUP BY): at most four
queries whatever the number of placements. What a user may see is narrowed by the same
selectors as the staff lists (`placements_for` / `nominations_for`), so a department HR officer's
figures hold only their own department's officers.

What is counted: distinct officers. For every breakdown but the two statuses, the officers with
a placement that went ahead (confirmed, in progress or completed), by the year their placement
started. "Placement status" counts officers by the status of each of their placements (every
status, withdrawn and cancelled included); "nomination status" counts nominated officers by the
status of their nomination and the year their cohort starts. An officer can fall into more than
one group (two placements, several focus areas), so totals count each officer once and may be
less than the sum of the groups.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet, TextChoices
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange_portal.names import localised_name
from participants.models import Participant
from placements.models import Nomination, Placement
from placements.selectors import COUNTED_STATES, nominations_for, placements_for
from programmes.models import Direction


@dataclass(frozen=True)
class Source:
    """Which records a breakdown counts, and which of their dates gives the year."""

    queryset: Callable[..., QuerySet]
    date_field: str
    statuses: tuple[str, ...] | None  # None: every status


PLACEMENTS = Source(placements_for, "start_date", COUNTED_STATES)
EVERY_PLACEMENT = Source(placements_for, "start_date", None)
NOMINATIONS = Source(nominations_for, "cohort__start_date", None)


@dataclass(frozen=True)
class Dimension:
    """One way of grouping: the field grouped by, how a group is named, in what order."""

    key: str
    label: Promise
    field: str
    named: bool = False  # the field is a foreign key to a model with trilingual names
    # The field is English text with Chinese forms beside it (`<field>_zh_hant`/`_zh_hans`,
    # decision 0038): grouped by the English, named by the greatest Chinese forms of the group
    # (so a record without them does not split the group or hide another's).
    chinese: bool = False
    choices: type[TextChoices] | None = None
    missing: Promise | str = ""
    source: Source = PLACEMENTS

    def values(self) -> list[str]:
        if self.named:
            return [self.field, *(f"{self.field}__name_{lang}" for lang in NAME_LANGUAGES)]
        return [self.field]

    def annotations(self) -> dict:
        if not self.chinese:
            return {}
        return {f"{self.key}_{lang}": Max(f"{self.field}_{lang}") for lang in NAME_LANGUAGES[1:]}

    def label_of(self, row: dict) -> str:
        value = row[self.field]
        if value is None or value == "":
            return str(self.missing)
        if self.chinese:
            chinese = (row[f"{self.key}_{lang}"] for lang in NAME_LANGUAGES[1:])
            return localised_name(value, *chinese)
        if self.named:
            return localised_name(*(row[f"{self.field}__name_{lang}"] for lang in NAME_LANGUAGES))
        if self.choices is not None:
            return str(self.choices(value).label) if value in self.choices.values else value
        return str(value)

    def sort_key(self, key, label: str):
        """Missing values last; choices in their own order; years in time; names by name."""
        if key is None or key == "":
            return (1, 0, "")
        if self.choices is not None:
            values = list(self.choices.values)
            return (0, values.index(key) if key in values else len(values), label)
        if self.field == YEAR:
            return (0, key, "")
        return (0, 0, label.casefold())


NAME_LANGUAGES = ("en", "zh_hant", "zh_hans")
YEAR = "year"

DIMENSIONS = {
    d.key: d
    for d in [
        Dimension("programme", gettext_lazy("Programme"), "cohort__programme", named=True),
        Dimension("year", gettext_lazy("Year of starting"), YEAR),
        Dimension(
            "department",
            gettext_lazy("Department"),
            "participant__department",
            named=True,
            missing=gettext_lazy("Partner-government officers"),
        ),
        Dimension(
            "grade",
            gettext_lazy("Grade"),
            "participant__grade",
            named=True,
            missing=gettext_lazy("Grade not recorded"),
        ),
        Dimension(
            "rank_level",
            gettext_lazy("Rank level"),
            "participant__rank_level",
            choices=Participant.RankLevel,
            missing=gettext_lazy("Rank level not recorded"),
        ),
        Dimension(
            "host_organisation",
            gettext_lazy("Host organisation"),
            "host_unit__organisation",
            named=True,
        ),
        Dimension(
            "country",
            gettext_lazy("Country or region"),
            "host_unit__organisation__country",
            chinese=True,
        ),
        Dimension(
            "focus_area",
            gettext_lazy("Focus area"),
            "focus_areas",
            named=True,
            missing=gettext_lazy("No focus area recorded"),
        ),
        Dimension(
            "status",
            gettext_lazy("Placement status"),
            "status",
            choices=Placement.Status,
            source=EVERY_PLACEMENT,
        ),
        Dimension(
            "nomination_status",
            gettext_lazy("Nomination status"),
            "status",
            choices=Nomination.Status,
            source=NOMINATIONS,
        ),
        Dimension("direction", gettext_lazy("Direction"), "cohort__direction", choices=Direction),
    ]
}
# What the columns may be crossed by.
ACROSS = ("programme", "year")


@dataclass(frozen=True)
class ReportRow:
    key: object
    label: str
    cells: list[int]  # one per column; a single cell when the report is not crossed
    total: int


@dataclass(frozen=True)
class Report:
    by: str
    across: str | None
    row_heading: str
    columns: list[str]  # column labels; [] when the report is not crossed
    rows: list[ReportRow]
    column_totals: list[int]
    total: int  # distinct officers in the whole report

    @property
    def overlapping(self) -> bool:
        """Whether an officer is counted in more than one group somewhere."""
        return sum(row.total for row in self.rows) != self.total or any(
            sum(row.cells[i] for row in self.rows) != total
            for i, total in enumerate(self.column_totals)
        )

    def header(self) -> list[str]:
        if self.across:
            return [self.row_heading, *self.columns, _("Total")]
        return [self.row_heading, _("Officers")]

    def table(self) -> list[list]:
        """The report as rows of plain values, the totals row last: what the downloads hold."""
        if self.across:
            rows = [[row.label, *row.cells, row.total] for row in self.rows]
            return [*rows, [_("Total"), *self.column_totals, self.total]]
        return [*([row.label, row.total] for row in self.rows), [_("Total"), self.total]]


class ReportError(ValueError):
    """A breakdown asked for in a way that cannot be answered (the form prevents these)."""


def breakdown(
    *,
    user,
    by: str,
    across: str | None = None,
    programmes: Iterable | None = None,
    years: tuple[int | None, int | None] = (None, None),
) -> Report:
    """Distinct officers by `by` (a key of DIMENSIONS), crossed by `across` ("programme",
    "year" or None), among the records `user` may see, of the given programmes (all when
    empty) whose year (see the module docstring) is within `years` (first, last; either
    open). Labels are in the language active when it is called."""
    if by not in DIMENSIONS:
        raise ReportError(f"Unknown breakdown {by!r}.")
    if across and (across not in ACROSS or across == by):
        raise ReportError(f"Cannot cross {by!r} by {across!r}.")
    rows_dim = DIMENSIONS[by]
    cols_dim = DIMENSIONS[across] if across else None
    base = _base(rows_dim.source, user=user, programmes=programmes, years=years)

    def counts(*dims):
        fields = [f for d in dims for f in d.values()]
        chinese = {k: v for d in dims for k, v in d.annotations().items()}
        return base.values(*fields).annotate(
            officers=Count("participant", distinct=True), **chinese
        )

    row_groups = {row[rows_dim.field]: row for row in counts(rows_dim)}
    total = base.aggregate(officers=Count("participant", distinct=True))["officers"]
    row_keys = sorted(
        row_groups, key=lambda k: rows_dim.sort_key(k, rows_dim.label_of(row_groups[k]))
    )
    if cols_dim is None:
        rows = [
            ReportRow(k, rows_dim.label_of(row_groups[k]), [n := row_groups[k]["officers"]], n)
            for k in row_keys
        ]
        return Report(by, None, str(rows_dim.label), [], rows, [], total)

    cells = {
        (c[rows_dim.field], c[cols_dim.field]): c["officers"] for c in counts(rows_dim, cols_dim)
    }
    col_groups = {c[cols_dim.field]: c for c in counts(cols_dim)}
    col_keys = _column_keys(cols_dim, col_groups, years)
    rows = [
        ReportRow(
            key=k,
            label=rows_dim.label_of(row_groups[k]),
            cells=[cells.get((k, c), 0) for c in col_keys],
            total=row_groups[k]["officers"],
        )
        for k in row_keys
    ]
    return Report(
        by=by,
        across=across,
        row_heading=str(rows_dim.label),
        columns=[cols_dim.label_of(col_groups[c]) if c in col_groups else str(c) for c in col_keys],
        rows=rows,
        column_totals=[col_groups[c]["officers"] if c in col_groups else 0 for c in col_keys],
        total=total,
    )


def _base(source: Source, *, user, programmes, years) -> QuerySet:
    queryset = source.queryset(user).order_by()
    if source.statuses is not None:
        queryset = queryset.filter(status__in=source.statuses)
    programmes = list(programmes or [])
    if programmes:
        queryset = queryset.filter(cohort__programme__in=programmes)
    first, last = years
    if first is not None:
        queryset = queryset.filter(**{f"{source.date_field}__gte": datetime.date(first, 1, 1)})
    if last is not None:
        queryset = queryset.filter(**{f"{source.date_field}__lte": datetime.date(last, 12, 31)})
    return queryset.annotate(**{YEAR: ExtractYear(source.date_field)})


def _column_keys(dimension: Dimension, groups: dict, years) -> list:
    """Columns in order; for years, every year of the range asked for (or of the years
    found), so a year without officers shows as 0 rather than going missing."""
    if dimension.field != YEAR:
        return sorted(groups, key=lambda k: dimension.sort_key(k, dimension.label_of(groups[k])))
    found = [k for k in groups if k is not None]
    first = years[0] if years[0] is not None else min(found, default=None)
    last = years[1] if years[1] is not None else max(found, default=None)
    if first is None or last is None:
        return sorted(found)
    return list(range(first, last + 1))
