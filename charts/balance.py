"""The balance of an exchange: officers sent and received under each partner agreement."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .geometry import (
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
    nice_max,
    scale,
    status_styles,
    tick_values,
)


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
