"""Page for page: LibreOffice lays the DOCX out on the PDF's pages (issue 23 item 1).

The DOCX's contents print the PDF's page numbers, so the DOCX must have the PDF's pages: the page
fill's record (``generator.doc.fill.Fill``) puts its blocks in the PDF's order, and each block
that starts a PDF page starts a DOCX page. Checked for the 2021 report, the tour and a report
twice the tour (its sections twice: figures in more places, and text moved ahead of them), in
both profiles, beside WeasyPrint's PDF; and the 2021 report and the tour beside Typst's (its own
layout's record: ``generator.writers.typst.fill``). Every
DOCX is converted by one LibreOffice run, given the fonts the PDF embeds for those the DOCX names
(Liberation Serif has Times New Roman's widths: Word's layout on a system with Times New Roman);
the headings' pages are read from each PDF's outline (the PDF's bookmarks, LibreOffice's
headings), how full each page is from its lowest ink in the text area. A page's first line is
not compared: a list or paragraph split across pages may be split a line or an item apart, and
the PDF's tables say «continued» where Word repeats the header.
"""
from __future__ import annotations

import shutil

import pytest

from bench.pages import compare, docx_to_pdf, outline
from bench.synth import scale_inputs
from generator.config import load_profile
from generator.pipeline import generate
from generator.review import read_reviewed
from generator.writers.docx.sources import BOOKMARK_PREFIX
from tests.small_inputs import PROJECT, copy_real_inputs
from tests.test_typst_writer import empty_feet

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")]

PROFILES = ("default", "gost")
TWICE = "twice the tour"
CASES = [*((report, profile, "weasyprint") for report in ("2021", "tour", TWICE) for profile in PROFILES),
         *((report, profile, "typst") for report in ("2021", "tour") for profile in PROFILES)]


@pytest.fixture(scope="module")
def made(report_2021, tour_2022, tmp_path_factory):
    """Each case's (PDF, DOCX, LibreOffice's PDF of the DOCX); the report of 2021 in the default
    profile and the tour, by WeasyPrint, are the session's."""
    folder = tmp_path_factory.mktemp("parity")
    files = {("2021", "default", "weasyprint"): (report_2021[".pdf"], report_2021[".docx"])}
    for profile in PROFILES:
        tour = tour_2022(profile)
        files["tour", profile, "weasyprint"] = (tour / "report-2022.pdf", tour / "report-2022.docx")
    real = copy_real_inputs(folder / "real")
    twice = scale_inputs(PROJECT / "examples" / "tour", folder / "twice", 2, 2022)
    reports = {"2021": (real, 2021), "tour": (PROJECT / "examples" / "tour", 2022), TWICE: (twice, 2022)}
    for case in CASES:
        if case not in files:
            report, profile, engine = case
            inputs, year = reports[report]
            written = generate(inputs, year, folder / "-".join(case), profile_name=profile, pdf_engine=engine).written
            files[case] = tuple(next(p for p in written if p.suffix == s) for s in (".pdf", ".docx"))
    return {case: (pdf, docx, laid) for (case, (pdf, docx)), laid in zip(files.items(), _converted(files, folder))}


def _converted(files: dict, folder) -> list:
    """LibreOffice's PDF of each DOCX, all made by one run of soffice (in a profile of its own,
    with the PDF's fonts for the DOCX's: ``bench.pages.docx_to_pdf``)."""
    named = folder / "docx"
    named.mkdir()
    copies = []
    for number, (_, docx) in enumerate(files.values()):
        copies.append(named / f"{number}.docx")
        shutil.copyfile(docx, copies[-1])
    return docx_to_pdf(copies[0], folder / "lo", folder / "lo-profile", *copies[1:])


@pytest.mark.parametrize("report, profile, engine", CASES)
def test_libreoffice_lays_the_docx_out_on_the_pdfs_pages(made, report, profile, engine):
    pdf_file, _, laid = made[report, profile, engine]
    pdf, docx = outline(pdf_file), outline(laid)
    assert len(pdf.headings) > 5
    rows = compare(pdf, docx)
    assert [(title, page) for title, page, _ in rows] == [(title, other) for title, _, other in rows]
    assert docx.pages == pdf.pages
    shown = load_profile(profile)
    feet = list(zip(empty_feet(pdf_file, shown), empty_feet(laid, shown)))
    assert all(abs(pdf_foot - docx_foot) < FOOT_TOLERANCE for pdf_foot, docx_foot in feet), feet


#: How far (a share of the text's height: about two lines) a page's lowest ink in the DOCX may
#: stand from the PDF's: its pages are as full (so no emptier than the page fill allows). Ink, not
#: text: a chart's words are drawn as outlines in the PDF, as text in LibreOffice's.
FOOT_TOLERANCE = 0.04


@pytest.mark.parametrize("profile", PROFILES)
def test_the_longer_report_has_text_moved_ahead_of_a_figure_in_its_docx_too(made, profile):
    """The DOCX's source map lists its pieces in reading order, numbered in the order built: a
    piece numbered lower after a higher one was moved (as in the PDF)."""
    numbers = [int(name.removeprefix(BOOKMARK_PREFIX)) for name in read_reviewed(made[TWICE, profile, "weasyprint"][1]).names]
    assert numbers != sorted(numbers)
