"""Server-rendered charts: data in, SVG-ready geometry out.

Nothing here touches the database or builds markup. Functions take plain data (dates, counts,
labels) and return frozen dataclasses of coordinates, pre-formatted texts and the figures of the
table alternative; the templates in templates/includes/charts/ only place elements, and Django
escapes every text on the way out. Coordinates are SVG user units of a fixed-width viewBox, so
the browser scales a chart to its container. Bars differ by status through fill, hatching,
outline and dashes as well as colour, and every chart carries its figures as tables
(WCAG 2.1 AA: 1.4.1 use of colour, 1.4.11 non-text contrast). See docs/decisions/0013.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange_portal.disclosure import THRESHOLD, SuppressedTable

# Rows a timeline or calendar draws; the rest are counted in "and N more".
CAP = 200

# Against white: graphics need 3:1 and text 4.5:1. The templates use the same values.
INK = "#212529"  # text, 15.4:1
MUTED = "#595959"  # secondary text, completed and withdrawn outlines, 7.0:1
NAVY = "#1f4e79"  # bars and hatching, 8.9:1
PALE = "#d9d9d9"  # completed fill: lighter than confirmed, so not told apart by hue alone
WHITE = "#ffffff"
FONT, SMALL_FONT = 12, 11


# --- Scales and texts -----------------------------------------------------------------------


NICE_MULTIPLES = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
TICK_MULTIPLES = (1, 2, 2.5, 5)


def nice_max(value: float) -> int:
    """The smallest whole number ≥ value that is 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
    power of ten: an axis end that is easy to read without wasting much of the width."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(
        int(multiple * power)
        for multiple in NICE_MULTIPLES
        if multiple * power >= value and multiple * power == int(multiple * power)
    )


def tick_values(maximum: int) -> list[int]:
    """0 to `maximum` in at most six equal steps of 1, 2, 2.5 or 5 times a power of ten."""
    steps = [
        int(multiple * 10**power)
        for power in range(len(str(maximum)))
        for multiple in TICK_MULTIPLES
        if multiple * 10**power == int(multiple * 10**power)
    ]
    step = next((s for s in sorted(steps) if maximum % s == 0 and maximum // s <= 6), maximum or 1)
    return list(range(0, maximum + 1, step))


def scale(value: float, maximum: float, length: float) -> float:
    return round(value / maximum * length, 2) if maximum else 0.0


def text_width(text: str, font_size: float) -> float:
    """Roughly how wide a text is drawn: CJK characters take a full em, others about half."""
    return font_size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)


def fit(text: str, width: float, font_size: float = FONT) -> str:
    """The text, cut short with an ellipsis if it would be drawn wider than `width`."""
    if text_width(text, font_size) <= width:
        return text
    while text and text_width(text + "…", font_size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def chart_id(key: str) -> str:
    """The HTML id of a chart; its title, description and tables take ids from it."""
    slug = slugify(key)
    if not slug:
        raise ValueError("A chart needs a key of letters, digits or hyphens for its HTML ids.")
    return f"chart-{slug}"


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)


def _see_table() -> str:
    return _("The same figures are in the table that follows the chart.")


def _joined(*notes: str) -> str:
    return " ".join(note for note in notes if note)


# --- The table alternative every chart carries ----------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


@dataclass(frozen=True)
class TableRow:
    heading: str
    cells: list[Cell]


@dataclass(frozen=True)
class FigureTable:
    caption: str
    row_heading: str
    columns: list[Column]
    rows: list[TableRow]
    footer: TableRow | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str = ""
    sublabel: str = ""  # a second line: the year under a month
    major: bool = True

    @property
    def text_x(self) -> float:
        return round(self.x + 3, 2)


# --- Bars of any kind, and what tells them apart --------------------------------------------


@dataclass(frozen=True)
class BarStyle:
    fill: str
    stroke: str
    stroke_width: float = 1.5
    dasharray: str = ""
    strike: bool = False  # a line through the middle: withdrawn


@dataclass(frozen=True)
class Shape:
    """A bar as the template draws it: a rectangle, perhaps struck through."""

    x: float
    y: float
    width: float
    height: float
    style: BarStyle

    @property
    def x_end(self) -> float:
        return round(self.x + self.width, 2)

    @property
    def mid_y(self) -> float:
        return round(self.y + self.height / 2, 2)


def status_styles(hatch_id: str) -> dict[str, BarStyle]:
    """Placement statuses (and the two sides of an exchange) told apart by fill, hatching,
    outline and dashes; the hatching is the template's pattern of id `hatch_id`."""
    hatch = f"url(#{hatch_id})"
    return {
        "proposed": BarStyle(fill=WHITE, stroke=NAVY, dasharray="5 3"),
        "confirmed": BarStyle(fill=NAVY, stroke=NAVY),
        "in_progress": BarStyle(fill=hatch, stroke=NAVY),
        "completed": BarStyle(fill=PALE, stroke=MUTED),
        "withdrawn": BarStyle(fill=WHITE, stroke=MUTED, dasharray="2 2", strike=True),
        "sent": BarStyle(fill=NAVY, stroke=NAVY),
        "received": BarStyle(fill=hatch, stroke=NAVY),
    }


STATUS_ORDER = ("proposed", "confirmed", "in_progress", "completed", "withdrawn")


@dataclass(frozen=True)
class LegendItem:
    label: str
    swatch: Shape


def _legend(entries, styles: dict[str, BarStyle]) -> list[LegendItem]:
    return [
        LegendItem(label=label, swatch=Shape(1, 1, 26, 12, styles.get(key, styles["confirmed"])))
        for key, label in entries
    ]


# --- Horizontal bar charts ------------------------------------------------------------------


@dataclass(frozen=True)
class CrossTable:
    """Counts by two keys, e.g. programmes (rows) by year (columns); None is a figure not
    shown (suppressed for publication)."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    suppressed: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int | None  # None: the figure is not shown
    display: str
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class BarGroup:
    label: str
    short_label: str
    heading_y: float | None  # None: an ungrouped chart's only group
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    groups: list[BarGroup]
    ticks: list[Tick]
    max_value: int
    height: float
    tables: list[FigureTable]
    note: str = ""

    width = 640
    plot_x = 200  # labels to the left, right-aligned
    value_room = 72  # for the figure written at a bar's end
    plot_width = width - plot_x - value_room
    label_x = plot_x - 8
    top = 24
    plot_top = top - 4
    tick_label_y = top - 8
    row_height = 24
    bar_height = 16

    @property
    def bars(self) -> list[Bar]:
        return [bar for group in self.groups for bar in group.bars]

    @property
    def plot_bottom(self) -> float:
        return self.height - 8


def _bar_chart(*, key, title, description, groups, tables, note="") -> BarChart:
    """Lay out (group label, [(label, value, display)]) pairs: a heading line for each
    labelled group, then a line per bar, on one nice scale."""
    maximum = nice_max(max((v or 0 for _g, items in groups for _l, v, _d in items), default=0))
    y = BarChart.top
    laid_out = []
    for group_label, items in groups:
        heading_y = None
        if group_label:
            heading_y, y = y + BarChart.row_height - 7, y + BarChart.row_height
        bars = []
        for label, value, display in items:
            width = scale(value or 0, maximum, BarChart.plot_width)
            bars.append(
                Bar(
                    label=label,
                    short_label=fit(label, BarChart.plot_x - 12),
                    value=value,
                    display=display,
                    y=y + (BarChart.row_height - BarChart.bar_height) / 2,
                    width=width,
                    text_y=y + BarChart.row_height - 8,
                    value_x=BarChart.plot_x + width + 4,
                )
            )
            y += BarChart.row_height
        laid_out.append(BarGroup(group_label, fit(group_label, BarChart.width), heading_y, bars))
    return BarChart(
        id=chart_id(key),
        title=title,
        description=description,
        groups=laid_out,
        ticks=[
            Tick(BarChart.plot_x + scale(v, maximum, BarChart.plot_width), count_text(v))
            for v in tick_values(maximum)
        ],
        max_value=maximum,
        height=y + 8,
        tables=tables,
        note=note,
    )


def bar_chart(
    table: SuppressedTable,
    *,
    key: str,
    title: str,
    label_heading: str,
    value_heading: str | None = None,
    show_total: bool = True,
    note: str = "",
) -> BarChart:
    """A horizontal bar per group with its figure at the bar's end.

    `table` is what placements.chart_data returns: exact for staff, or with small groups
    hidden (exchange_portal.disclosure) for the public, whose "Other" and total it shows as
    the rules allow. Pass `show_total=False` where an officer can be in several groups
    (destinations, focus areas), so the sum is not the number of officers."""
    fewer = _("fewer than %(threshold)s") % {"threshold": THRESHOLD}
    items = [(group.label, group.count, count_text(group.count)) for group in table.shown]
    if table.has_other:
        other = table.other_count
        items.append((_("Other"), other, count_text(other) if other is not None else fewer))
        note = _joined(
            note,
            _("“Other” combines groups of fewer than %(threshold)s officers.")
            % {"threshold": THRESHOLD},
        )
    footer = None
    if show_total:
        total = count_text(table.total) if table.total is not None else fewer
        footer = TableRow(_("Total"), [Cell(total, numeric=True)])
    description = _("No figures yet.")
    if items:
        label, _value, display = max(items, key=lambda item: item[1] or 0)
        description = ngettext(
            "%(count)s group; the largest is %(label)s with %(value)s.",
            "%(count)s groups; the largest is %(label)s with %(value)s.",
            len(items),
        ) % {"count": len(items), "label": label, "value": display}
    table_alternative = FigureTable(
        caption=title,
        row_heading=label_heading,
        columns=[Column(value_heading or _("Officers"), numeric=True)],
        rows=[TableRow(label, [Cell(display, numeric=True)]) for label, _v, display in items],
        footer=footer,
    )
    return _bar_chart(
        key=key,
        title=title,
        description=_joined(description, _see_table()),
        groups=[("", items)],
        tables=[table_alternative],
        note=note,
    )


def grouped_bar_chart(
    cross: CrossTable, *, key: str, title: str, label_heading: str, note: str = ""
) -> BarChart:
    """A group per row of `cross` (a programme) with a bar per non-zero column (a year), each
    bar labelled with its column, so no colour is needed to tell the bars apart."""
    not_shown = _("not shown")

    def display(value):
        return count_text(value) if value is not None else not_shown

    groups = [
        (
            label,
            [(col, v, display(v)) for col, v in zip(cross.columns, cells, strict=True) if v != 0],
        )
        for label, cells in zip(cross.rows, cross.cells, strict=True)
    ]
    if cross.suppressed:
        note = _joined(
            note,
            _(
                "Figures under %(threshold)s, and figures from which one could be worked out, "
                "are not shown."
            )
            % {"threshold": THRESHOLD},
        )
    description = ngettext(
        "%(rows)s group, with a bar for each of %(columns)s that has officers.",
        "%(rows)s groups, each with a bar for each of %(columns)s that has officers.",
        len(cross.rows),
    ) % {"rows": len(cross.rows), "columns": ", ".join(cross.columns) or "–"}
    table_alternative = FigureTable(
        caption=title,
        row_heading=label_heading,
        columns=[Column(column, numeric=True) for column in cross.columns],
        rows=[
            TableRow(label, [Cell(display(value), numeric=True) for value in cells])
            for label, cells in zip(cross.rows, cross.cells, strict=True)
        ],
    )
    return _bar_chart(
        key=key,
        title=title,
        description=_joined(description, _see_table()),
        groups=groups,
        tables=[table_alternative],
        note=note,
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
    """What placements.chart_data returns: up to CAP items, and how many there are in all."""

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


# --- The balance of an exchange: sent to the left, received to the right --------------------


@dataclass(frozen=True)
class BalancePart:
    label: str  # e.g. "Phase 1, batch 2"
    sent: int
    received: int


@dataclass(frozen=True)
class BalanceGroup:
    label: str  # e.g. the agreement's title
    sent: int
    received: int
    parts: list[BalancePart] = field(default_factory=list)
    key: object = None


@dataclass(frozen=True)
class BalanceRow:
    label: str
    short_label: str
    level: int  # 0: a group's total, 1: one of its parts (indented)
    sent: int
    received: int
    sent_shape: Shape
    received_shape: Shape
    y: float

    @property
    def label_x(self) -> float:
        return 16 * self.level

    @property
    def text_y(self) -> float:
        return self.y + BalanceChart.row_height - 8

    @property
    def band(self) -> bool:
        return self.level == 0

    @property
    def sent_value_x(self) -> float:
        return round(self.sent_shape.x - 4, 2)

    @property
    def received_value_x(self) -> float:
        return round(self.received_shape.x_end + 4, 2)


@dataclass(frozen=True)
class BalanceChart:
    id: str
    title: str
    description: str
    rows: list[BalanceRow]
    ticks: list[Tick]
    max_value: int
    sent_heading: str
    received_heading: str
    legend: list[LegendItem]
    tables: list[FigureTable]

    width = 720
    label_width = 260
    value_room = 36  # each side, for the figures at the bars' ends
    half_width = (width - label_width) / 2 - value_room
    centre = label_width + value_room + half_width
    sent_heading_x = centre - 8
    received_heading_x = centre + 8
    heading_y = 14
    top = 44
    plot_top = top - 6
    tick_label_y = top - 10
    row_height = 24
    bar_height = 14

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def plot_bottom(self) -> float:
        return self.top + len(self.rows) * self.row_height

    @property
    def height(self) -> float:
        return self.plot_bottom + 8


def balance_chart(groups: list[BalanceGroup], *, key: str, title: str) -> BalanceChart:
    """A diverging bar for each group and each of its parts: officers sent extend left of
    the centre line, officers received extend right, both on one scale."""
    the_id = chart_id(key)
    styles = status_styles(f"{the_id}-hatch")
    lines = []  # (label, level, sent, received, the label in the table)
    for group in groups:
        lines.append((group.label, 0, group.sent, group.received, group.label))
        lines.extend(
            (part.label, 1, part.sent, part.received, f"{group.label} – {part.label}")
            for part in group.parts
        )
    maximum = nice_max(max((max(line[2], line[3]) for line in lines), default=0))
    centre, half = BalanceChart.centre, BalanceChart.half_width
    rows = []
    for index, (label, level, sent, received, _full) in enumerate(lines):
        y = BalanceChart.top + index * BalanceChart.row_height
        bar_y = y + (BalanceChart.row_height - BalanceChart.bar_height) / 2
        sent_width, received_width = scale(sent, maximum, half), scale(received, maximum, half)
        rows.append(
            BalanceRow(
                label=label,
                short_label=fit(label, BalanceChart.label_width - 12 - 16 * level),
                level=level,
                sent=sent,
                received=received,
                sent_shape=Shape(
                    round(centre - sent_width, 2),
                    bar_y,
                    sent_width,
                    BalanceChart.bar_height,
                    styles["sent"],
                ),
                received_shape=Shape(
                    centre, bar_y, received_width, BalanceChart.bar_height, styles["received"]
                ),
                y=y,
            )
        )
    ticks = []
    for value in tick_values(maximum):
        offset = scale(value, maximum, half)
        ticks.append(Tick(round(centre + offset, 2), count_text(value)))
        if value:
            ticks.append(Tick(round(centre - offset, 2), count_text(value)))
    sent_heading, received_heading = _("Sent"), _("Received")
    total_sent, total_received = sum(g.sent for g in groups), sum(g.received for g in groups)
    description = ngettext(
        "%(count)s agreement: %(sent)s officers sent (bars to the left of the centre line) "
        "and %(received)s received (bars to the right).",
        "%(count)s agreements: %(sent)s officers sent (bars to the left of the centre line) "
        "and %(received)s received (bars to the right).",
        len(groups),
    ) % {
        "count": len(groups),
        "sent": count_text(total_sent),
        "received": count_text(total_received),
    }
    table = FigureTable(
        caption=title,
        row_heading=_("Agreement, phase and batch"),
        columns=[Column(sent_heading, numeric=True), Column(received_heading, numeric=True)],
        rows=[
            TableRow(full, [Cell(count_text(sent), True), Cell(count_text(received), True)])
            for _label, _level, sent, received, full in lines
        ],
        footer=TableRow(
            _("Total"), [Cell(count_text(total_sent), True), Cell(count_text(total_received), True)]
        ),
    )
    return BalanceChart(
        id=the_id,
        title=title,
        description=_joined(description, _see_table()),
        rows=rows,
        ticks=ticks,
        max_value=maximum,
        sent_heading=sent_heading,
        received_heading=received_heading,
        legend=_legend([("sent", sent_heading), ("received", received_heading)], styles),
        tables=[table],
    )
