"""A report ten times the 2021 one, end to end: scale keeps working (not timed; bench/ times it)."""
from __future__ import annotations

import zipfile

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from bench.synth import copy_name, scale_inputs
from generator.load.inputs import load_report
from generator.pipeline import generate
from tests.small_inputs import PROJECT

FACTOR = 10
pytestmark = pytest.mark.slow        # the 10× report: about 25 s (CI runs it)


@pytest.fixture(scope="module")
def inputs_10x(tmp_path_factory):
    return scale_inputs(PROJECT / "inputs", tmp_path_factory.mktemp("inputs-10x"), FACTOR)


@pytest.fixture(scope="module")
def report_10x(inputs_10x, tmp_path_factory):
    result = generate(inputs_10x, 2021, tmp_path_factory.mktemp("out-10x"))
    return {path.suffix: path for path in result.written}


def test_synthetic_inputs_hold_every_section_ten_times(inputs_10x):
    real = load_report(PROJECT / "inputs", 2021)
    scaled = load_report(inputs_10x, 2021)
    assert len(scaled.sections) == FACTOR * len(real.sections)
    copy = scaled.sections[copy_name("funds", FACTOR)]
    assert copy.heading.endswith(f"({FACTOR})") and copy.tables and copy.diagrams
    assert copy_name("funds", FACTOR) in scaled.history[2020]       # its tables have every year


def test_ten_times_the_report_makes_both_files(report_10x):
    assert set(report_10x) == {".docx", ".pdf"}
    pdf = PdfReader(report_10x[".pdf"])
    assert len(pdf.pages) > 100                        # the 2021 report has 14 pages
    assert f"({FACTOR})" in pdf.pages[-1].extract_text()


def test_every_chart_photo_and_heading_is_in_the_docx(report_10x):
    with zipfile.ZipFile(report_10x[".docx"]) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    real = load_report(PROJECT / "inputs", 2021)
    charts = sum(len(section.diagrams) for section in real.sections.values())
    photos = sum(1 for section in real.sections.values() for entry in section.content if entry.photo)
    assert body.count("<pic:pic") == FACTOR * photos
    assert body.count("<c:chart ") == FACTOR * charts                    # native Word charts
    headings = [p.text for p in open_docx(report_10x[".docx"]).paragraphs if p.style.name == "Heading 1"]
    assert sum(text.endswith(f"({FACTOR})") for text in headings) == len(real.sections)
