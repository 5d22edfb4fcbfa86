"""The reportlab engine's diagrams, drawn from their data: each kind's bars and slices in
proportion, its words as text in the bundled font at the profile's sizes; a run of that engine
loads no matplotlib and forks no worker."""
from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Rect, String, Wedge
from reportlab.pdfgen.canvas import Canvas

from generator.charts.geometry import shares, value_text
from generator.charts.sizes import printed_scale
from generator.charts.style import colour, label_pt, text_pt
from generator.config import load_profile
from generator.doc.model import CHART_KINDS
from generator.writers.reportlab.charts import chart
from tests.small_inputs import PROJECT
from tests.test_chart_kinds import BY_PART, PARTS, YEARS, spec_of

PROFILE = load_profile("default")
WIDTH = 450.0                     # printed points


def shapes(node, kind):
    """Every shape of ``kind`` in a drawing, in drawing order."""
    for child in getattr(node, "contents", []):
        if isinstance(child, kind):
            yield child
        yield from shapes(child, kind)


def fills(drawing, fill: str) -> list[Rect]:
    """The bars of one colour: its rectangles but the legend's swatch (a square, drawn first)."""
    swatch, *bars = [r for r in shapes(drawing, Rect) if r.fillColor and r.fillColor.hexval() == "0x" + fill.lstrip("#").lower()]
    assert swatch.width == pytest.approx(swatch.height)
    return bars


def pdf_text(drawing, folder: Path) -> str:
    path = folder / "chart.pdf"
    face = next(shapes(drawing, String)).fontName         # the page's own font: else Helvetica, unembedded
    canvas = Canvas(str(path), pagesize=(drawing.width, drawing.height), invariant=1, initialFontName=face)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.save()
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_side_by_side_bars_are_as_long_as_their_values(kind):
    drawing = chart(spec_of(kind), PROFILE, WIDTH)
    for s, year in enumerate(YEARS):
        lengths = [r.height if kind == "bar" else r.width for r in fills(drawing, colour(PROFILE, s))]
        values = [v[s] for v in BY_PART]
        assert len(lengths) == len(values)
        assert [length / lengths[0] for length in lengths] == pytest.approx([v / values[0] for v in values], rel=1e-6)


@pytest.mark.parametrize("kind", ["stacked", "stackedh"])
def test_stacked_segments_are_as_long_as_their_values_and_follow_each_other(kind):
    drawing = chart(spec_of(kind), PROFILE, WIDTH)
    per_series = [fills(drawing, colour(PROFILE, s)) for s in range(len(PARTS))]
    unit = (per_series[0][0].height if kind == "stacked" else per_series[0][0].width) / BY_PART[0][0]
    for s, rects in enumerate(per_series):
        for c, rect in enumerate(rects):
            assert (rect.height if kind == "stacked" else rect.width) == pytest.approx(BY_PART[s][c] * unit, rel=1e-6)
    first, second = per_series[0][0], per_series[1][0]
    if kind == "stacked":
        assert second.y == pytest.approx(first.y + first.height)
    else:
        assert second.x == pytest.approx(first.x + first.width)


def test_a_pie_slices_the_whole_in_proportion_from_twelve_o_clock_clockwise():
    drawing = chart(spec_of("pie"), PROFILE, WIDTH)
    wedges = list(shapes(drawing, Wedge))
    values = [v[-1] for v in BY_PART]
    spans = [w.endangledegrees - w.startangledegrees for w in wedges]
    assert spans == pytest.approx([v / sum(values) * 360 for v in values])
    assert wedges[0].endangledegrees == pytest.approx(90)
    assert wedges[1].endangledegrees == pytest.approx(wedges[0].startangledegrees)


def test_a_line_joins_each_series_points_at_their_values():
    from reportlab.graphics.shapes import PolyLine
    drawing = chart(spec_of("line"), PROFILE, WIDTH)
    lines = list(shapes(drawing, PolyLine))
    assert len(lines) == len(PARTS)
    ys = lines[0].points[1::2]
    rises = [b - a for a, b in itertools.pairwise(ys)]
    assert rises[0] / rises[1] == pytest.approx((BY_PART[0][1] - BY_PART[0][0]) / (BY_PART[0][2] - BY_PART[0][1]))


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_every_kind_prints_its_words_as_text_in_the_bundled_font_at_the_profile_sizes(kind, tmp_path):
    spec = spec_of(kind)
    drawing = chart(spec, PROFILE, WIDTH)
    text = " ".join(pdf_text(drawing, tmp_path).split())
    locale = PROFILE.numbers.locale
    shown = shares(spec, locale) if kind == "pie" else [value_text(spec, v, locale) for v in BY_PART[0]]
    names = spec.categories if kind != "pie" else PARTS
    for words in [*shown, *names, *(s.name for s in spec.series if kind != "pie")]:
        assert " ".join(words.split()) in text
    strings = list(shapes(drawing, String))
    assert {s.fontName for s in strings} <= {"LiberationSerif-Regular", "LiberationSerif-Bold", "LiberationSerif-Italic"}
    assert {s.fontSize for s in strings} <= {label_pt(PROFILE), text_pt(PROFILE)}
    assert min(s.fontSize for s in strings) * printed_scale(PROFILE) >= PROFILE.charts.label_pt   # printed size


def test_a_reportlab_run_loads_no_matplotlib_forks_no_worker_and_writes_the_same_bytes_twice(tmp_path):
    code = ("import os, sys\n"
            "forks = []\n"
            "os.register_at_fork(before=lambda: forks.append(1))\n"
            "from generator.cli import main\n"
            "sys.argv = ['generate-report', '2021', '--output', sys.argv[1], '--format', 'pdf', '--pdf-engine', 'reportlab']\n"
            "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
            "print(sorted(m for m in ('matplotlib', 'svglib', 'weasyprint', 'docx') if m in sys.modules), len(forks))\n")
    outputs = []
    for run in ("a", "b"):
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / run)], cwd=PROJECT, capture_output=True,
                              text=True, check=True, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
        assert done.stdout.splitlines()[-1] == "[] 0"
        outputs.append((tmp_path / run / "2021" / "report-2021.pdf").read_bytes())
    assert outputs[0] == outputs[1]
    assert len(pypdf.PdfReader(tmp_path / "a" / "2021" / "report-2021.pdf").pages) > 5


def test_workers_that_draw_no_chart_do_not_load_matplotlib():
    code = ("from generator.charts.workers import Workers\n"
            "for charts in (False, True):\n"
            "    with Workers(1, charts=charts) as workers:\n"
            "        print(workers.submit(eval, '\"matplotlib\" in __import__(\"sys\").modules').result())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.split() == ["False", "True"]
