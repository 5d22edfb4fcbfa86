"""Page for page: LibreOffice lays the DOCX out as WeasyPrint lays the PDF out (issue 13 item 5).

The DOCX's contents carry the page numbers of the PDF's layout; they hold only if a word
processor breaks the DOCX's pages where the PDF's break: same line heights, same space between
blocks."""
from __future__ import annotations

import shutil

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from bench.pages import compare, measure
from generator.config import load_profile
from generator.doc.model import Document, Meta, Paragraph, Table, Text
from generator.doc.numbering import assign_numbers
from generator.writers.docx import styles as st
from generator.writers import pagefill
from generator.writers.docx import write_docx
from generator.writers.geometry import line_pt
from generator.writers.html.writer import css_number, render_html
from tests.sample_doc import cells
from tests.small_inputs import PROJECT

PROFILES = ["default", "gost"]


def table_then(*blocks) -> Document:
    """A document of one small table and the given blocks after it."""
    meta = Meta(title="Т", author="А", subject="С", language="kk-KZ", year=2021, date="2022-01-20", keywords=[])
    table = Table(title="Кесте", anchor="t-1", header=[cells("Қор", "2021 жыл")],
                  body=[[*cells("Негізгі қор"), *cells("1", numeric=True)]])
    doc = Document(meta=meta, cover=[], body=[table, *blocks])
    assign_numbers(doc)
    return doc


def written(tmp_path, doc: Document, profile: str):
    path = tmp_path / "out.docx"
    write_docx(doc, load_profile(profile), path, {})
    return docx.Document(str(path))


@pytest.mark.parametrize("profile", PROFILES)
def test_docx_lines_and_gaps_are_the_pdfs_line(tmp_path, profile):
    styles = written(tmp_path, table_then(), profile).styles
    line = Pt(line_pt(load_profile(profile)))
    normal = styles[st.NORMAL].paragraph_format
    assert (normal.line_spacing_rule, normal.line_spacing.twips) == (WD_LINE_SPACING.EXACTLY, line.twips)
    for name in (st.HEADING_1, st.HEADING_2, st.TABLE_CAPTION):
        assert styles[name].paragraph_format.space_before.twips == line.twips
    assert styles[st.HEADING_1].paragraph_format.space_after == 0
    css = render_html(table_then(), load_profile(profile))
    assert f"margin: {css_number(line_pt(load_profile(profile)))}pt 0 0pt;" in css     # the PDF's headings


@pytest.mark.parametrize("profile", PROFILES)
def test_the_paragraph_after_a_table_starts_a_line_lower(tmp_path, profile):
    after = Paragraph([Text("Кестеден кейінгі мәтін.")])
    document = written(tmp_path, table_then(after, Paragraph([Text("Келесі мәтін.")])), profile)
    body = {p.text: p.paragraph_format.space_before for p in document.paragraphs}
    assert body["Кестеден кейінгі мәтін."].twips == Pt(line_pt(load_profile(profile))).twips
    assert body["Келесі мәтін."] is None


PAGE_FILL = ("the page fill (generator/writers/pagefill.py) moves text ahead of a figure and shrinks "
             "photos in the PDF only; the DOCX keeps the inputs' order, so it has the unfilled pages")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("fill", [pytest.param(True, marks=pytest.mark.xfail(reason=PAGE_FILL, strict=True)),
                                  False])
def test_layout_tripwire_docx_pages_match_the_pdf(tmp_path, monkeypatch, profile, fill):
    """With ``fill`` False the PDF is laid out once, without the page fill's changes: the pages
    both writers make from the same document."""
    if not fill:
        monkeypatch.setattr(pagefill, "MAX_PASSES", 1)
    pdf, docx_layout = measure(PROJECT / "inputs", 2021, profile, tmp_path / "out", tmp_path / "lo")
    assert len(pdf.headings) > 5
    assert [(title, page) for title, page, _ in compare(pdf, docx_layout)] == \
           [(title, other) for title, _, other in compare(pdf, docx_layout)]
    assert docx_layout.pages == pdf.pages
