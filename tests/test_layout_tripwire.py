"""Page for page: LibreOffice lays the 2021 DOCX out as the PDF is laid out (issue 13 item 5).

The DOCX's contents carry the page numbers of the PDF's layout; they hold only if a word
processor breaks the DOCX's pages where WeasyPrint breaks the PDF's."""
from __future__ import annotations

import shutil

import pytest

from bench.pages import compare, measure
from tests.small_inputs import PROJECT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("profile", ["default", "gost"])
def test_layout_tripwire_docx_pages_match_the_pdf(tmp_path, profile):
    pdf, docx = measure(PROJECT / "inputs", 2021, profile, tmp_path / "out", tmp_path / "lo")
    assert len(pdf.headings) > 5
    assert [(title, page) for title, page, _ in compare(pdf, docx)] == \
           [(title, other) for title, _, other in compare(pdf, docx)]
    assert docx.pages == pdf.pages
