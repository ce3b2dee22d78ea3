"""Horizontal bar charts: one bar per group, or a group of bars per row of a cross table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange_portal.disclosure import THRESHOLD, SuppressedTable
from exchange_portal.names import list_separator

from .geometry import (
    Cell,
    Column,
    FigureTable,
    TableRow,
    Tick,
    _joined,
    _see_table,
    chart_id,
    count_text,
    fit,
    nice_max,
    scale,
    tick_values,
)

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

    `table` is what figures.chart_data returns: exact for staff, or with small groups
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
    ) % {"rows": len(cross.rows), "columns": list_separator().join(cross.columns) or "–"}
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
