"""Page for page: LibreOffice lays the DOCX out as WeasyPrint lays the PDF out (issue 13 item 5).

The DOCX's contents carry the page numbers of the PDF's layout; they hold only if a word
processor breaks the DOCX's pages where the PDF's break: same line heights, same space between
blocks. The pages themselves are compared in tests/test_page_parity.py."""
from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from generator.config import load_profile
from generator.doc.model import Document, Meta, Paragraph, Table, Text
from generator.doc.numbering import assign_numbers
from generator.writers.docx import styles as st
from generator.writers.docx import write_docx
from generator.writers.geometry import line_pt
from generator.writers.html.writer import css_number, render_html
from tests.sample_doc import cells

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
