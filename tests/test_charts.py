"""Charts drawn from specs (SVG, and PNG when a writer takes it), draw_all over a document, placeholder photos."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from PIL import Image

from generator.charts import bar_labels, build_figure, chart_style, draw_all, draw_chart, make_placeholder
from generator.charts.sizes import MAX_GROWTH
from generator.charts.style import register_fonts
from generator.config import FONTS_DIR, load_profile
from generator.doc.model import PNG, SVG, ChartSeries, ChartSpec, Diagram
from generator.writers.registry import image_forms
from tests.sample_doc import KAZAKH_LETTERS, sample_document

PROFILE = load_profile("default")
NBSP = "\u00a0"
EVENTS = ChartSpec(kind="bar", categories=["2020 жыл", "2021 жыл"],
                   series=[ChartSeries("Іс-шаралар", [267, 436])])
CATEGORIES = ["Оқушылар", "Студенттер", "7 жасқа дейінгі балалар",
              "Балалар үйінің тәрбиеленушілері", "Мүмкіндігі шектеулі азаматтар", "Зейнеткерлер",
              "Шетелдік қонақтар", "Ұлы Отан соғысының ардагерлері", "Ересектер (басқа санат)"]
VISITORS = ChartSpec(kind="barh", categories=CATEGORIES, value_label="Келушілер саны", series=[
    ChartSeries("2019 жыл", [47371, 20112, 8004, 704, 1530, 3200, 15021, 120, 119633]),
    ChartSeries("2020 жыл", [6051, 3401, 1200, None, 310, 620, 2003, 40, 25310]),
    ChartSeries("2021 жыл", [24331, 9877, 5100, 524, 980, 2150, 4512, 65, 168086]),
])


def figure_of(spec: ChartSpec):
    with chart_style(PROFILE):
        fig = build_figure(spec, PROFILE)
        fig.canvas.draw()                     # tick labels are made at draw time
    return fig


def tick_texts(axis) -> list[str]:
    return [label.get_text() for label in axis.get_ticklabels()]


def n_bars(fig) -> int:
    return sum(len(container.patches) for container in fig.axes[0].containers)


# --- files ----------------------------------------------------------------------------------

def test_bar_chart_writes_only_an_svg_at_profile_size(tmp_path):
    image = draw_chart(EVENTS, PROFILE, tmp_path, "events")
    assert Path(image.forms[SVG]) == tmp_path / "events.svg"
    assert [p.name for p in tmp_path.iterdir()] == ["events.svg"]     # no PNG: no writer takes one
    assert (image.width_mm, image.height_mm) == (160, 85)
    root = ET.parse(image.forms[SVG]).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(160 / 25.4 * 72, abs=0.01)


def test_a_png_is_drawn_only_for_a_writer_that_takes_one(tmp_path):
    image = draw_chart(EVENTS, PROFILE, tmp_path, "events", forms=(SVG, PNG))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.png", "events.svg"]
    with Image.open(image.forms[PNG]) as png:
        assert png.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert abs(png.width - 160 / 25.4 * 300) <= 1 and abs(png.height - 85 / 25.4 * 300) <= 1
    assert PNG not in image_forms()            # no registered writer takes a PNG: none is drawn


def test_svg_draws_text_as_paths_for_the_pdf(tmp_path):
    svg = Path(draw_chart(EVENTS, PROFILE, tmp_path, "events").forms[SVG]).read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg


def test_files_carry_no_date_or_software_version(tmp_path):
    image = draw_chart(EVENTS, PROFILE, tmp_path, "events")
    svg = Path(image.forms[SVG]).read_bytes()
    assert b"dc:date" not in svg and b"Matplotlib" not in svg


def test_two_runs_give_identical_bytes(tmp_path):
    first = draw_chart(VISITORS, PROFILE, tmp_path / "a", "visitors")
    second = draw_chart(VISITORS, PROFILE, tmp_path / "b", "visitors")
    assert Path(first.forms[SVG]).read_bytes() == Path(second.forms[SVG]).read_bytes()


def test_drawing_leaves_global_rcparams_alone(tmp_path):
    before = (mpl.rcParams["svg.fonttype"], mpl.rcParams["svg.hashsalt"], mpl.rcParams["font.family"])
    draw_chart(EVENTS, PROFILE, tmp_path, "events")
    after = (mpl.rcParams["svg.fonttype"], mpl.rcParams["svg.hashsalt"], mpl.rcParams["font.family"])
    assert after == before


# --- what the chart shows -------------------------------------------------------------------

def test_bars_are_labelled_with_their_values():
    assert bar_labels(EVENTS) == ["267", "436"]
    fig = figure_of(EVENTS)
    assert [text.get_text() for text in fig.axes[0].texts] == ["267", "436"]
    assert tick_texts(fig.axes[0].xaxis) == ["2020 жыл", "2021 жыл"]


def test_large_values_use_no_break_space_grouping():
    spec = ChartSpec("bar", ["2021 жыл"], [ChartSeries("Келушілер", [215625])])
    assert bar_labels(spec) == [f"215{NBSP}625"]
    fig = figure_of(spec)
    assert [text.get_text() for text in fig.axes[0].texts] == [f"215{NBSP}625"]
    ticks = tick_texts(fig.axes[0].yaxis)
    assert f"200{NBSP}000" in ticks and "200000" not in ticks


def test_decimal_values_use_a_comma():
    spec = ChartSpec("bar", ["а", "б"], [ChartSeries("с", [1234.5, 2])])
    assert bar_labels(spec) == [f"1{NBSP}234,5", "2"]


def test_none_values_give_no_bar_and_no_label():
    spec = ChartSpec("bar", ["2019 жыл", "2020 жыл", "2021 жыл"],
                     [ChartSeries("Офлайн", [10, None, 30]), ChartSeries("Онлайн", [None, 5, 7])])
    fig = figure_of(spec)
    assert n_bars(fig) == 4
    assert [text.get_text() for text in fig.axes[0].texts] == ["10", "30", "5", "7"]


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_a_missing_value_shows_its_mark_where_its_bar_would_stand(kind):
    from matplotlib.colors import to_hex
    from generator.doc.model import Text
    spec = ChartSpec(kind, ["2020 жыл", "2021 жыл", "2022 жыл"], [ChartSeries(
        "Іс-шаралар", [None, 436, None], [Text("дерек жоқ"), None, Text("толтырылмаған", gap=True)])])
    fig = figure_of(spec)
    assert n_bars(fig) == 1
    marks = {text.get_text().strip(): text for text in fig.axes[0].texts if text.get_text() != "436"}
    assert set(marks) == {"дерек жоқ", "толтырылмаған"}
    slot = 1 if kind == "barh" else 0            # the category axis: y for barh, x for bar
    assert [round(marks[m].get_position()[slot]) for m in ("дерек жоқ", "толтырылмаған")] == [0, 2]
    assert marks["дерек жоқ"].get_bbox_patch() is None                     # no data: plain
    assert to_hex(marks["толтырылмаған"].get_bbox_patch().get_facecolor()) == PROFILE.draft.css_colour


def test_several_series_get_a_legend_and_one_series_none():
    legend = figure_of(VISITORS).legends
    assert [text.get_text() for text in legend[0].get_texts()] == ["2019 жыл", "2020 жыл", "2021 жыл"]
    assert figure_of(EVENTS).legends == []


@pytest.mark.parametrize("kind, values", [("bar", [None, None]), ("barh", [None, None]), ("bar", [0, 0]),
                                          ("barh", [0, None])])
def test_a_chart_with_no_value_yet_has_an_empty_scale_from_zero(kind, values):
    from generator.doc.model import Text
    spec = ChartSpec(kind, ["2021 жыл", "2022 жыл"], [ChartSeries(
        "Іс-шаралар", values, [Text("дерек жоқ"), Text("толтырылмаған", gap=True)])])
    fig = figure_of(spec)
    ax = fig.axes[0]
    value_axis = ax.xaxis if kind == "barh" else ax.yaxis
    assert (ax.get_xlim() if kind == "barh" else ax.get_ylim()) == (0, 1)
    assert all(label == "" for label in tick_texts(value_axis))


def test_a_series_with_no_bar_yet_keeps_its_colour_in_the_legend():
    from matplotlib.colors import to_hex
    PALETTE = PROFILE.charts.colours
    spec = ChartSpec("bar", ["Негізгі қор", "Уақытша қор"], [ChartSeries("2021 жыл", [118648, 47512]),
                                                            ChartSeries("2022 жыл", [None, None])])
    swatches = figure_of(spec).legends[0].legend_handles
    assert [to_hex(p.get_facecolor()).upper() for p in swatches] == [c.upper() for c in PALETTE[:2]]


def test_grouped_bars_of_a_category_sit_side_by_side_in_its_slot():
    spec = ChartSpec("bar", ["а", "б"], [ChartSeries("x", [1, 2]), ChartSeries("y", [3, 4])])
    first, second = figure_of(spec).axes[0].containers
    centres = [p.get_x() + p.get_width() / 2 for p in [*first.patches, *second.patches]]
    assert centres[0] < centres[2] < 0.5 < centres[1] < centres[3] < 1.5


def test_barh_puts_first_category_on_top_and_keeps_labels_that_fit_its_column_whole():
    fig = figure_of(VISITORS)
    ax = fig.axes[0]
    bottom, top = ax.get_ylim()
    assert bottom > top                                   # y grows downwards
    labels = tick_texts(ax.yaxis)
    assert labels[0] == "Оқушылар"
    assert labels[3] == "Балалар үйінің тәрбиеленушілері"   # as wide as a third of the chart, unbroken
    assert n_bars(fig) == 26                              # 27 values, one None


def test_barh_with_many_bars_grows_taller(tmp_path):
    image = draw_chart(VISITORS, PROFILE, tmp_path, "visitors")
    assert image.width_mm == 160 and 85 < image.height_mm <= 85 * MAX_GROWTH
    root = ET.parse(image.forms[SVG]).getroot()
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(image.height_mm / 25.4 * 72, abs=0.01)


def test_every_kazakh_letter_renders_without_missing_glyph_warnings(tmp_path):
    spec = ChartSpec("barh", [KAZAKH_LETTERS, KAZAKH_LETTERS.upper()],
                     [ChartSeries(KAZAKH_LETTERS, [1, 2]), ChartSeries("Ұ", [3, None])])
    draw_chart(spec, PROFILE, tmp_path, "letters")     # filterwarnings=error turns any into a failure


def test_bundled_font_is_the_one_matplotlib_uses():
    register_fonts()
    found = font_manager.fontManager.findfont(FontProperties(family=PROFILE.charts.font))
    assert Path(found).parent == FONTS_DIR


def test_unknown_kind_and_ragged_series_are_refused(tmp_path):
    with pytest.raises(ValueError, match="donut"):
        draw_chart(ChartSpec("donut", ["а"], [ChartSeries("с", [1])]), PROFILE, tmp_path, "x")
    with pytest.raises(ValueError, match="2 values"):
        bar_labels(ChartSpec("bar", ["а"], [ChartSeries("с", [1, 2])]))


# --- draw_all -------------------------------------------------------------------------------

def document_with_two_diagrams():
    doc = sample_document()
    doc.body.append(Diagram(title="Келушілер", chart=VISITORS, alt="Келушілер санаты",
                            anchor="diagram-visitors"))
    return doc


def test_draw_all_fills_images_for_each_diagram(tmp_path):
    doc = document_with_two_diagrams()
    draw_all(doc, PROFILE, tmp_path)
    assert list(doc.images) == ["diagram-events", "diagram-visitors"]
    for anchor, image in doc.images.items():
        assert Path(image.forms[SVG]) == tmp_path / f"{anchor}.svg" and Path(image.forms[SVG]).is_file()


def test_draw_all_in_workers_matches_drawing_in_turn(tmp_path):
    parallel, serial = document_with_two_diagrams(), document_with_two_diagrams()
    draw_all(parallel, PROFILE, tmp_path / "parallel", workers=2)
    draw_all(serial, PROFILE, tmp_path / "serial", workers=1)
    for anchor in serial.images:
        assert Path(parallel.images[anchor].forms[SVG]).read_bytes() == Path(serial.images[anchor].forms[SVG]).read_bytes()


def test_draw_all_refuses_a_diagram_without_anchor(tmp_path):
    doc = sample_document()
    doc.body.append(Diagram(title="Нөмірсіз", chart=EVENTS, alt=""))
    with pytest.raises(ValueError, match="no anchor"):
        draw_all(doc, PROFILE, tmp_path)


# --- placeholder ----------------------------------------------------------------------------

def test_placeholder_has_the_given_size_and_visible_text(tmp_path):
    path = tmp_path / "photos" / "award.png"
    make_placeholder("Марапаттау рәсімі", path, "ФОТО ЖОҚ", width_px=800, height_px=500)
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (800, 500)
        colours = image.convert("L").getcolors(maxcolors=256 * 256)
    assert len(colours) > 10                              # text antialiasing, not one flat grey


def test_placeholder_is_deterministic_and_depends_on_caption(tmp_path):
    for name in ("a", "b"):
        make_placeholder("Марапаттау рәсімі", tmp_path / f"{name}.png", "ФОТО ЖОҚ")
    make_placeholder("Басқа сурет", tmp_path / "c.png", "ФОТО ЖОҚ")
    a, b, c = ((tmp_path / f"{n}.png").read_bytes() for n in "abc")
    assert a == b and a != c
    with Image.open(tmp_path / "a.png") as image:
        assert image.size == (1600, 1000)
