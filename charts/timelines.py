"""Dates on an axis: timelines of placements and the coverage calendar of a department."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .geometry import (
    CAP,
    SMALL_FONT,
    STATUS_ORDER,
    Cell,
    Column,
    FigureTable,
    LegendItem,
    Shape,
    TableRow,
    Tick,
    _joined,
    _legend,
    _see_table,
    chart_id,
    count_text,
    fit,
    status_styles,
)

# --- Dates ----------------------------------------------------------------------------------


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after day's."""
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after day's."""
    day = day.replace(day=1)
    for _step in range(months):
        day = next_month(day)
    return day


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from start's month to end's month, both included."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


@dataclass(frozen=True)
class DateScale:
    """Days from `start` (included) to `end` (excluded) across `width` units from `x`."""

    start: datetime.date
    end: datetime.date
    x: float
    width: float

    def at(self, day: datetime.date) -> float:
        """Where a day begins; days outside the axis are held at its ends."""
        day = min(max(day, self.start), self.end)
        days = max((self.end - self.start).days, 1)
        return round(self.x + (day - self.start).days / days * self.width, 2)

    def span(self, first: datetime.date, last: datetime.date) -> tuple[float, float]:
        """x and width of a bar covering the days first to last, both included."""
        left, right = self.at(first), self.at(last + datetime.timedelta(days=1))
        return left, round(right - left, 2)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day < self.end


def _long_date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- Timelines and the coverage calendar ----------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One placement on a timeline, from `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date
    status: str  # a Placement.Status value: it picks the bar's style
    status_label: str
    place: str = ""


@dataclass(frozen=True)
class TimelineItem:
    label: str  # the officer
    detail: str  # the host unit(s)
    spans: list[Span]


@dataclass(frozen=True)
class TimelineData:
    """What figures.chart_data returns: up to CAP items, and how many there are in all."""

    items: list[TimelineItem]
    total: int


@dataclass(frozen=True)
class CoverageData:
    start: datetime.date
    end: datetime.date  # included
    items: list[TimelineItem]  # up to CAP officers
    total: int  # officers away at some time in the range
    months: list[tuple[datetime.date, int]]  # each month's first day, officers away in it


@dataclass(frozen=True)
class TimelineBar:
    shape: Shape
    title: str


@dataclass(frozen=True)
class TimelineRow:
    label: str
    detail: str
    short_label: str
    short_detail: str
    y: float
    band: bool
    bars: list[TimelineBar]

    @property
    def label_y(self) -> float:
        return self.y + 14

    @property
    def detail_y(self) -> float:
        return self.y + 28


@dataclass(frozen=True)
class MonthColumn:
    x: float
    width: float
    label: str
    sublabel: str
    count: int
    band: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class Timeline:
    """A timeline of placements (`ticks` on its axis) or a coverage calendar (`months`)."""

    id: str
    title: str
    description: str
    rows: list[TimelineRow]
    ticks: list[Tick]
    months: list[MonthColumn]
    rows_top: float
    today_x: float | None
    today_label: str
    today_anchor: str
    legend: list[LegendItem]
    more: int  # rows beyond the cap, not drawn
    tables: list[FigureTable]

    width = 960
    plot_x = 300  # the officers' names and units to the left
    plot_width = width - plot_x - 16
    plot_top = 16
    today_y = 11
    today_line_top = 15
    label_y = 27
    sublabel_y = 40
    count_y = 60
    row_height = 34
    bar_height = 16

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def plot_bottom(self) -> float:
        return self.rows_top + len(self.rows) * self.row_height

    @property
    def height(self) -> float:
        return self.plot_bottom + 8

    @property
    def band_height(self) -> float:
        return self.plot_bottom - self.plot_top


def _month_ticks(axis: DateScale) -> list[Tick]:
    """A gridline at every month; a label every 1, 2, 3, 4, 6 or 12 months, whichever leaves
    room to read them, with the year under the first label and wherever the year changes."""
    months = months_between(axis.start, axis.end - datetime.timedelta(days=1))
    per_month = axis.width / max(len(months), 1)
    every = next((n for n in (1, 2, 3, 4, 6, 12) if per_month * n >= 44), 12)
    ticks, last_year = [], None
    for index, month in enumerate(months):
        major = index % every == 0
        year = ""
        if major and month.year != last_year:
            year, last_year = date_format(month, "Y"), month.year
        ticks.append(Tick(axis.at(month), date_format(month, "M") if major else "", year, major))
    return ticks


def _rows(items: list[TimelineItem], axis: DateScale, top: float, styles) -> list[TimelineRow]:
    rows = []
    for index, item in enumerate(items):
        y = top + index * Timeline.row_height
        bars = []
        for span in item.spans:
            x, width = axis.span(span.start, span.end)
            when = _("%(start)s to %(end)s") % {
                "start": _long_date(span.start),
                "end": _long_date(span.end),
            }
            where = f"{span.place}, " if span.place else ""
            shape = Shape(
                x,
                y + (Timeline.row_height - Timeline.bar_height) / 2,
                max(width, 1.0),
                Timeline.bar_height,
                styles.get(span.status, styles["confirmed"]),
            )
            bars.append(TimelineBar(shape, f"{item.label}, {where}{span.status_label}: {when}"))
        rows.append(
            TimelineRow(
                label=item.label,
                detail=item.detail,
                short_label=fit(item.label, Timeline.plot_x - 12),
                short_detail=fit(item.detail, Timeline.plot_x - 12, SMALL_FONT),
                y=y,
                band=index % 2 == 1,
                bars=bars,
            )
        )
    return rows


def _placements_table(caption: str, items: list[TimelineItem]) -> FigureTable:
    return FigureTable(
        caption=caption,
        row_heading=_("Officer"),
        columns=[Column(_("Host unit")), Column(_("From")), Column(_("To")), Column(_("Status"))],
        rows=[
            TableRow(
                item.label,
                [
                    Cell(span.place or item.detail),
                    Cell(_long_date(span.start)),
                    Cell(_long_date(span.end)),
                    Cell(span.status_label),
                ],
            )
            for item in items
            for span in item.spans
        ],
    )


def _timeline(
    *, key, title, description, items, more, axis, rows_top, today, ticks, months, tables
):
    the_id = chart_id(key)
    styles = status_styles(f"{the_id}-hatch")
    present = {span.status: span.status_label for item in items for span in item.spans}
    today_x, anchor = None, "middle"
    if axis.contains(today):
        today_x = axis.at(today)
        if today_x < axis.x + 40:
            anchor = "start"
        elif today_x > axis.x + axis.width - 40:
            anchor = "end"
    return Timeline(
        id=the_id,
        title=title,
        description=description,
        rows=_rows(items, axis, rows_top, styles),
        ticks=ticks,
        months=months,
        rows_top=rows_top,
        today_x=today_x,
        today_label=_("Today, %(date)s") % {"date": _long_date(today)},
        today_anchor=anchor,
        legend=_legend([(s, present[s]) for s in STATUS_ORDER if s in present], styles),
        more=more,
        tables=tables,
    )


def timeline(
    data: TimelineData,
    *,
    key: str,
    title: str,
    today: datetime.date | None = None,
    cap: int = CAP,
) -> Timeline:
    """A Gantt chart: a row per item, a bar per span on a month axis from the first start to
    the last end, a line at today when it falls on the axis; at most `cap` rows."""
    today = today or timezone.localdate()
    items = data.items[:cap]
    spans = [span for item in items for span in item.spans]
    first = min((s.start for s in spans), default=today)
    last = max((s.end for s in spans), default=today)
    axis = DateScale(first.replace(day=1), next_month(last), Timeline.plot_x, Timeline.plot_width)
    description = _("No placements to show.")
    if spans:
        description = ngettext(
            "%(count)s placement from %(start)s to %(end)s.",
            "%(count)s placements from %(start)s to %(end)s.",
            len(spans),
        ) % {"count": count_text(len(spans)), "start": _long_date(first), "end": _long_date(last)}
    return _timeline(
        key=key,
        title=title,
        description=_joined(description, _see_table()),
        items=items,
        more=max(data.total, len(data.items)) - len(items),
        axis=axis,
        rows_top=46,
        today=today,
        ticks=_month_ticks(axis),
        months=[],
        tables=[_placements_table(title, items)],
    )


def coverage_calendar(
    data: CoverageData,
    *,
    key: str,
    title: str,
    today: datetime.date | None = None,
    cap: int = CAP,
) -> Timeline:
    """Who of a department is away when: a column per month with the number of officers away
    in it, then a row per officer with a bar for each placement, cut to the range."""
    today = today or timezone.localdate()
    items = data.items[:cap]
    axis = DateScale(
        data.start, data.end + datetime.timedelta(days=1), Timeline.plot_x, Timeline.plot_width
    )
    columns = []
    for index, (month, count) in enumerate(data.months):
        left, right = axis.at(month), axis.at(next_month(month))
        year = date_format(month, "Y") if index == 0 or month.month == 1 else ""
        columns.append(
            MonthColumn(
                left, round(right - left, 2), date_format(month, "M"), year, count, index % 2 == 1
            )
        )
    description = _("Officers away each month from %(start)s to %(end)s.") % {
        "start": _long_date(data.start),
        "end": _long_date(data.end),
    }
    busiest = max(data.months, key=lambda month: month[1], default=(None, 0))
    if busiest[1]:
        description += " " + ngettext(
            "At most %(count)s officer away, in %(month)s.",
            "At most %(count)s officers away, in %(month)s.",
            busiest[1],
        ) % {"count": count_text(busiest[1]), "month": date_format(busiest[0], "YEAR_MONTH_FORMAT")}
    month_table = FigureTable(
        caption=_("Officers away each month"),
        row_heading=_("Month"),
        columns=[Column(_("Officers away"), numeric=True)],
        rows=[
            TableRow(date_format(month, "YEAR_MONTH_FORMAT"), [Cell(count_text(count), True)])
            for month, count in data.months
        ],
    )
    return _timeline(
        key=key,
        title=title,
        description=_joined(
            description, _("The same figures are in the tables that follow the chart.")
        ),
        items=items,
        more=max(data.total, len(data.items)) - len(items),
        axis=axis,
        rows_top=68,
        today=today,
        ticks=[],
        months=columns,
        tables=[month_table, _placements_table(_("Placements in these months"), items)],
    )
