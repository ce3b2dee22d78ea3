"""The chart building blocks: geometry (charts) and the templates that draw it
(templates/includes/charts/), held to WCAG 2.1 AA and the portal's CSP (no script, no inline
style)."""

import datetime
import itertools
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

import charts
from charts import BalanceGroup, BalancePart, CrossTable, Span, TimelineItem
from exchange_portal.disclosure import Group, SuppressedTable, suppress_small_groups

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English wording; another test may leave a language active."""
    with translation.override("en"):
        yield


def exact(*groups):
    groups = [Group(label, count) for label, count in groups]
    return SuppressedTable(
        shown=groups, other_count=None, other_groups=0, total=sum(g.count for g in groups)
    )


def item(label, start, end, status="confirmed", detail="Policy Unit – Futian"):
    return TimelineItem(label, detail, [Span(start, end, status, status.replace("_", " "))])


def relative_luminance(colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour):
    return 1.05 / (relative_luminance(colour) + 0.05)


def svg_of(html):
    return re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)


def table_cells(html):
    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


# --- Scales -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "axis_max"),
    [
        (0, 1),
        (1, 1),
        (3, 3),
        (7, 8),
        (9, 10),
        (12, 15),
        (23, 25),
        (26, 30),
        (51, 60),
        (240, 250),
        (999, 1000),
    ],
)
def test_the_axis_ends_at_a_round_number_at_or_above_the_largest_figure(largest, axis_max):
    assert charts.nice_max(largest) == axis_max


def test_axis_ticks_are_round_whole_numbers_in_equal_steps_from_zero_to_the_end():
    for largest in range(2001):
        maximum = charts.nice_max(largest)
        ticks = charts.tick_values(maximum)
        steps = {b - a for a, b in itertools.pairwise(ticks)}
        assert ticks[0] == 0 and ticks[-1] == maximum >= largest, largest
        assert len(steps) == 1 and 2 <= len(ticks) <= 7, largest
        assert int(str(steps.pop()).rstrip("0")) in (1, 2, 25, 5), largest


def test_a_bars_length_is_proportional_to_its_figure():
    chart = charts.bar_chart(
        exact(("EPD", 12), ("TD", 6), ("HyD", 3)),
        key="d",
        title="By department",
        label_heading="Department",
    )
    epd, td, hyd = chart.bars
    assert chart.max_value == 15
    assert epd.width == pytest.approx(chart.plot_width * 12 / 15)
    assert td.width == pytest.approx(epd.width / 2)
    assert hyd.width == pytest.approx(epd.width / 4)
    assert epd.value_x > chart.plot_x + epd.width  # the figure is written past the bar's end


def test_bars_are_stacked_one_under_another_and_the_chart_grows_with_them():
    short = charts.bar_chart(exact(("A", 1)), key="a", title="t", label_heading="x")
    tall = charts.bar_chart(
        exact(*[(str(n), n) for n in range(1, 11)]), key="b", title="t", label_heading="x"
    )
    ys = [bar.y for bar in tall.bars]
    assert ys == sorted(ys) and len(set(ys)) == 10
    assert tall.height - short.height == pytest.approx(9 * tall.row_height)


def test_a_long_name_is_shortened_in_the_chart_but_whole_in_the_table():
    name = "Environmental Protection Department of the Government of the HKSAR"
    chart = charts.bar_chart(exact((name, 4)), key="d", title="t", label_heading="Department")
    assert chart.bars[0].short_label.endswith("…")
    assert len(chart.bars[0].short_label) < len(name)
    assert chart.tables[0].rows[0].heading == name


def test_chinese_names_are_shortened_sooner_as_each_character_is_wider():
    assert charts.text_width("環境保護署", 12) > 1.5 * charts.text_width("EPDTD", 12)
    assert charts.fit("環境保護署環境保護署環境保護署環境保護署", 100).endswith("…")


def test_public_figures_show_other_instead_of_small_groups():
    table = suppress_small_groups(
        [Group("EPD", 5), Group("PlanD", 4), Group("TD", 2), Group("HyD", 1)]
    )
    chart = charts.bar_chart(table, key="d", title="t", label_heading="Department")
    assert [(bar.label, bar.display) for bar in chart.bars] == [
        ("EPD", "5"),
        ("PlanD", "4"),
        ("Other", "3"),
    ]
    assert "“Other” combines groups of fewer than 3 officers." in chart.note


def test_public_figures_say_fewer_than_three_where_even_other_is_too_small():
    chart = charts.bar_chart(
        suppress_small_groups([Group("EPD", 1), Group("TD", 1)]),
        key="d",
        title="t",
        label_heading="Department",
    )
    assert [(bar.label, bar.value, bar.display) for bar in chart.bars] == [
        ("Other", None, "fewer than 3"),
    ]
    assert chart.bars[0].width == 0
    assert chart.tables[0].footer.cells[0].text == "fewer than 3"


def test_a_total_is_left_out_where_officers_can_be_in_several_groups():
    chart = charts.bar_chart(
        exact(("Shenzhen", 3)), key="d", title="t", label_heading="City", show_total=False
    )
    assert chart.tables[0].footer is None
    assert (
        charts.bar_chart(exact(("x", 3)), key="e", title="t", label_heading="x")
        .tables[0]
        .footer.cells[0]
        .text
        == "3"
    )


def test_programmes_by_year_label_each_bar_with_its_year_and_mark_hidden_figures():
    cross = CrossTable(
        rows=["GBA exchange", "Secretariat Attachment"],
        columns=["2023", "2024"],
        cells=[[4, None], [0, 7]],
        suppressed=True,
    )
    chart = charts.grouped_bar_chart(cross, key="py", title="t", label_heading="Programme")
    gba, sas = chart.groups
    assert [b.label for b in gba.bars] == ["2023", "2024"]
    assert gba.bars[1].value is None and gba.bars[1].width == 0
    assert gba.bars[1].display == "not shown"
    assert [b.label for b in sas.bars] == ["2024"]  # no empty bar for a year with nobody
    assert [c.text for c in chart.tables[0].rows[1].cells] == ["0", "7"]
    assert gba.heading_y < gba.bars[0].y
    assert "not shown" in chart.note


def test_a_chart_key_must_make_an_html_id():
    assert charts.chart_id("By department") == "chart-by-department"
    with pytest.raises(ValueError, match="key"):
        charts.chart_id("部門")


# --- Timelines ----------------------------------------------------------------------------


def test_a_timeline_bar_starts_on_its_first_day_and_ends_after_its_last():
    chart = charts.timeline(
        charts.TimelineData(
            [
                item("CHAN", D(2024, 1, 10), D(2024, 3, 31)),
                item("LEE", D(2024, 2, 1), D(2024, 6, 30)),
            ],
            2,
        ),
        key="t",
        title="t",
        today=D(2030, 1, 1),
    )
    # The axis runs from 1 January to 1 July 2024 (182 days) across the plot.
    days = (D(2024, 7, 1) - D(2024, 1, 1)).days
    per_day = chart.plot_width / days
    chan, lee = (row.bars[0].shape for row in chart.rows)
    assert chan.x == pytest.approx(chart.plot_x + 9 * per_day, abs=0.01)
    assert chan.x_end == pytest.approx(chart.plot_x + (31 + 29 + 31) * per_day, abs=0.01)
    assert lee.x == pytest.approx(chart.plot_x + 31 * per_day, abs=0.01)
    assert lee.x_end == pytest.approx(chart.plot_x + chart.plot_width, abs=0.01)


def test_the_timeline_has_a_tick_at_every_month_and_names_them():
    chart = charts.timeline(
        charts.TimelineData([item("CHAN", D(2023, 11, 1), D(2024, 2, 29))], 1),
        key="t",
        title="t",
        today=D(2030, 1, 1),
    )
    assert [t.label for t in chart.ticks] == ["Nov", "Dec", "Jan", "Feb"]
    assert [t.sublabel for t in chart.ticks] == ["2023", "", "2024", ""]
    xs = [t.x for t in chart.ticks]
    assert xs == sorted(xs) and xs[0] == chart.plot_x


def test_a_long_timeline_labels_fewer_months_so_they_stay_readable():
    chart = charts.timeline(
        charts.TimelineData([item("CHAN", D(2020, 1, 1), D(2024, 12, 31))], 1),
        key="t",
        title="t",
        today=D(2030, 1, 1),
    )
    labelled = [t for t in chart.ticks if t.label]
    assert len(chart.ticks) == 60
    assert len(labelled) < 20
    gaps = [b.x - a.x for a, b in itertools.pairwise(labelled)]
    assert min(gaps) >= 44


def test_month_names_and_dates_follow_the_page_language():
    data = charts.TimelineData([item("陳大文", D(2024, 9, 1), D(2024, 11, 30))], 1)
    with translation.override("zh-hant"):
        chart = charts.timeline(data, key="t", title="t", today=D(2030, 1, 1))
    assert chart.ticks[0].label == "九月"
    assert chart.tables[0].rows[0].cells[1].text == "2024年9月1日"


def test_today_is_marked_only_when_it_falls_on_the_timeline():
    data = charts.TimelineData([item("CHAN", D(2024, 1, 1), D(2024, 12, 31))], 1)
    inside = charts.timeline(data, key="t", title="t", today=D(2024, 7, 1))
    outside = charts.timeline(data, key="t", title="t", today=D(2026, 1, 1))
    assert inside.today_x == pytest.approx(inside.plot_x + inside.plot_width * 182 / 366, 0.01)
    assert outside.today_x is None


def test_rows_beyond_the_cap_are_counted_in_and_n_more():
    items = [item(f"Officer {n}", D(2024, 1, 1), D(2024, 3, 31)) for n in range(205)]
    chart = charts.timeline(charts.TimelineData(items[:200], 205), key="t", title="t")
    assert len(chart.rows) == 200 and chart.more == 5
    capped = charts.timeline(charts.TimelineData(items[:12], 12), key="t", title="t", cap=10)
    assert len(capped.rows) == 10 and capped.more == 2
    assert len(capped.tables[0].rows) == 10


def test_the_timeline_grows_with_its_rows():
    one = charts.timeline(
        charts.TimelineData([item("A", D(2024, 1, 1), D(2024, 2, 1))], 1), key="t", title="t"
    )
    items = [item(str(n), D(2024, 1, 1), D(2024, 2, 1)) for n in range(30)]
    thirty = charts.timeline(charts.TimelineData(items, 30), key="t", title="t")
    assert thirty.height - one.height == 29 * one.row_height


def test_statuses_differ_by_pattern_or_outline_not_colour_alone():
    def look(style):
        if style.fill.startswith("url("):
            fill = "hatched"
        else:
            fill = "dark" if relative_luminance(style.fill) < 0.2 else "light"
        return fill, style.dasharray, style.strike

    styles = charts.status_styles("hatch")
    looks = {look(styles[status]) for status in charts.STATUS_ORDER}
    assert len(looks) == len(charts.STATUS_ORDER)
    assert look(styles["sent"]) != look(styles["received"])


def test_the_legend_names_each_status_on_the_chart_in_words():
    data = charts.TimelineData(
        [
            item("A", D(2024, 1, 1), D(2024, 2, 1), "withdrawn"),
            item("B", D(2024, 1, 1), D(2024, 2, 1), "in_progress"),
            item("C", D(2024, 1, 1), D(2024, 2, 1), "in_progress"),
        ],
        3,
    )
    chart = charts.timeline(data, key="t", title="t")
    assert [entry.label for entry in chart.legend] == ["in progress", "withdrawn"]
    assert chart.legend[1].swatch.style.strike


# --- Coverage calendar --------------------------------------------------------------------


def coverage(items, months):
    return charts.CoverageData(
        start=D(2024, 1, 1), end=D(2024, 12, 31), items=items, total=len(items), months=months
    )


def test_the_coverage_calendar_has_a_column_per_month_with_the_officers_away():
    months = [
        (m, n % 3) for n, m in enumerate(charts.months_between(D(2024, 1, 1), D(2024, 12, 31)))
    ]
    chart = charts.coverage_calendar(
        coverage([item("CHAN", D(2023, 11, 1), D(2024, 2, 29))], months),
        key="c",
        title="t",
        today=D(2024, 3, 15),
    )
    assert [m.count for m in chart.months] == [n % 3 for n in range(12)]
    assert chart.months[0].x == chart.plot_x
    assert chart.months[-1].x + chart.months[-1].width == pytest.approx(
        chart.plot_x + chart.plot_width
    )
    # A placement that began before the range is drawn from the range's first day.
    bar = chart.rows[0].bars[0].shape
    assert bar.x == chart.plot_x
    assert bar.x_end == pytest.approx(chart.months[2].x)
    assert [c.text for r in chart.tables[0].rows for c in r.cells] == [
        str(n % 3) for n in range(12)
    ]


# --- Balance ------------------------------------------------------------------------------


def test_officers_sent_go_left_and_officers_received_go_right_on_one_scale():
    chart = charts.balance_chart(
        [
            BalanceGroup(
                "GBA exchange",
                8,
                4,
                [BalancePart("Phase 1, batch 1", 8, 0), BalancePart("Phase 2, batch 1", 0, 4)],
            )
        ],
        key="b",
        title="t",
    )
    total, first, second = chart.rows
    assert total.sent_shape.x_end == pytest.approx(chart.centre)
    assert total.received_shape.x == chart.centre
    assert total.sent_shape.width == pytest.approx(2 * total.received_shape.width)
    assert first.received_shape.width == 0 and second.sent_shape.width == 0
    assert total.sent_value_x < total.sent_shape.x
    assert total.received_value_x > total.received_shape.x_end
    assert [r.level for r in chart.rows] == [0, 1, 1]
    assert [row.heading for row in chart.tables[0].rows] == [
        "GBA exchange",
        "GBA exchange – Phase 1, batch 1",
        "GBA exchange – Phase 2, batch 1",
    ]


# --- The templates ------------------------------------------------------------------------


def bar_html(**extra):
    chart = charts.bar_chart(
        exact(("Environmental Protection Department", 12), ("Transport Department", 5)),
        key="department",
        title="Officers by department",
        label_heading="Department",
    )
    return render_to_string("includes/charts/bar_chart.html", {"chart": chart, **extra})


def timeline_html():
    data = charts.TimelineData(
        [
            item("CHAN Tai-man", D(2024, 1, 1), D(2024, 3, 31), "completed"),
            item("LEE Siu-ming", D(2024, 2, 1), D(2024, 5, 31), "in_progress"),
        ],
        2,
    )
    chart = charts.timeline(data, key="cohort", title="GBA batch 1", today=D(2024, 3, 1))
    return render_to_string("includes/charts/timeline.html", {"chart": chart})


def coverage_html():
    months = [(m, 1) for m in charts.months_between(D(2024, 1, 1), D(2024, 12, 31))]
    chart = charts.coverage_calendar(
        coverage([item("CHAN Tai-man", D(2024, 1, 1), D(2024, 3, 31))], months),
        key="coverage",
        title="EPD officers away",
        today=D(2024, 3, 1),
    )
    return render_to_string("includes/charts/coverage.html", {"chart": chart})


def balance_html():
    chart = charts.balance_chart(
        [BalanceGroup("GBA exchange", 8, 4, [BalancePart("Phase 1, batch 1", 8, 4)])],
        key="balance",
        title="Exchange balance",
    )
    return render_to_string("includes/charts/balance_chart.html", {"chart": chart})


RENDERERS = [bar_html, timeline_html, coverage_html, balance_html]


@pytest.mark.parametrize("render", RENDERERS)
def test_screen_readers_hear_a_named_image_described_and_followed_by_its_table(render):
    html = render()
    svg = svg_of(html)
    chart_id = re.search(r'aria-labelledby="([^"]+)-title"', svg).group(1)
    assert re.search(rf'<title id="{chart_id}-title">[^<]+</title>', svg)
    assert re.search(rf'aria-describedby="{chart_id}-desc"', svg)
    assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', svg)
    assert "<summary>Show the figures as a table</summary>" in html
    assert re.search(r"<caption>[^<]+</caption>", html)
    assert '<th scope="col"' in html and '<th scope="row"' in html


@pytest.mark.parametrize("render", RENDERERS)
def test_charts_need_no_script_and_no_inline_style(render):
    html = render()
    assert "<script" not in html.lower()
    assert "style=" not in html.lower()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("render", RENDERERS)
def test_text_and_bars_stand_out_enough_against_white(render):
    html = render()
    for colour in re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', html):
        assert contrast_with_white(colour) >= 4.5, colour
    for colour in re.findall(r'<rect[^>]* stroke="(#[0-9a-f]{6})"', html):
        assert contrast_with_white(colour) >= 3, colour
    for colour in re.findall(r'<line[^>]* stroke="(#[0-9a-f]{6})" stroke-width', html):
        assert contrast_with_white(colour) >= 3, colour


def test_the_bar_charts_table_has_the_figures_written_on_the_bars():
    html = bar_html()
    drawn = re.findall(r'<text x="[\d.]+" y="[\d.]+" fill="#212529">([^<]+)</text>', svg_of(html))
    assert drawn == ["12", "5"]
    assert table_cells(html) == ["12", "5", "17"]
    assert '<th scope="row" class="fw-normal">Environmental Protection Department</th>' in html


def test_the_balance_tables_figures_match_the_bars():
    html = balance_html()
    assert table_cells(html) == ["8", "4", "8", "4", "8", "4"]
    assert "← Sent" in html and "Received →" in html


def test_the_timelines_table_gives_each_placements_dates_and_status():
    html = timeline_html()
    assert "CHAN Tai-man" in table_cells(html) or "CHAN Tai-man</th>" in html
    assert "Jan. 1, 2024" in html and "March 31, 2024" in html
    assert "Today, March 1, 2024" in svg_of(html)
    assert "in progress" in html and "completed" in html  # the legend, in words


def test_the_coverage_calendar_shows_each_months_count_in_the_chart_and_the_table():
    html = coverage_html()
    assert svg_of(html).count('font-weight="bold" fill="#212529">1</text>') == 12
    assert "January 2024" in html and "December 2024" in html


def test_names_are_escaped_not_taken_as_markup():
    chart = charts.bar_chart(
        exact(("<script>alert(1)</script>", 3)), key="x", title="<b>t</b>", label_heading="x"
    )
    html = render_to_string("includes/charts/bar_chart.html", {"chart": chart})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>t</b>" not in html


def test_a_page_that_heads_the_chart_itself_can_leave_out_the_caption():
    assert "<figcaption" in bar_html()
    assert "<figcaption" not in bar_html(hide_caption=True)


def test_an_empty_timeline_says_so_instead_of_drawing_nothing():
    chart = charts.timeline(charts.TimelineData([], 0), key="t", title="Nobody yet")
    html = render_to_string("includes/charts/timeline.html", {"chart": chart})
    assert "No placements to show." in html and "<svg" not in html


def test_the_timeline_says_how_many_more_placements_were_not_drawn():
    items = [item(f"Officer {n}", D(2024, 1, 1), D(2024, 3, 31)) for n in range(3)]
    chart = charts.timeline(charts.TimelineData(items, 250), key="t", title="t", cap=3)
    html = render_to_string("includes/charts/timeline.html", {"chart": chart})
    assert "and 247 more placements, not drawn." in html
