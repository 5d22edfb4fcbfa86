"""The DOCX writer: page setup, styles, fields, tables, lists, pictures, metadata, same bytes."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import get_args

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from generator.config import load_profile
from generator.doc.model import (
    Block, Cell, Emphasis, Heading, ListBlock, ListItem, Paragraph, Strong, Table, Text,
)
from generator.doc.numbering import assign_numbers
from generator.writers.docx import styles as st
from generator.writers.geometry import CELL_PADDING_MM
from generator.writers.docx import write_docx
from generator.writers.docx.writer import BLOCK_WRITERS
from generator.writers.geometry import line_pt
from tests.sample_doc import KAZAKH_LETTERS, sample_document

PAGES = {"s-1-1": 3, "s-1-2": 4}
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"


def png(path: Path, width: int, height: int, dpi: int = 96) -> Path:
    """A plain grey PNG of the given size in pixels and resolution."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    ppm = round(dpi / 0.0254)
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def build(tmp_path: Path, photo_px: tuple[int, int] = (400, 300)):
    """The sample document with a photo and a diagram, numbered."""
    doc = sample_document(str(png(tmp_path / "photo.png", *photo_px)))
    assign_numbers(doc)
    return doc


def write(tmp_path: Path, doc=None, profile="default", pages=PAGES, name="out.docx"):
    """Write a document and open it again with python-docx."""
    doc = doc or build(tmp_path)
    path = tmp_path / name
    write_docx(doc, profile if not isinstance(profile, str) else load_profile(profile), path, pages)
    return docx.Document(str(path)), path


def fields(root) -> list[dict]:
    """Every complex field's instruction and result text, in the order the fields begin."""
    found, open_ = [], []
    for el in root.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
        if el.tag == qn("w:fldChar"):
            kind = el.get(qn("w:fldCharType"))
            if kind == "begin":
                open_.append({"instr": "", "result": "", "separated": False})
                found.append(open_[-1])
            elif kind == "separate":
                open_[-1]["separated"] = True
            else:
                open_.pop()
        elif el.tag == qn("w:instrText"):
            open_[-1]["instr"] += el.text
        else:
            for field in open_:
                if field["separated"]:
                    field["result"] += el.text or ""
    return found


def by_text(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def xml_part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture()
def written(tmp_path):
    return write(tmp_path)


def test_every_block_kind_has_a_writer():
    assert set(get_args(Block)) == set(BLOCK_WRITERS)


def test_page_size_and_margins_follow_the_profile(tmp_path):
    profile = load_profile()
    narrow = profile.model_copy(update={"page": profile.page.model_copy(update={"margin_left_mm": 25})})
    for prof, left in ((profile, 30), (narrow, 25)):
        section = write(tmp_path, profile=prof)[0].sections[0]
        assert (section.page_width.twips, section.page_height.twips) == (Mm(210).twips, Mm(297).twips)
        assert section.left_margin.twips == Mm(left).twips
        assert [section.right_margin.twips, section.top_margin.twips, section.bottom_margin.twips] \
            == [Mm(15).twips, Mm(20).twips, Mm(20).twips]


def test_defaults_give_the_body_font_size_and_kazakh_language(written):
    document, _ = written
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    assert [fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")] \
        == ["Times New Roman"] * 3 + ["Batang"]          # Korean text in Word's Korean serif
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "kk-KZ"


def test_styles_exist_with_the_profile_values(written):
    document, _ = written
    names = {s.name for s in document.styles}
    assert set(st.ALL_STYLES) <= names
    styles = document.styles
    assert styles[st.TABLE_TEXT].font.size == Pt(12)
    assert styles[st.COVER_TITLE].font.size == Pt(20)
    assert styles[st.HEADING_1].font.bold and styles[st.HEADING_1].font.size == Pt(14)
    assert styles[st.HEADING_1].paragraph_format.keep_with_next
    body = styles[st.BODY].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.first_line_indent.twips == Mm(12.5).twips
    assert styles[st.TABLE_CAPTION].paragraph_format.keep_with_next
    assert styles[st.COVER_MINISTRY].font.all_caps and styles[st.COVER_MINISTRY].font.bold


def test_paragraphs_use_the_style_of_their_role(tmp_path, written):
    document, _ = written
    assert by_text(document, "Музейде 2021").style.name == st.BODY
    assert by_text(document, "МӘДЕНИЕТ").style.name == st.COVER_MINISTRY
    assert by_text(document, "Нұр-Сұлтан").style.name == st.COVER_CITY
    doc = build(tmp_path)
    doc.body.append(Paragraph([Text("белгісіз рөл")], role="mystery"))
    assert by_text(write(tmp_path, doc)[0], "белгісіз").style.name == st.BODY


def test_inline_spans_become_bold_and_italic_runs(tmp_path):
    doc = build(tmp_path)
    doc.body.append(Paragraph([Emphasis([Text("көлбеу "), Strong([Text("екеуі")])])]))
    document = write(tmp_path, doc)[0]
    runs = {r.text: (bool(r.bold), bool(r.italic)) for p in document.paragraphs for r in p.runs}
    assert runs["436 іс-шара"] == (True, False)
    assert runs["бұдан әрі - БАҚ"] == (False, True)
    assert runs["екеуі"] == (True, True) and runs["көлбеу "] == (False, True)


def test_headings_use_heading_styles_and_carry_bookmarks(written):
    document, _ = written
    headings = [p for p in document.paragraphs if p.text == "1.1. Жаңа залдардың ашылуы"]
    assert [p.style.name for p in headings] == ["Heading 1"]
    names = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    names = [n for n in names if n.startswith("_Toc")]      # src_N bookmarks mark sources (tests/test_review.py)
    assert len(names) == 2 and len(set(names)) == 2
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,39}", n) for n in names)


def test_bookmark_names_are_sanitised_and_unique(tmp_path):
    doc = build(tmp_path)
    doc.body += [Heading(level=2, number="2.1.", text="А", anchor="бөлім-" + "x" * 50 + "1"),
                 Heading(level=2, number="2.2.", text="Б", anchor="бөлім-" + "x" * 50 + "2")]
    document = write(tmp_path, doc)[0]
    names = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert len(set(n for n in names if n.startswith("_Toc"))) == 4 and len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,39}", n) for n in names)


def test_captions_number_with_seq_fields_in_order(written):
    document, _ = written
    seqs = [f for f in fields(document.element.body) if f["instr"].strip().startswith("SEQ")]
    assert [(f["instr"], f["result"]) for f in seqs] == [
        (" SEQ Диаграмма \\* ARABIC ", "1"), (" SEQ Кесте \\* ARABIC ", "1"),
        (" SEQ Кесте \\* ARABIC ", "2")]
    assert by_text(document, "Кесте №2").text == "Кесте №2. Келушілер санаты"


def test_table_captions_sit_above_their_tables(written):
    document, _ = written
    for tbl in document.element.body.iter(qn("w:tbl")):
        caption = tbl.getprevious()
        assert caption.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "TableCaption"


def test_diagram_caption_position_follows_the_profile(tmp_path):
    for profile, offset, text in (("default", -1, "Диаграмма №1. Іс-шаралар көрсеткіші"),
                                  ("gost", 1, "Сурет 1 – Іс-шаралар көрсеткіші")):
        document = write(tmp_path, profile=profile)[0]
        paragraphs = document.paragraphs
        picture = next(i for i, p in enumerate(paragraphs) if p._p.findall(f".//{WP_DOCPR}")
                       and "2020" not in p.text)
        assert paragraphs[picture + offset].text == text


def test_toc_field_lists_every_heading_with_its_page(written):
    document, _ = written
    found = fields(document.element.body)
    toc = [f for f in found if f["instr"].strip().startswith("TOC")]
    assert [f["instr"] for f in toc] == [' TOC \\o "1-2" \\h \\z \\u ']
    assert [f["result"] for f in found if "PAGEREF" in f["instr"]] == ["3", "4"]
    entries = [p for p in document.paragraphs if p.style.name == st.TOC_1]
    assert [p.text for p in entries] == ["1.1. Жаңа залдардың ашылуы\t3", "1.2. Қор жинақтау\t4"]
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))
                 if b.get(qn("w:name")).startswith("_Toc")}
    links = [h.get(qn("w:anchor")) for h in document.element.body.iter(qn("w:hyperlink"))]
    assert len(links) == 2 and set(links) == bookmarks


def test_toc_without_page_numbers_still_lists_headings(tmp_path):
    document = write(tmp_path, pages=None)[0]
    assert not [f for f in fields(document.element.body) if "PAGEREF" in f["instr"]]
    assert [p.text for p in document.paragraphs if p.style.name == st.TOC_1] == [
        "1.1. Жаңа залдардың ашылуы", "1.2. Қор жинақтау"]


def test_settings_ask_nothing_on_open(written):
    settings = xml_part(written[1], "word/settings.xml")
    assert settings.find(qn("w:updateFields")) is None and settings.find(qn("w:rsids")) is None


@pytest.mark.parametrize("profile, numbered, blank", [("default", "header", "footer"),
                                                      ("gost", "footer", "header")])
def test_page_number_field_skips_the_cover(tmp_path, profile, numbered, blank):
    section = write(tmp_path, profile=profile)[0].sections[0]
    assert section.different_first_page_header_footer
    assert [f["instr"] for f in fields(getattr(section, numbered)._element)] == [" PAGE "]
    assert not fields(getattr(section, blank)._element)
    assert not fields(getattr(section, f"first_page_{numbered}")._element)


def test_table_rows_repeat_headers_and_do_not_split(written):
    visitors = written[0].tables[1]
    rows = visitors._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True, True, False, False]
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_spanned_cells_are_merged(written):
    visitors = written[0].tables[1]
    assert visitors.cell(0, 0)._tc is visitors.cell(1, 0)._tc
    assert visitors.cell(0, 2)._tc is visitors.cell(0, 4)._tc
    assert visitors.cell(0, 2).text == "Келушілер саны"
    assert visitors.cell(1, 2).text == "2019 жыл"
    assert visitors.cell(0, 1).text == "Санаттар" and visitors.cell(2, 1).text == "Оқушылар"


def test_table_cells_align_numbers_and_keep_bold(written):
    funds = written[0].tables[0]
    number = funds.cell(1, 1).paragraphs[0]
    assert number.style.name == st.TABLE_NUMBER and number.text == "110\u00a0642"
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert funds.cell(2, 0).paragraphs[0].runs[0].bold
    assert not funds.cell(1, 0).paragraphs[0].runs[0].bold


def test_tables_span_the_text_width(written):
    for table in written[0].tables:
        tblw = table._tbl.tblPr.find(qn("w:tblW"))
        assert (tblw.get(qn("w:w")), tblw.get(qn("w:type"))) == (str(Mm(165).twips), "dxa")
        assert sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))) == Mm(165).twips


def test_each_list_restarts_at_one(tmp_path):
    doc = build(tmp_path)
    doc.body.append(ListBlock("numbered", [ListItem([Text("тағы бір")])]))
    document, path = write(tmp_path, doc)
    num_ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p._p.pPr is not None
               and p._p.pPr.numPr is not None]
    assert len(num_ids) == 5 and len(set(num_ids)) == 3
    numbering = xml_part(path, "word/numbering.xml")
    nums = {n.get(qn("w:numId")): n for n in numbering.iter(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.iter(qn("w:abstractNum"))}
    formats = []
    for num_id in dict.fromkeys(num_ids):
        num = nums[str(num_id)]
        assert num.find(f".//{qn('w:startOverride')}").get(qn("w:val")) == "1"
        lvl = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))].find(qn("w:lvl"))
        formats.append((lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))))
    assert formats == [("decimal", "%1)"), ("bullet", "-"), ("decimal", "%1)")]


def test_core_properties_come_from_the_metadata(written):
    props = written[0].core_properties
    assert (props.title, props.author, props.subject, props.language) == (
        "Сынақ есебі 2021", "Сынақ музейі", "Жылдық есеп", "kk-KZ")
    assert props.keywords == "есеп, 2021" and props.last_modified_by == "Сынақ музейі"
    assert props.created == props.modified == props.last_printed == datetime(2022, 1, 20, tzinfo=timezone.utc)
    assert props.revision == 1


def test_pictures_have_alt_text_and_sizes(tmp_path):
    document = write(tmp_path, build(tmp_path, photo_px=(4000, 1000)))[0]
    docprs = list(document.element.body.iter(WP_DOCPR))
    assert [d.get("descr") for d in docprs] == ["2020 жылы 267, 2021 жылы 436 іс-шара",
                                                "Марапаттау рәсімінің суреті"]
    assert len({d.get("id") for d in docprs}) == 2
    widths = [int(e.get("cx")) for e in document.element.body.iter(WP_EXTENT)]
    assert widths[0] == Mm(160) and widths[1] <= Mm(165)
    assert document.paragraphs[-1].style.name == st.PHOTO_CAPTION
    assert document.paragraphs[-1].text == "Марапаттау рәсімі"


def test_cover_ends_with_a_page_break(written):
    body = written[0].element.body
    breaks = [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == 1
    following = breaks[0].getparent().getparent().getnext()
    assert "".join(t.text for t in following.iter(qn("w:t"))) == "Мазмұны"


def test_document_text_keeps_every_sample_text(tmp_path, written):
    document, _ = written
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    full = "\n".join(texts)
    expected = []

    def collect(inlines):
        for span in inlines:
            expected.append(span.text) if isinstance(span, Text) else collect(span.children)
    for block in build(tmp_path).blocks():
        if isinstance(block, (Paragraph, ListItem)):
            collect(block.inlines)
        elif isinstance(block, ListBlock):
            [collect(item.inlines) for item in block.items]
        elif isinstance(block, Table):
            [collect(cell.inlines) for row in [*block.header, *block.body] for cell in row]
        elif isinstance(block, Heading):
            expected.append(block.full_text)
    missing = [t for t in expected if t not in full]
    assert not missing
    assert KAZAKH_LETTERS in full and "215\u00a0625 адам" in full


def test_same_inputs_give_the_same_bytes(tmp_path):
    _, first = write(tmp_path, name="a.docx")
    _, second = write(tmp_path, name="b.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert not [n for n in z.namelist() if "thumbnail" in n]


def test_gost_profile_captions_and_footer_numbers(tmp_path):
    document = write(tmp_path, profile="gost")[0]
    caption = by_text(document, "Кесте 1")
    assert caption.text == "Кесте 1 – Музей заттары туралы мәлімет"
    assert caption.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert fields(document.sections[0].footer._element)[0]["instr"] == " PAGE "
    single = line_pt(load_profile("default"))          # 1.5 lines: exactly 1.5 single lines, as in the PDF
    assert document.styles[st.BODY].base_style.paragraph_format.line_spacing.pt == pytest.approx(1.5 * single, abs=0.05)


def test_table_without_header_rows_is_written(tmp_path):
    doc = build(tmp_path)
    doc.body.append(Table(title="Бассыз", header=[], body=[[Cell([Text("жалғыз")])]], number=3))
    table = write(tmp_path, doc)[0].tables[-1]
    assert table.cell(0, 0).text == "жалғыз"
    assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is None


# --- made for Word ---------------------------------------------------------------------------

def style_elements(document) -> dict[str, object]:
    return {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}


def test_only_the_styles_the_report_uses_are_left(written):
    styles = style_elements(written[0])
    names = {s.find(qn("w:name")).get(qn("w:val")) for s in styles.values()}
    assert {"Heading 1 Char", "Title", "Light Shading", "List Number 2", "No Spacing"}.isdisjoint(names)
    assert [i for i, s in styles.items() if s.get(qn("w:type")) == "table"] == ["TableNormal", "TableGrid"]
    assert len(styles) == len(st.ALL_STYLES) + 3          # and the defaults: paragraph font, table, list
    links = {link.get(qn("w:val")) for link in written[0].styles.element.iter(qn("w:link"))}
    assert links <= set(styles) and not list(written[0].styles.element.iter(qn("w:rsid")))


def test_comment_styles_are_defined_at_the_profiles_size(written):
    styles = style_elements(written[0])
    size = {i: styles[i].find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) for i in ("CommentText", "CommentReference")}
    assert size == {"CommentText": "20", "CommentReference": "16"}        # 10 pt, its mark 8 pt
    assert styles["CommentReference"].get(qn("w:type")) == "character"


def test_list_styles_are_numbered_like_the_lists(written):
    document = written[0]
    numbering = document.part.numbering_part.element
    for style, fmt in ((st.LIST_NUMBER, "decimal"), (st.LIST_BULLET, "bullet")):
        num_id = document.styles[style].element.find(f".//{qn('w:numId')}").get(qn("w:val"))
        abstract = numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")[0]
        assert numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract}']//w:numFmt/@w:val") == [fmt]
    assert len(numbering.findall(qn("w:abstractNum"))) == 2          # none of the template's lists


def test_settings_do_not_claim_the_text_was_proofed(written):
    settings = written[0].settings.element
    assert settings.find(qn("w:proofState")) is None and settings.find(qn("w:decimalSymbol")) is None
    assert settings.find(qn("w:themeFontLang")).attrib == {qn("w:val"): "kk-KZ"}


def test_app_properties_name_the_program_and_count_the_words(written):
    app = xml_part(written[1], "docProps/app.xml")
    values = {el.tag.split("}")[1]: el.text for el in app}
    assert values["Application"] == "generate-report" and "Pages" not in values
    assert 100 < int(values["Words"]) < 200


def test_runs_are_marked_with_their_language_and_korean_with_its_font(tmp_path):
    doc = build(tmp_path)
    doc.body.append(Paragraph([Text("Кітап «카자흐스탄 고분문화 (Ancient tombs)», "),
                               Strong([Text("Некрополь сакской элиты Жетысу")])]))
    body = write(tmp_path, doc)[0].element.body
    runs = {r.findtext(qn("w:t")): r.find(f"{qn('w:rPr')}/{qn('w:lang')}") for r in body.iter(qn("w:r"))}
    assert runs["카자흐스탄 고분문화"].get(qn("w:eastAsia")) == "ko-KR"
    assert runs["Ancient tombs"].get(qn("w:val")) == "en-US"
    assert runs["Некрополь сакской элиты Жетысу"].get(qn("w:val")) == "ru-RU"
    assert runs["Кітап «"] is None                                    # the report's language, from the defaults
    korean = next(r for r in body.iter(qn("w:r")) if r.findtext(qn("w:t")) == "카자흐스탄 고분문화")
    assert korean.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "Batang"


def test_table_cells_keep_the_pdfs_padding_on_every_side(written):
    margins = written[0].tables[0]._tbl.tblPr.find(qn("w:tblCellMar"))
    assert {m.tag.split("}")[1]: int(m.get(qn("w:w"))) for m in margins} == dict.fromkeys(
        ("top", "left", "bottom", "right"), Mm(CELL_PADDING_MM).twips)
