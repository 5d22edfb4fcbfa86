"""A chart's words never overlap one another and never leave its canvas, in every kind and for
many or long categories, in the SVG the PDF prints (matplotlib) and in the reportlab drawing;
a stated total is the total shown."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.charts import draw_chart
from generator.charts.fit import SIDE_SHARE, TURN, category_axis, legend_rows, line_label_sides, text_width
from generator.charts.geometry import shown_totals
from generator.charts.canvas import chart_size_mm
from generator.charts.sizes import MM_PER_PT
from generator.config import load_profile
from generator.doc.model import SVG, ChartSeries, ChartSpec, Diagram
from generator.load.inputs import load_report
from generator.sections import build_document
from generator.writers.reportlab.charts import chart
from tests.chart_boxes import collisions, drawing_texts, svg_texts
from tests.small_inputs import write_inputs
from tests.test_chart_kinds import FUNDS, HALLS, PAST, table_chart

PROFILES = {name: load_profile(name) for name in ("default", "gost")}
MONTHS = ["Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек", "Қазан",
          "Қараша", "Желтоқсан"]
LONG = [f"Ерекше білім беру қажеттілігі бар қатысушылар тобы {i}" for i in range(1, 11)]
NAMES = ["Ерекше білім беру қажеттілігі бар қатысушылар", "Жалпы білім беретін мектеп оқушылары",
         "Студенттер мен магистранттар"]
BIG_AND_SMALL = [120000, 5, 30000, 4500, 98000, 100, 65000, 7000, 250, 111111]


def _months(i: int) -> list[int]:
    return [1000 * (i + 1) + 37 * k for k in range(12)]


STRESS = {
    "line of 12 months, two close series": ChartSpec("line", MONTHS, [
        ChartSeries(NAMES[0], [7900, 6300, 5000, 8100, 9000, 12000, 15000, 14500, 7000, 6900, 6400, 7100]),
        ChartSeries(NAMES[1], [6300, 6400, 5100, 8000, 9100, 11800, 14900, 14400, 7100, 7000, 6300, 7000])],
        "Келушілер"),
    "bar of 10 long labels, big and small": ChartSpec("bar", LONG, [
        ChartSeries("2021 жыл", BIG_AND_SMALL), ChartSeries("2022 жыл", [v + 7 for v in BIG_AND_SMALL])], "Саны"),
    "bar of 12 months, long values": ChartSpec("bar", MONTHS, [
        ChartSeries(NAMES[i], [1234567 + 1000 * k * (i + 1) for k in range(12)]) for i in range(3)],
        "Саны", unit="теңге"),
    "barh of 10 long labels": ChartSpec("barh", LONG, [ChartSeries("2022 жыл", BIG_AND_SMALL)], "Саны"),
    "stacked of 12 months, a legend of long names": ChartSpec("stacked", MONTHS, [
        ChartSeries(name, _months(i)) for i, name in enumerate(NAMES)], "Саны"),
    "stackedh of long labels": ChartSpec("stackedh", LONG[:6], [
        ChartSeries(name, [100000 * (i + 1) + 7 * k for k in range(6)]) for i, name in enumerate(NAMES)], "Саны"),
    "pie with tiny segments": ChartSpec("pie", LONG[:7], [ChartSeries("2022 жыл", [1322, 590000, 3, 20, 250000, 1, 9])]),
    "pie of ten slices just wide enough for their shares": ChartSpec("pie", LONG, [
        ChartSeries("2022 жыл", [7, 6, 6, 7, 6, 8, 6, 40, 7, 7])]),
    "line of 31 days": ChartSpec("line", [f"{d} желтоқсан" for d in range(1, 32)], [
        ChartSeries("Келушілер", [300 + 17 * (d % 7) for d in range(31)])], "Келушілер"),
    "bar with a long value axis title": ChartSpec("bar", ["2020 жыл", "2021 жыл", "2022 жыл"], [
        ChartSeries("Келушілер", [38000, 125625, 146300])],
        "Ерекше білім беру қажеттілігі бар қатысушылар мен жалпы білім беретін мектеп оқушыларының саны"),
    "barh with a long value axis title": ChartSpec("barh", ["2020 жыл", "2021 жыл", "2022 жыл"], [
        ChartSeries("Келушілер", [38000, 125625, 146300])],
        "Ерекше білім беру қажеттілігі бар қатысушылар мен жалпы білім беретін мектеп оқушыларының саны, "
        "залдарда және онлайн көрмелерде, жыл сайын"),
    "stacked with thin segments": ChartSpec("stacked", ["2020 жыл", "2021 жыл", "2022 жыл"], [
        ChartSeries(name, [v, v + 1, v + 2]) for name, v in zip([*NAMES, "Басқа"], [100, 3, 2, 1])], "Саны"),
}


@pytest.fixture(scope="module")
def svgs(tmp_path_factory) -> dict[tuple[str, str], str]:
    folder = tmp_path_factory.mktemp("fit")
    return {(profile, name): Path(draw_chart(spec, PROFILES[profile], folder, f"{profile}-{i}").forms[SVG]).read_text()
            for profile in PROFILES for i, (name, spec) in enumerate(STRESS.items())}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", STRESS)
def test_no_word_of_the_pdfs_chart_touches_another_or_leaves_its_canvas(svgs, profile, name):
    size, texts = svg_texts(svgs[(profile, name)])
    assert len(texts) > len(STRESS[name].categories)          # every kind of word was measured
    assert collisions(texts, size) == []


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", STRESS)
def test_no_word_of_the_reportlab_chart_touches_another_or_leaves_its_canvas(profile, name):
    spec = STRESS[name]
    drawing = chart(spec, PROFILES[profile], 450.0)
    texts = drawing_texts(drawing)
    assert len(texts) > len(spec.categories)
    assert collisions(texts, (drawing.width, drawing.height)) == []


def test_twelve_months_turn_rather_than_run_into_each_other():
    profile = PROFILES["default"]
    spec = STRESS["line of 12 months, two close series"]
    axis = category_axis(spec, profile, chart_size_mm(spec, profile))
    assert axis.turn == TURN and axis.labels == MONTHS            # turned, none left out, none cut
    few = ChartSpec("line", ["2020 жыл", "2021 жыл", "2022 жыл"], spec.series[:1])
    assert category_axis(few, profile, chart_size_mm(few, profile)).turn == 0


def test_a_horizontal_charts_long_labels_wrap_to_a_third_of_its_width():
    profile = PROFILES["default"]
    spec = STRESS["barh of 10 long labels"]
    size_mm = chart_size_mm(spec, profile)
    labels = category_axis(spec, profile, size_mm).labels
    assert all(label.count("\n") == 1 for label in labels)
    assert [" ".join(label.split()) for label in labels] == LONG
    assert max(text_width(label, 11) for label in labels) <= size_mm[0] / MM_PER_PT * SIDE_SHARE


def test_labels_too_many_to_stand_side_by_side_even_turned_are_thinned_evenly():
    profile = PROFILES["default"]
    spec = STRESS["line of 31 days"]
    labels = category_axis(spec, profile, chart_size_mm(spec, profile)).labels
    kept = [c for c, label in enumerate(labels) if label]
    assert kept[0] == 0 and len(kept) < 31 and len({b - a for a, b in zip(kept, kept[1:])}) == 1
    assert [labels[c] for c in kept] == [spec.categories[c] for c in kept]


def test_close_values_of_two_lines_take_either_side_of_their_points():
    profile = PROFILES["default"]
    spec = STRESS["line of 12 months, two close series"]
    sides = line_label_sides(spec, profile, chart_size_mm(spec, profile))
    assert (sides[(1, 1)], sides[(0, 1)]) == ("above", "below")    # 6 400 over 6 300, not on it
    assert (sides[(0, 0)], sides[(1, 0)]) == ("above", "above")    # 7 900 and 6 300 apart enough


def test_a_long_legend_wraps_and_grows_the_chart_instead_of_leaving_the_canvas():
    profile = PROFILES["default"]
    spec = STRESS["stacked of 12 months, a legend of long names"]
    drawing = chart(spec, profile, 450.0)
    legend = [text for text, _ in drawing_texts(drawing) if text in " ".join(NAMES)]
    assert sorted(" ".join(legend).split()) == sorted(" ".join(NAMES).split())     # every word of every name
    assert len(legend) > len(NAMES)                                                # some names wrapped
    assert chart_size_mm(spec, profile)[1] > profile.charts.height_mm


def test_the_reportlab_legend_fills_its_columns_as_matplotlibs_does():
    assert legend_rows(4, 2) == [[0, 2], [1, 3]]
    assert legend_rows(6, 4) == [[0, 2, 4, 5], [1, 3]]        # the first 6 % 4 columns one longer
    assert legend_rows(3, 4) == [[0, 1, 2]]


def test_the_stacked_total_shown_is_the_stated_one():
    parts = [ChartSeries("а", [300000, 400]), ChartSeries("б", [198670, 600])]
    spec = ChartSpec("stacked", ["2022 жыл", "2023 жыл"], parts, totals=[498760, None])
    assert [text for _, _, text in shown_totals(spec, "kk")] == ["498\u00a0760", "1\u00a0000"]
    assert [end for _, end, _ in shown_totals(spec, "kk")] == [498670, 1000]    # the stack as tall as its parts
    drawing = chart(spec, PROFILES["default"], 450.0)
    assert "498\u00a0760" in [text for text, _ in drawing_texts(drawing)]


def _first_chart(root: Path):
    """The first diagram's chart of the report written at ``root``, and the problems noted."""
    doc, ctx = build_document(load_report(root, 2021), PROFILES["default"])
    return next(b for b in doc.body if isinstance(b, Diagram)).chart, ctx.problems


def test_a_stacked_diagram_from_the_inputs_carries_each_years_stated_total(tmp_path):
    past = {2020: {"funds": PAST[2020]["funds"].replace("value: 160000", "value: 160010")}}   # parts: 160 000
    chart, _ = _first_chart(write_inputs(tmp_path, 2021, {"funds": FUNDS.format(kind="stacked", extra="")}, past))
    assert chart.totals == [160010, 170000]
    assert [text for _, _, text in shown_totals(chart, "kk")] == ["160\u00a0010", "170\u00a0000"]


def test_a_diagram_of_table_columns_under_one_header_group_is_titled_by_it(tmp_path):
    grouped = HALLS.replace("type: number}}", "type: number, group: Саны}}").replace(
        "places: 1}}", "places: 1, group: Саны}}")
    halls = grouped.format(columns="columns: [visitors, share]")
    chart, problems = _first_chart(write_inputs(tmp_path, 2021, {"halls": halls}))
    assert not problems and chart.value_label == "Саны"
    assert table_chart(tmp_path / "plain", "columns: [visitors, share]")[0].value_label == ""


def test_text_is_measured_with_the_bundled_fonts_widths():
    assert text_width("Қыркүйек", 11) > text_width("Қазан", 11) > 0
    assert text_width("ab\nabcd", 10) == text_width("abcd", 10)
