"""The six chart kinds, from the inputs to the drawing; chart text size and look from the profile."""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

from generator.charts import build_figure, chart_style, draw_chart
from generator.charts.bars import bars, totals
from generator.charts.pie import shares
from generator.config import load_profile
from generator.doc.model import CHART_KINDS, SVG, ChartSeries, ChartSpec, Diagram
from generator.load.inputs import load_report
from generator.sections import build_document
from tests.small_inputs import write_inputs

PROFILE = load_profile("default")
YEARS = ["2019 жыл", "2020 жыл", "2021 жыл"]
PARTS = ["Негізгі қор", "Ғылыми-көмекші қор", "Уақытша сақтау"]
BY_PART = [[118648, 119902, 121340], [47512, 48011, 49120], [3120, 2950, 3410]]


def spec_of(kind: str) -> ChartSpec:
    """A chart of each kind as the builder makes it: years along the axis, or the parts."""
    if kind == "pie":
        return ChartSpec("pie", PARTS, [ChartSeries("2021 жыл", [v[-1] for v in BY_PART])])
    if kind in ("bar", "barh"):
        return ChartSpec(kind, PARTS, [ChartSeries(y, [v[i] for v in BY_PART]) for i, y in enumerate(YEARS)])
    return ChartSpec(kind, YEARS, [ChartSeries(p, v) for p, v in zip(PARTS, BY_PART)], value_label="Бірлік")


SCALE = re.compile(r"scale\(([\d.]+) -[\d.]+\)")


def printed_text_pt(svg_path: str, profile) -> list[float]:
    """Every text's size at printed size: matplotlib draws a glyph run at scale(size/100), the SVG
    is in points at drawn size, and the writers print the chart at min(chart width, text width)."""
    root = ET.parse(svg_path).getroot()
    drawn_mm = float(root.get("width").removesuffix("pt")) / 72 * 25.4
    printed_mm = min(profile.charts.width_mm, profile.page.text_width_mm)
    sizes = [float(m) * 100 for m in SCALE.findall(ET.tostring(root, encoding="unicode"))]
    return [size * printed_mm / drawn_mm for size in sizes]


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_every_kind_prints_its_text_at_10_pt_or_more(tmp_path, kind):
    image = draw_chart(spec_of(kind), PROFILE, tmp_path, kind)
    sizes = printed_text_pt(image.forms[SVG], PROFILE)
    assert len(sizes) >= 4
    assert min(sizes) >= 10 - 1e-6


def test_a_chart_wider_than_the_text_draws_its_text_larger_to_print_at_10_pt(tmp_path):
    wide = PROFILE.model_copy(update={"charts": PROFILE.charts.model_copy(update={"width_mm": 200})})
    image = draw_chart(spec_of("bar"), wide, tmp_path, "wide")
    sizes = printed_text_pt(image.forms[SVG], wide)
    assert min(sizes) == pytest.approx(10, abs=0.05)
    drawn = [float(m) * 100 for m in SCALE.findall(Path(image.forms[SVG]).read_text(encoding="utf-8"))]
    assert min(drawn) > 12                   # 10 pt printed at 165 of 200 mm


def test_many_bars_keep_10_pt_labels_and_the_chart_grows_instead(tmp_path):
    many = ChartSpec("barh", [f"Санат {i}" for i in range(12)],
                     [ChartSeries(y, list(range(100, 112))) for y in YEARS])
    image = draw_chart(many, PROFILE, tmp_path, "many")
    assert image.height_mm > PROFILE.charts.height_mm
    assert min(printed_text_pt(image.forms[SVG], PROFILE)) >= 10 - 1e-6


def test_colours_and_font_come_from_the_profile():
    mine = PROFILE.model_copy(update={"charts": PROFILE.charts.model_copy(
        update={"colours": ("#112233", "#445566"), "text_pt": 13})})
    with chart_style(mine):
        fig = build_figure(spec_of("stacked"), mine)
        fig.canvas.draw()
        fills = [to_hex(c.patches[0].get_facecolor()) for c in fig.axes[0].containers]
        tick_size = fig.axes[0].xaxis.get_ticklabels()[0].get_fontsize()
    assert fills == ["#112233", "#445566", "#112233"]       # the profile's colours, in turn
    assert tick_size == 13


def test_stacked_segments_start_where_the_series_before_ended_and_the_total_is_shown():
    spec = spec_of("stacked")
    drawn = bars(spec)
    third_year = [bar for bar in drawn if bar.category == 2]
    assert [bar.start for bar in third_year] == [0, 121340, 121340 + 49120]
    assert totals(spec) == [169280, 170863, 173870]
    with chart_style(PROFILE):
        fig = build_figure(spec, PROFILE)
        texts = [t.get_text() for t in fig.axes[0].texts]
    assert "173\u00a0870" in texts


def test_stackedh_lays_the_stacks_down_with_the_first_year_on_top():
    with chart_style(PROFILE):
        fig = build_figure(spec_of("stackedh"), PROFILE)
        fig.canvas.draw()
    ax = fig.axes[0]
    first = ax.containers[0].patches[0]
    assert first.get_width() == 118648 and first.get_y() < 0.5   # horizontal, and year 1 on top
    assert ax.get_ylim()[0] > ax.get_ylim()[1]


def test_a_line_per_series_with_a_break_where_a_value_is_missing():
    spec = ChartSpec("line", YEARS, [ChartSeries("Келушілер", [353000, None, 215625]),
                                     ChartSeries("Онлайн", [12000, 180000, 90000])])
    with chart_style(PROFILE):
        fig = build_figure(spec, PROFILE)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    assert math.isnan(lines[0].get_ydata()[1]) and list(lines[1].get_xdata()) == [0, 1, 2]
    assert fig.axes[0].get_ylim()[0] == 0


def test_a_pie_shows_each_part_share_of_the_whole_in_the_locale_way():
    spec = spec_of("pie")
    assert shares(spec) == ["69,8%", "28,3%", "2,0%"]
    with chart_style(PROFILE):
        fig = build_figure(spec, PROFILE)
        on_pie = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert on_pie == ["69,8%", "28,3%"]                 # a thin slice's share is in the legend only
    assert legend[2] == "Уақытша сақтау – 3\u00a0410 (2,0%)"


def test_a_pie_of_several_series_is_refused(tmp_path):
    with pytest.raises(ValueError, match="one series"):
        draw_chart(spec_of("bar").__class__("pie", PARTS, spec_of("bar").series), PROFILE, tmp_path, "x")


def test_unit_and_number_pattern_shape_every_value_shown():
    money = ChartSpec("bar", ["а", "б"], [ChartSeries("x", [1250000, 3])], number_format="#,##0.00", unit="теңге")
    assert [bar.label for bar in bars(money)] == ["1\u00a0250\u00a0000,00\u00a0теңге", "3,00\u00a0теңге"]
    share = ChartSpec("bar", ["а", "б"], [ChartSeries("x", [12.5, 3])], number_format="#,##0.0", unit="%")
    assert [bar.label for bar in bars(share)] == ["12,5%", "3,0%"]           # as the text prints a percent


def test_a_diagram_of_a_percent_figure_prints_its_values_as_percent(tmp_path):
    root = write_inputs(tmp_path, 2021, {"funds": FUNDS.format(kind="line", extra="").replace(
        "    value: 170000\n", "    value: 100\n    unit: percent\n    places: 1\n")}, PAST)
    doc, _ = build_document(load_report(root, 2021), PROFILE)
    chart = next(b for b in doc.body if isinstance(b, Diagram)).chart
    assert (chart.number_format, chart.unit) == ("#,##0.0", "%")


# --- from the inputs ----------------------------------------------------------------------

FUNDS = """\
heading: Қор
figures:
  holdings:
    value: 170000
    parts:
      - {{id: main, label: Негізгі қор, value: 120000}}
      - {{id: aux, label: Көмекші қор, value: 50000}}
diagrams:
  chart: {{title: Қор, figure: holdings, kind: {kind}{extra}}}
content:
  - text: Қор.
  - diagram: chart
"""
PAST = {2020: {"funds": "figures:\n  holdings:\n    value: 160000\n    parts:\n"
                        "      - {id: main, label: Негізгі қор, value: 115000}\n"
                        "      - {id: aux, label: Көмекші қор, value: 45000}\n"}}


def chart_from_inputs(tmp_path, kind: str, extra: str = ""):
    root = write_inputs(tmp_path, 2021, {"funds": FUNDS.format(kind=kind, extra=extra)}, PAST)
    doc, ctx = build_document(load_report(root, 2021), PROFILE)
    diagrams = [b for b in doc.body if isinstance(b, Diagram)]
    return (diagrams[0].chart if diagrams else None), ctx.problems


@pytest.mark.parametrize("kind", ["stacked", "stackedh"])
def test_a_stacked_diagram_puts_the_years_along_the_axis_and_stacks_the_parts(tmp_path, kind):
    chart, problems = chart_from_inputs(tmp_path, kind)
    assert not problems
    assert chart.kind == kind and chart.categories == ["2020 жыл", "2021 жыл"]
    assert [(s.name, s.values) for s in chart.series] == [("Негізгі қор", [115000, 120000]),
                                                          ("Көмекші қор", [45000, 50000])]


def test_a_line_diagram_draws_the_total_by_year_or_each_part(tmp_path):
    total, _ = chart_from_inputs(tmp_path / "a", "line")
    parts, _ = chart_from_inputs(tmp_path / "b", "line", ", by_parts: true")
    assert total.categories == parts.categories == ["2020 жыл", "2021 жыл"]
    assert [s.values for s in total.series] == [[160000, 170000]]
    assert [s.values for s in parts.series] == [[115000, 120000], [45000, 50000]]


def test_a_pie_shows_the_parts_of_the_reports_year_or_of_the_one_year_given(tmp_path):
    this_year, _ = chart_from_inputs(tmp_path / "a", "pie")
    last_year, _ = chart_from_inputs(tmp_path / "b", "pie", ", years: [2020]")
    assert this_year.categories == ["Негізгі қор", "Көмекші қор"]
    assert [(s.name, s.values) for s in this_year.series] == [("2021 жыл", [120000, 50000])]
    assert last_year.series[0].values == [115000, 45000]


def test_a_pie_of_several_years_is_a_plain_mistake(tmp_path):
    chart, problems = chart_from_inputs(tmp_path, "pie", ", years: 2")
    assert chart is None
    assert [(p.line, p.field) for p in problems] == [(9, "diagrams.chart.years")]
    assert "a pie shows one year's parts, not 2 years" in problems[0].message


def test_an_unknown_kind_names_the_six(tmp_path):
    from generator.load.problems import InputErrors
    root = write_inputs(tmp_path, 2021, {"funds": FUNDS.format(kind="donut", extra="")}, PAST)
    with pytest.raises(InputErrors) as caught:
        load_report(root, 2021)
    message = str(caught.value)
    assert "diagrams.chart.kind" in message and all(kind in message for kind in CHART_KINDS)


@pytest.mark.parametrize("kind", ["stacked", "stackedh", "line", "pie"])
def test_a_draft_chart_of_any_kind_marks_what_is_not_filled_in_once_per_place(kind):
    from generator.doc.model import Text
    marks = [Text("толтырылмаған", gap=True)] * 2
    series = [ChartSeries("а", [None, None], marks)]
    if kind != "pie":
        series.append(ChartSeries("б", [None, None], marks))
    with chart_style(PROFILE):
        fig = build_figure(ChartSpec(kind, ["2021 жыл", "2022 жыл"], series), PROFILE)
    shown = [t.get_text().strip() for t in fig.axes[0].texts]
    assert shown.count("толтырылмаған") == (1 if kind == "pie" else 2)


# --- from a free table's columns ----------------------------------------------------------

HALLS = """\
heading: Залдар
tables:
  halls:
    title: Залдар
    columns:
      - {{header: Зал}}
      - {{id: visitors, header: Келушілер, type: number}}
      - {{id: share, header: Үлесі, type: percent, places: 1}}
    rows:
      - [Алтын зал, 48200, 60.5]
      - ["{{year}} жылғы жаңа зал", 31400, 39.5]
diagrams:
  chart: {{title: Залдар, table: halls, {columns}}}
content:
  - table: halls
  - diagram: chart
"""


def table_chart(tmp_path, columns: str):
    root = write_inputs(tmp_path, 2021, {"halls": HALLS.format(columns=columns)})
    doc, ctx = build_document(load_report(root, 2021), PROFILE)
    diagrams = [b for b in doc.body if isinstance(b, Diagram)]
    return (diagrams[0].chart if diagrams else None), ctx.problems


def test_a_diagram_of_a_free_table_puts_its_rows_along_the_axis_and_a_series_per_column(tmp_path):
    chart, problems = table_chart(tmp_path, "columns: [visitors], kind: stackedh")
    assert not problems
    assert chart.kind == "stackedh" and chart.categories == ["Алтын зал", "2021 жылғы жаңа зал"]
    assert [(s.name, s.values) for s in chart.series] == [("Келушілер", [48200, 31400])]
    assert chart.value_label == "Келушілер"


def test_a_pie_of_a_percent_column_prints_percent_and_draws_one_column(tmp_path):
    chart, _ = table_chart(tmp_path / "a", "columns: [share], kind: pie")
    assert (chart.unit, chart.number_format, chart.series[0].values) == ("%", "#,##0.0", [60.5, 39.5])
    _, problems = table_chart(tmp_path / "b", "columns: [visitors, share], kind: pie")
    assert [p.field for p in problems] == ["diagrams.chart.columns"]
    assert "a pie draws one column, not 2" in problems[0].message


def test_a_diagram_of_a_table_names_what_is_missing_in_one_plain_line(tmp_path):
    _, problems = table_chart(tmp_path / "a", "columns: [rooms]")
    assert [p.message for p in problems] == [
        "'rooms' is not the id of a number column of table 'halls' (number columns: visitors, share)"]
    from generator.load.problems import InputErrors
    root = write_inputs(tmp_path / "b", 2021, {"halls": HALLS.format(columns="columns: []")})
    with pytest.raises(InputErrors, match="name the table's number columns"):
        load_report(root, 2021)
