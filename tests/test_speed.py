"""The work done once and beside the main process gives the same files as doing it in turn.

Worker processes, charts laid out by size while they are drawn, glyphs merged into one path per
label, fonts subset, pydyf's page list kept: each is checked here against the plain way.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pydyf
import pytest

from generator.charts.jobs import claim, if_claimed, start_drawing
from generator.charts.canvas import StandIn, chart_size_mm, svg_stand_in
from generator.charts.svgtext import merge_glyphs, parse_transform, transform_path
from generator.charts.workers import Workers
from generator.config import load_profile
from generator.doc.model import SVG, ChartSeries, ChartSpec, Diagram
from generator.writers.html import render_html
from generator.writers.pdf import can_subset_fonts, heading_pages, render_pdf, write_pdf
from tests.helpers import no_weasyprint_warnings
from tests.sample_doc import sample_document
from tests.small_inputs import PROJECT

PROFILE = load_profile("default")
SVG_NS = "{http://www.w3.org/2000/svg}"
VISITORS = ChartSpec(kind="barh", categories=["Оқушылар", "Студенттер", "Зейнеткерлер"],
                     value_label="Келушілер саны", series=[ChartSeries("2020 жыл", [6051, 1201, 351]),
                                                           ChartSeries("2021 жыл", [24331, 4711, 4000])])


def document_with_charts():
    doc = sample_document()
    doc.body.append(Diagram(title="Келушілер", chart=VISITORS, alt="Келушілер", anchor="diagram-visitors"))
    return doc


# --- workers ------------------------------------------------------------------------------------

def _pid(_: object = None) -> int:
    return os.getpid()


def _fail() -> None:
    raise ValueError("drawn badly")


def test_workers_run_elsewhere_and_inline_when_told_none():
    with Workers(1) as forked, Workers(0) as inline:
        assert forked.submit(_pid).result() != os.getpid()
        assert inline.submit(_pid).result() == os.getpid()
        assert inline.call("os:getpid").result() == os.getpid()


def test_errors_come_back_from_result_not_from_submit():
    with Workers(1) as forked, Workers(0) as inline:
        for workers in (forked, inline):
            future = workers.submit(_fail)
            with pytest.raises(ValueError, match="drawn badly"):
                future.result()


def test_call_when_waits_for_the_work_it_depends_on(tmp_path):
    marker = tmp_path / "ready"
    with Workers(1) as workers:
        first = workers.call("pathlib:Path.write_text", marker, "drawn")
        then = workers.call_when(first.result, "pathlib:Path.read_text", marker)
        assert then.result() == "drawn"


# --- charts drawn beside the layout --------------------------------------------------------------

def test_stand_in_has_the_size_matplotlib_writes(tmp_path):
    from generator.charts.draw import draw_chart
    image = draw_chart(VISITORS, PROFILE, tmp_path, "visitors")
    real = ET.parse(image.forms[SVG]).getroot()
    stand_in = ET.fromstring(svg_stand_in(VISITORS, PROFILE))
    for attribute in ("width", "height", "viewBox"):
        assert stand_in.get(attribute) == real.get(attribute)
    assert (image.width_mm, image.height_mm) == chart_size_mm(VISITORS, PROFILE)


def test_pages_laid_out_with_stand_ins_are_the_pages_of_the_drawn_charts(tmp_path):
    """The PDF is the same, byte for byte, whether the charts were drawn before the layout or
    laid out by size and drawn meanwhile; the same goes for the DOCX-only page numbers."""
    made = {}
    for way, count in (("in-turn", 0), ("beside", 1)):
        doc = document_with_charts()
        with Workers(count) as workers, no_weasyprint_warnings():
            drawing = start_drawing(doc, PROFILE, tmp_path / way, workers)
            if way == "in-turn":
                drawing.wait()
                stand_ins = None
            else:
                drawing.for_layout()
                stand_ins = drawing.stand_ins
            rendered = render_pdf(render_html(doc, PROFILE), allowed_roots=[tmp_path], stand_ins=stand_ins)
            write_pdf(rendered, tmp_path / f"{way}.pdf", doc.meta)
        made[way] = (heading_pages(rendered), (tmp_path / f"{way}.pdf").read_bytes())
    assert made["in-turn"][0] == made["beside"][0]
    # The charts' folders differ, but images are drawn, not named by their folder.
    assert made["in-turn"][1] == made["beside"][1]


def test_the_pdf_shows_the_drawn_chart_not_its_stand_in(tmp_path):
    doc = document_with_charts()
    with Workers(1) as workers, no_weasyprint_warnings():
        drawing = start_drawing(doc, PROFILE, tmp_path, workers)
        drawing.for_layout()
        rendered = render_pdf(render_html(doc, PROFILE), allowed_roots=[tmp_path], stand_ins=drawing.stand_ins)
        write_pdf(rendered, tmp_path / "report.pdf", doc.meta, pdf_variant=None)
    import pikepdf
    with pikepdf.open(tmp_path / "report.pdf") as pdf:
        content = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                           else b"".join(part.read_bytes() for part in page.Contents) for page in pdf.pages)
    assert content.count(b" c\n") > 200          # the labels' glyph outlines: curves


def test_a_chart_that_failed_to_draw_stops_the_pdf(tmp_path):
    doc = document_with_charts()
    with Workers(0) as inline:
        drawing = start_drawing(doc, PROFILE, tmp_path, inline)
        drawing.wait()

    def failed():
        raise RuntimeError("the chart could not be drawn")

    stand_ins = {path: StandIn(stand_in.svg, failed) for path, stand_in in drawing.stand_ins.items()}
    with no_weasyprint_warnings():
        rendered = render_pdf(render_html(doc, PROFILE), allowed_roots=[tmp_path], stand_ins=stand_ins)
        with pytest.raises(RuntimeError, match="could not be drawn"):
            write_pdf(rendered, tmp_path / "report.pdf", doc.meta)


# --- glyphs merged ------------------------------------------------------------------------------

GLYPHS = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
 <g style="fill: #333333" transform="translate(10 20) scale(0.1 -0.1)">
  <defs><path id="g-1" d="M 0 0 L 100 0 Q 100 50 0 50 z" transform="scale(0.5)"/><path id="g-2"/></defs>
  <use xlink:href="#g-1"/><use xlink:href="#g-2" transform="translate(40 0)"/>
  <use xlink:href="#g-1" transform="translate(60 0)"/>
 </g>
 <g><use xlink:href="#g-1" x="5"/><rect width="1" height="1"/></g>
</svg>"""


def test_a_labels_glyphs_become_one_path_in_the_same_place():
    root = ET.fromstring(merge_glyphs(GLYPHS))
    label, mixed = root.findall(f"{SVG_NS}g")
    assert [child.tag for child in label] == [f"{SVG_NS}defs", f"{SVG_NS}path"]
    assert label.get("transform") == "translate(10 20) scale(0.1 -0.1)"      # kept on the group
    assert label[1].get("d") == "M 0 0 L 50 0 Q 50 25 0 25 z M 60 0 L 110 0 Q 110 25 60 25 z"
    assert mixed.find(f"{SVG_NS}use") is not None                           # not only glyphs: as it was
    assert [p.get("id") for p in label[0]] == ["g-1"]          # still used there; g-2 is not


def test_a_chart_keeps_no_glyph_use(tmp_path):
    from generator.charts.draw import draw_chart
    root = ET.parse(draw_chart(VISITORS, PROFILE, tmp_path, "visitors").forms[SVG]).getroot()
    assert root.find(f".//{SVG_NS}use") is None and root.find(f".//{SVG_NS}defs/{SVG_NS}path") is None


def test_a_line_charts_markers_keep_their_series_colour(tmp_path):
    from generator.charts.draw import draw_chart
    spec = ChartSpec("line", ["2020", "2021"], [ChartSeries("A", [1, 2])])
    root = ET.parse(draw_chart(spec, PROFILE, tmp_path, "line").forms[SVG]).getroot()
    markers = root.findall(f".//{SVG_NS}use")
    assert len(markers) == 2 and all(PROFILE.charts.colours[0].lower() in m.get("style") for m in markers)


def test_paths_it_does_not_know_are_left_alone():
    relative = GLYPHS.replace('d="M 0 0 L 100 0', 'd="m 0 0 l 100 0')
    assert merge_glyphs(relative) == relative
    assert parse_transform("translate(1 2) scale(2)") == (2.0, 0.0, 0.0, 2.0, 1.0, 2.0)
    assert transform_path("M 1 1 C 1 2 3 4 5 6 Z", (1, 0, 0, 1, 0.0004, 0)) == "M 1 1 C 1 2 3 4 5 6 z"


# --- the PDF writer -----------------------------------------------------------------------------

def written(folder: Path) -> Path:
    doc = document_with_charts()
    with Workers(0) as inline, no_weasyprint_warnings():
        start_drawing(doc, PROFILE, folder, inline).wait()
        write_pdf(render_pdf(render_html(doc, PROFILE), allowed_roots=[folder]), folder / "a.pdf", doc.meta)
    return folder / "a.pdf"


def test_pydyf_is_left_as_it_was_after_writing(tmp_path):
    before = pydyf.PDF.page_references
    written(tmp_path)
    assert pydyf.PDF.page_references is before


@pytest.mark.skipif(not can_subset_fonts(), reason="HarfBuzz-Subset is not installed")
def test_fonts_are_subset_where_harfbuzz_subset_is_installed(tmp_path):
    assert written(tmp_path).stat().st_size < 400_000        # whole fonts: over 2 MB


# --- heavy imports only where used ---------------------------------------------------------------

def test_the_main_process_loads_neither_matplotlib_nor_python_docx(tmp_path):
    """Charts are drawn and the DOCX written by the workers; the main process lays out and writes the PDF."""
    code = ("import sys, pathlib\n"
            "from generator.pipeline import generate\n"
            f"generate(pathlib.Path('inputs'), 2021, pathlib.Path({str(tmp_path)!r}), ('docx', 'pdf'))\n"
            "assert 'matplotlib' not in sys.modules, 'matplotlib loaded'\n"
            "assert not {'docx', 'pptx'} & set(sys.modules), 'python-docx loaded'\n")
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True)
    assert sorted(p.name for p in tmp_path.glob("report-2021.*")) == ["report-2021.docx", "report-2021.pdf"]


def test_check_reads_each_input_once_and_loads_no_writer(monkeypatch):
    """`check` pays for neither WeasyPrint, matplotlib nor python-docx, and reads each file once."""
    code = ("import sys, collections\n"
            "from generator.load import yamlsrc\n"
            "reads = collections.Counter()\n"
            "plain = yamlsrc.read_yaml\n"
            "def counted(path):\n"
            "    reads[str(path)] += 1\n"
            "    return plain(path)\n"
            "yamlsrc.read_yaml = counted\n"
            "import generator.load.inputs as inputs\n"
            "inputs.read_yaml = counted\n"
            "from generator.cli import main\n"
            "sys.argv = ['generate-report', 'check', '2021']\n"
            "try:\n"
            "    main()\n"
            "except SystemExit as exc:\n"
            "    assert not exc.code, exc.code\n"
            "assert reads and max(reads.values()) == 1, reads\n"
            "print(len(reads))\n"
            "heavy = {'weasyprint', 'matplotlib', 'docx', 'fontTools'} & set(sys.modules)\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True, capture_output=True, text=True)
    assert int(done.stdout.strip().splitlines()[-1]) == len(list((PROJECT / "inputs").rglob("*.yaml")))


# --- who does which work -------------------------------------------------------------------------

def test_a_photo_job_is_done_by_the_process_that_claims_it_first(tmp_path):
    """The main process takes a placeholder a worker has not begun (``claim``); the worker, reaching
    it later, skips it; a job nobody claimed is done by the worker."""
    taken, free = tmp_path / "photos" / "placeholder-1.png", tmp_path / "photos" / "placeholder-2.png"
    assert claim(taken) and not claim(taken)
    assert if_claimed(taken, "generator.charts.jobs:placeholder_at", "A caption", taken, "MARK") is None
    assert not taken.exists()
    assert if_claimed(free, "generator.charts.jobs:placeholder_at", "A caption", free, "MARK") == str(free)
    assert free.read_bytes().startswith(b"\x89PNG") and not claim(free)


def test_the_side_process_writes_beside_the_charts_worker():
    """``Workers(side=True)``: the work of ``call_when`` (the DOCX) runs in a process of its own, not
    the charts' worker nor the main process; its error is raised by ``result()``."""
    code = ("import os\n"
            "from generator.charts.workers import Workers\n"
            "with Workers(1, charts=False, side=True) as workers:\n"
            "    chart, side = workers.call('os:getpid'), workers.call_when(lambda: None, 'os:getpid')\n"
            "    pids = {chart.result(), side.result()}\n"
            "    assert len(pids) == 2 and os.getpid() not in pids, pids\n"
            "    failed = workers.call_when(lambda: None, 'operator:truediv', 1, 0)\n"
            "    assert isinstance(failed.exception(), ZeroDivisionError), failed.exception()\n"
            "    assert workers.call_when(lambda: None, 'operator:add', 1, 2).result() == 3\n")
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True)
