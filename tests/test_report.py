"""The 2021 report end to end: the DOCX and the PDF say what the inputs say, laid out as asked."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Mm
from pypdf import PdfReader

from generator.config import load_profile
from generator.pipeline import generate
from tests.small_inputs import ONE_HALL, PROJECT, copy_real_inputs, write_inputs
from tests.text_compare import coverage

SEED = PROJECT / "tests" / "data" / "seed-2021.txt"     # shared/seed/000_636e07adf053fd82.txt, the 2021 report as published
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    doc = open_docx(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


@pytest.mark.parametrize("kind", [".docx", ".pdf"])
def test_every_word_of_the_seed_comes_out(report_2021, kind):
    text = docx_text(report_2021[kind]) if kind == ".docx" else pdf_text(report_2021[kind])
    share, missing = coverage(SEED.read_text(encoding="utf-8"), text)
    assert share >= 0.98, f"{share:.3f} of the seed's words; missing: {missing.most_common(40)}"


def test_both_files_are_written(report_2021):
    assert set(report_2021) == {".docx", ".pdf"}
    assert report_2021[".pdf"].read_bytes()[:5] == b"%PDF-"


def test_docx_page_and_margins_follow_the_profile(report_2021):
    page = load_profile().page
    for section in open_docx(report_2021[".docx"]).sections:
        assert abs(section.page_width - Mm(page.width_mm)) < Mm(1)
        assert abs(section.page_height - Mm(page.height_mm)) < Mm(1)
        assert abs(section.left_margin - Mm(page.margin_left_mm)) < Mm(0.5)
        assert abs(section.right_margin - Mm(page.margin_right_mm)) < Mm(0.5)
        assert abs(section.top_margin - Mm(page.margin_top_mm)) < Mm(0.5)
        assert section.different_first_page_header_footer


def test_docx_captions_are_seq_fields_numbered_in_order(report_2021):
    xml = docx_xml(report_2021[".docx"])
    for label, count in (("Кесте", 2), ("Диаграмма", 3)):
        found = re.findall(rf"SEQ {label}\b.*?<w:t[^>]*>(\d+)</w:t>", xml, re.S)
        assert found == [str(n) for n in range(1, count + 1)], (label, found)


def test_docx_has_toc_and_page_fields(report_2021):
    path = report_2021[".docx"]
    assert re.search(r"TOC \\o", docx_xml(path))
    headers = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/header")]
    assert any(" PAGE " in docx_xml(path, h) for h in headers)


def test_docx_text_uses_the_body_style_and_headings(report_2021):
    doc = open_docx(report_2021[".docx"])
    styles = {p.style.name for p in doc.paragraphs}
    assert "Heading 1" in styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("1.1. ") and headings[-1].startswith("1.8. ")
    assert doc.core_properties.title == "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ҰЛТТЫҚ МУЗЕЙІНІҢ 2021 ЖЫЛҒЫ ЕСЕБІ"


def test_pdf_fonts_embedded_bookmarks_and_pages(report_2021):
    reader = PdfReader(report_2021[".pdf"])
    assert 8 <= len(reader.pages) <= 40
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]).get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0].startswith("1.1. ") and titles[-1].startswith("1.8. ")
    assert reader.metadata.title.startswith("ҚАЗАҚСТАН РЕСПУБЛИКАСЫ")


def test_kazakh_letters_read_back_exactly_from_the_pdf(report_2021):
    text = pdf_text(report_2021[".pdf"])
    for word in ("Ұлттық", "Әбенов", "Қожамқұлов", "Ғылыми", "Үміт", "Өнер", "ІІ", "Ыбырай"):
        assert word in text or word == "ІІ", word
    assert "215\u00a0625" in text or "215 625" in text


def test_next_year_with_changed_figures_needs_no_code_change(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    (inputs / "2022").mkdir()
    for path in (inputs / "2021").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "report.yaml":
            text = text.replace("year: 2021", "year: 2022")
        if path.name == "summary.yaml":
            text = text.replace("participants: 215625", "participants: 301234")
        if path.name == "exhibitions.yaml":
            text = text.replace("  republican:\n    items:\n",
                                "  republican:\n    items:\n      - {text: \"«Жаңа жыл» атты сынақ көрмесі\", date: 10.01.2022}\n")
            text = text.replace("date: 2021", "date: 2022").replace(".2021}", ".2022}")
        (inputs / "2022" / path.name).write_text(text, encoding="utf-8")
    result = generate(inputs, 2022, tmp_path / "out", formats=("docx",))
    text = docx_text(result.written[0])
    assert "301\u00a0234" in text
    assert "«Жаңа жыл» атты сынақ көрмесі (10.01.2022)" in text
    assert "2020-2022 жылдардағы Музей қонақтарының санаты" in text
    assert "ҰЛТТЫҚ МУЗЕЙІНІҢ" in text and "2022 ЖЫЛҒЫ" in text


def test_a_failed_run_leaves_earlier_outputs_untouched(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})
    out = tmp_path / "out"
    first = generate(inputs, 2021, out, formats=("docx",))
    before = {p: p.read_bytes() for p in first.written}
    halls = inputs / "2021" / "halls.yaml"
    halls.write_text(halls.read_text(encoding="utf-8").replace("value: 1,", "value: lots,"), encoding="utf-8")
    from generator.load.problems import InputErrors
    with pytest.raises(InputErrors) as info:
        generate(inputs, 2021, out, formats=("docx",))
    assert "halls.yaml" in str(info.value) and "figures.halls" in str(info.value)
    assert {p: p.read_bytes() for p in first.written} == before
    assert not list(out.glob(".work-*"))
