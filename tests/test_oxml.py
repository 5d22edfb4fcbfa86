"""The raw OOXML layer (writers/docx/oxml.py), one function at a time, on compact XML."""
from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from generator.writers.docx import oxml

W = nsdecls("w")


def el(xml: str):
    """An element written with the ``w:`` prefix (namespaces declared on the outermost one)."""
    end = min(i for i in (xml.find(" "), xml.find(">"), xml.find("/>")) if i > 0)
    return parse_xml(f"{xml[:end]} {W}{xml[end:]}")


def tags(parent) -> list[str]:
    return [etree.QName(child).localname for child in parent]


def test_put_replaces_a_child_and_keeps_the_schemas_order():
    ppr = el('<w:pPr><w:pStyle w:val="A"/><w:jc w:val="left"/></w:pPr>')
    oxml._put(ppr, el('<w:spacing w:before="0"/>'), oxml.PPR_ORDER)
    oxml._put(ppr, el('<w:jc w:val="center"/>'), oxml.PPR_ORDER)
    assert tags(ppr) == ["pStyle", "spacing", "jc"]
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "center"


def test_a_text_run_keeps_its_spaces_and_is_bold_or_italic_only_when_asked():
    plain, bold = oxml.text_run(" 215\u00a0625 "), oxml.text_run("a", bold=True, italic=True)
    t = plain.find(qn("w:t"))
    assert t.text == " 215\u00a0625 " and t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert plain.find(qn("w:rPr")) is None
    assert tags(bold.find(qn("w:rPr"))) == ["b", "i"]


def test_a_field_with_its_result_is_begin_code_separate_result_end():
    runs = oxml.field_runs(" SEQ Кесте \\* ARABIC ", "3")
    kinds = [r.find(qn("w:fldChar")).get(qn("w:fldCharType")) if r.find(qn("w:fldChar")) is not None
             else etree.QName(r[-1]).localname for r in runs]
    assert kinds == ["begin", "instrText", "separate", "t", "end"]
    assert runs[1].find(qn("w:instrText")).text == " SEQ Кесте \\* ARABIC "
    assert runs[3].find(qn("w:t")).text == "3"
    assert len(oxml.field_runs(" PAGE ", "")) == 4          # no result run when there is none yet


def test_a_bookmark_wraps_the_paragraphs_content_after_its_properties():
    p = el('<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>')
    oxml.add_bookmark(p, 7, "_src_1")
    assert tags(p) == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]
    assert p[1].get(qn("w:name")) == "_src_1" and p[1].get(qn("w:id")) == p[3].get(qn("w:id")) == "7"


def test_a_runs_language_and_its_east_asian_font():
    run = parse_xml(f"<w:r {W}><w:t>한국</w:t></w:r>")
    oxml.set_run_language(run, "ko-KR", "Batang")
    rpr = run.find(qn("w:rPr"))
    assert tags(rpr) == ["rFonts", "lang"]
    assert rpr[0].get(qn("w:eastAsia")) == "Batang" and rpr[1].get(qn("w:eastAsia")) == "ko-KR"
    other = parse_xml(f"<w:r {W}><w:t>word</w:t></w:r>")
    oxml.set_run_language(other, "en-US")
    assert tags(other.find(qn("w:rPr"))) == ["lang"]


def test_doc_defaults_name_one_font_its_size_and_the_language():
    styles = el('<w:styles><w:docDefaults/><w:style w:styleId="Normal"/></w:styles>')
    oxml.set_doc_defaults(styles, "Times New Roman", 14, "ru-RU", "Batang")
    assert tags(styles) == ["docDefaults", "style"]
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert tags(rpr) == ["rFonts", "sz", "szCs", "lang"]
    assert rpr[0].get(qn("w:ascii")) == "Times New Roman" and rpr[0].get(qn("w:eastAsia")) == "Batang"
    assert rpr[1].get(qn("w:val")) == "28" and rpr[3].get(qn("w:val")) == "ru-RU"


def test_table_geometry_is_fixed_at_the_margin_with_the_cell_margin_on_every_side():
    table = parse_xml(f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="T"/><w:tblLook w:val="04A0"/></w:tblPr></w:tbl>')
    oxml.set_table_geometry(table, 9354, 57)
    tblpr = table.tblPr
    assert tags(tblpr) == ["tblStyle", "tblW", "tblInd", "tblLayout", "tblCellMar", "tblLook"]
    margins = tblpr.find(qn("w:tblCellMar"))
    assert tags(margins) == ["top", "left", "bottom", "right"]
    assert {m.get(qn("w:w")) for m in margins} == {"57"}


def test_header_rows_repeat_and_rows_do_not_split():
    row = parse_xml(f"<w:tr {W}><w:tc><w:p/></w:tc></w:tr>")
    oxml.forbid_row_split(row)
    oxml.mark_header_row(row)
    assert tags(row.find(qn("w:trPr"))) == ["cantSplit", "tblHeader"]


def test_a_numbered_paragraph_names_its_list_and_level_in_order():
    p = parse_xml(f'<w:p {W}><w:pPr><w:pStyle w:val="List"/><w:jc w:val="both"/></w:pPr></w:p>')
    oxml.set_num_pr(p, 4, 1)
    assert tags(p.pPr) == ["pStyle", "numPr", "jc"]
    numpr = p.pPr.find(qn("w:numPr"))
    assert [c.get(qn("w:val")) for c in numpr] == ["1", "4"]


def test_numbering_ids_are_read_and_cleared():
    numbering = el('<w:numbering><w:abstractNum w:abstractNumId="3"/><w:num w:numId="5"/></w:numbering>')
    assert oxml.max_ids(numbering) == (3, 5)
    oxml.clear_numbering(numbering)
    assert oxml.max_ids(numbering) == (-1, 0) and len(numbering) == 0


def test_footnotes_start_with_the_two_separators_and_a_note_holds_its_mark():
    root = oxml.footnotes_root()
    assert [n.get(qn("w:id")) for n in root] == ["-1", "0"]
    note, paragraph = oxml.footnote(1, "FootnoteText", "FootnoteReference")
    assert note.get(qn("w:id")) == "1" and paragraph.getparent() is note
    assert paragraph.find(f".//{qn('w:footnoteRef')}") is not None
    call = oxml.footnote_reference_run(1, "FootnoteReference")
    assert call.find(qn("w:footnoteReference")).get(qn("w:id")) == "1"


def test_the_app_properties_say_the_program_and_the_words_escaped():
    xml = oxml.app_properties("generate-report <0.1>", 1234)
    root = etree.fromstring(xml)
    assert [etree.QName(c).localname for c in root] == ["Application", "Words"]
    assert root[0].text == "generate-report <0.1>" and root[1].text == "1234"
