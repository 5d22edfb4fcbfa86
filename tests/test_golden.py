"""Golden files: the 2021 report's DOCX parts and the HTML its PDF is laid out from, as accepted.

Any change to what the writers make shows here as a diff, intended or not. After an intended
change, write the new goldens and look before accepting them:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/                      # what changed, part by part
    .venv/bin/generate-report 2021              # and look at the PDF and the DOCX themselves

The XML is compared pretty-printed (styles.xml with only the styles the report uses: the rest is
python-docx's template); the folders the run used (the project, its work folder) are
written as {project} and {work}, so the goldens hold on any machine. The DOCX is written without
page numbers (those come from the layout, tested in test_report.py).
"""
from __future__ import annotations

import difflib
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.charts.jobs import start_drawing
from generator.charts.workers import Workers
from generator.pipeline import prepare
from generator.writers.docx import write_docx
from generator.writers.docx.sources import SOURCES_PART
from generator.writers.html import render_html
from generator.writers.pagefill import lay_out
from tests.small_inputs import PROJECT

TOUR = PROJECT / "examples" / "tour"

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DOCX_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/comments.xml",
              *(f"word/charts/chart{n}.xml" for n in (1, 2, 3)),     # the 2021 report's three diagrams
              SOURCES_PART.lstrip("/"))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The 2021 report's document model, its charts drawn, written as DOCX, and the HTML its PDF is
    laid out from, both as the page fill printed them (text moved ahead of a figure:
    writers/pagefill.py)."""
    work = tmp_path_factory.mktemp("golden")
    ready = prepare(PROJECT / "inputs", 2021)
    with Workers(0) as inline:
        start_drawing(ready.doc, ready.profile, work / "charts", inline, photos_dir=work / "photos").wait()
    _, fill = lay_out(ready.doc, ready.profile, work, [work, ready.report.year_dir])
    write_docx(ready.doc, ready.profile, work / "report.docx", fill=fill)
    return work, render_html(fill.printed(ready.doc), ready.profile)


def normalised(text: str, work: Path) -> str:
    """The run's folders as placeholders (as paths and as file URLs)."""
    for folder, name in ((work.resolve(), "{work}"), (PROJECT.resolve(), "{project}")):
        text = text.replace(folder.as_uri(), f"file://{name}").replace(str(folder), name)
    return text


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pretty_xml(data: bytes) -> str:
    return etree.tostring(etree.fromstring(data), pretty_print=True, encoding="unicode")


def used_styles(styles: bytes, *parts: bytes) -> bytes:
    """styles.xml with only the styles the other parts use (and those they are based on, link to
    or are followed by, and the defaults): the rest are python-docx's template, not ours."""
    root = etree.fromstring(styles)
    by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
    wanted = {s.get(f"{W}styleId") for s in by_id.values() if s.get(f"{W}default") == "1"}
    for part in parts:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            wanted.update(e.get(f"{W}val") for e in etree.fromstring(part).iter(f"{W}{tag}"))
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{W}{tag}") if style is not None else None
            if ref is not None and ref.get(f"{W}val") not in wanted:
                wanted.add(ref.get(f"{W}val"))
                todo.append(ref.get(f"{W}val"))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            root.remove(style)
    for latent in root.findall(f"{W}latentStyles"):
        root.remove(latent)
    return etree.tostring(root)


def same_as_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden {path.name}: run UPDATE_GOLDEN=1 pytest tests/test_golden.py and look"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), f"golden/{name}", "made now",
                                    lineterm="", n=2)
        shown = "\n".join(line[:200] for line in list(diff)[:80])
        pytest.fail(f"{name} differs from its golden (if intended: UPDATE_GOLDEN=1, then look):\n{shown}")


def test_the_pdfs_html_is_the_accepted_one(made):
    work, html = made
    same_as_golden("report-2021.html", normalised(html, work))


@pytest.mark.parametrize("part", DOCX_PARTS)
def test_the_docx_parts_are_the_accepted_ones(made, part):
    work, _ = made
    with zipfile.ZipFile(work / "report.docx") as docx:
        data = docx.read(part)
        if part == "word/styles.xml":
            data = used_styles(data, *(docx.read(p) for p in DOCX_PARTS if p != part))
    same_as_golden(f"report-2021.docx/{part.replace('/', '-')}", normalised(pretty_xml(data), work))


def test_the_tours_source_map_is_the_accepted_one(tmp_path):
    """The DOCX's source map of the tour, which uses every kind of piece (a row number, a total, a
    year's label, the approval lines, a footnote …): review reads DOCX files made before by this
    text form, so a change in it shows here."""
    ready = prepare(TOUR, 2022)
    write_docx(ready.doc, ready.profile, tmp_path / "tour.docx")
    with zipfile.ZipFile(tmp_path / "tour.docx") as docx:
        data = docx.read(SOURCES_PART.lstrip("/"))
    same_as_golden("tour-2022-sources.xml", normalised(pretty_xml(data), tmp_path))


def test_a_change_in_the_output_is_caught(made, monkeypatch):
    """The comparison is not blind: one changed figure in the HTML fails it, with a diff."""
    work, html = made
    assert "215\u00a0625" in html
    if UPDATE:
        pytest.skip("writing the goldens")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from its golden.*-.*215\u00a0625"):
        same_as_golden("report-2021.html", normalised(html.replace("215\u00a0625", "215\u00a0626", 1), work))
