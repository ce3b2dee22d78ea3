"""Scales, texts, the table alternative and bar styles every chart shares."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
