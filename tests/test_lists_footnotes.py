"""Nested lists with their end punctuation, and footnotes (^[…]) in the model, the DOCX and the PDF."""
from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from docx.oxml.ns import qn
from lxml import etree

from generator.config import load_profile
from generator.doc.inline import parse_inline
from generator.doc.model import Footnote, ListBlock, PageBreak, Strong, Text, plain_text
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from generator.writers.docx import write_docx
from generator.writers.html import render_html
from generator.writers.pdf import render_pdf, write_pdf
from tests.helpers import no_weasyprint_warnings
from tests.small_inputs import write_inputs

EVENTS = """\
heading: Іс-шаралар
lists:
  events:
    sub_style: numbered
    items:
      - text: Көрмелер
        items: [Бірінші көрме, "Екінші көрме;"]
      - text: Конференция
      - text: Дәрістер
        items: [Тарих дәрісі]
  abbreviations:
    style: bulleted
    punctuation: false
    in_date_order: false
    items: [ҚР – Қазақстан Республикасы, БАҚ – бұқаралық ақпарат құралдары]
content:
  - text: Музей іс-шаралар өткізді^[Жоспар бойынша **есептелді**.].
  - list: events
  - list: abbreviations
  - text: Екінші ескертпе^[Музей сайтында [2022] жарияланған.] осында.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small report's document model and its DOCX."""
    root = tmp_path_factory.mktemp("lists")
    ready = prepare(write_inputs(root / "inputs", 2021, {"events": EVENTS}), 2021)
    write_docx(ready.doc, ready.profile, root / "report.docx")
    return ready, root / "report.docx"


def lists_of(doc) -> list[ListBlock]:
    return [block for block in doc.body if isinstance(block, ListBlock)]


def item_texts(block: ListBlock) -> list[str]:
    return [plain_text(item.inlines) for item in block.all_items()]


# --- the model ---------------------------------------------------------------------------------

def test_sub_items_nest_under_their_item_in_the_sub_style(built):
    events = lists_of(built[0].doc)[0]
    assert [item.sublist is not None for item in events.items] == [True, False, True]
    assert events.kind == "numbered" and events.items[0].sublist.kind == "numbered"
    assert [plain_text(i.inlines) for i in events.items[0].sublist.items] == ["Бірінші көрме;", "Екінші көрме;"]


def test_end_punctuation_colon_before_sub_items_full_stop_only_at_the_very_end(built):
    assert item_texts(lists_of(built[0].doc)[0]) == [
        "Көрмелер:", "Бірінші көрме;", "Екінші көрме;", "Конференция;", "Дәрістер:", "Тарих дәрісі."]


def test_an_abbreviation_list_without_punctuation_keeps_its_text_as_written(built):
    assert item_texts(lists_of(built[0].doc)[1]) == ["ҚР – Қазақстан Республикасы", "БАҚ – бұқаралық ақпарат құралдары"]


def test_a_sub_item_with_items_of_its_own_is_refused_with_its_line(tmp_path):
    deep = EVENTS.replace("items: [Бірінші көрме, \"Екінші көрме;\"]",
                          "items:\n          - text: Бірінші\n            items: [тым терең]")
    with pytest.raises(InputErrors) as caught:
        prepare(write_inputs(tmp_path, 2021, {"events": deep}), 2021)
    assert re.search(r"events\.yaml:\d+ lists\.events\.items\.0.*lists nest two levels", str(caught.value))


def test_footnote_syntax_becomes_a_footnote_span_with_its_own_formatting():
    spans = parse_inline("Мәтін^[Ескерту **қалың** [1] мен.] соңы")
    assert spans[0] == Text("Мәтін") and spans[-1] == Text(" соңы")
    note = spans[1]
    assert isinstance(note, Footnote) and isinstance(note.children[1], Strong)
    assert plain_text(note.children) == "Ескерту қалың [1] мен."
    assert plain_text(spans) == "Мәтін соңы"       # a footnote's text is not in the line


@pytest.mark.parametrize("text", ["ашық ^[жабылмаған", "бос ^[] белгі", "жай [жақша]"])
def test_an_unclosed_or_empty_footnote_stays_literal(text):
    assert parse_inline(text) and not any(isinstance(s, Footnote) for s in parse_inline(text))
    assert plain_text(parse_inline(text)) == text


# --- the DOCX ----------------------------------------------------------------------------------

def xml_part(path, name):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def test_docx_footnotes_are_word_footnotes_numbered_in_reading_order(built):
    body = xml_part(built[1], "word/document.xml")
    references = [int(r.get(qn("w:id"))) for r in body.iter(qn("w:footnoteReference"))]
    assert references == [1, 2]
    notes = xml_part(built[1], "word/footnotes.xml")
    texts = {int(n.get(qn("w:id"))): "".join(t.text for t in n.iter(qn("w:t"))).strip()
             for n in notes.iter(qn("w:footnote")) if n.get(qn("w:type")) is None}
    assert texts == {1: "Жоспар бойынша есептелді.", 2: "Музей сайтында [2022] жарияланған."}
    bold = [r for r in notes.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    assert ["".join(t.text for t in r.iter(qn("w:t"))) for r in bold] == ["есептелді"]


def test_docx_without_footnotes_has_no_footnotes_part(tmp_path):
    ready = prepare(write_inputs(tmp_path, 2021, {"events": EVENTS.replace("^[", "[")}), 2021)
    write_docx(ready.doc, ready.profile, tmp_path / "r.docx")
    with zipfile.ZipFile(tmp_path / "r.docx") as package:
        assert "word/footnotes.xml" not in package.namelist()


def test_docx_sub_items_sit_at_the_second_level_of_their_list(built):
    body = xml_part(built[1], "word/document.xml")
    numbered = []
    for p in body.iter(qn("w:p")):
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is not None:
            text = "".join(t.text for t in p.iter(qn("w:t")))
            numbered.append((text, num.find(qn("w:ilvl")).get(qn("w:val")), num.find(qn("w:numId")).get(qn("w:val"))))
    events = numbered[:6]
    assert [level for _, level, _ in events] == ["0", "1", "1", "0", "0", "1"]
    assert len({num for _, _, num in events}) == 1
    numbering = xml_part(built[1], "word/numbering.xml")
    two_level = [a for a in numbering.iter(qn("w:abstractNum")) if len(a.findall(qn("w:lvl"))) == 2]
    assert [lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in two_level[0].findall(qn("w:lvl"))] == ["%1)", "%2)"]


# --- the HTML and the PDF ----------------------------------------------------------------------

def test_html_nests_the_sub_list_inside_its_item_and_marks_footnotes(built):
    html = render_html(built[0].doc, built[0].profile)
    assert re.search(r'<li>Көрмелер:\s*<ol class="numbered sub">\s*<li>Бірінші көрме;</li>', html)
    assert '<span class="footnote">Жоспар бойынша <strong>есептелді</strong>.</span>' in html


def test_pdf_footnotes_stand_at_the_foot_of_their_page_numbered_through_the_report_and_sub_items_count_anew(tmp_path):
    text = EVENTS.replace("  - text: Екінші", "  - subheading: Екінші бет\n  - text: Екінші")
    ready = prepare(write_inputs(tmp_path, 2021, {"events": text}), 2021)
    second = next(b for b in ready.doc.body if getattr(b, "text", "") == "Екінші бет")
    ready.doc.body.insert(ready.doc.body.index(second), PageBreak())
    with no_weasyprint_warnings():
        rendered = render_pdf(render_html(ready.doc, load_profile()), allowed_roots=[tmp_path])
        write_pdf(rendered, tmp_path / "r.pdf", ready.doc.meta)
    pages = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "r.pdf").pages]
    first = next(i for i, page in enumerate(pages) if "Жоспар бойынша" in page)
    assert pages[first].index("Дәрістер") < pages[first].index("Жоспар бойынша")     # below the text
    assert re.search(r"1\s*Жоспар бойынша", pages[first])
    assert re.search(r"1\)\s*Көрмелер:\s*1\)\s*Бірінші көрме;\s*2\)\s*Екінші көрме;\s*2\)\s*Конференция;",
                     pages[first])      # sub-items count anew and leave their item's numbers alone
    later = next(i for i, page in enumerate(pages) if "Музей сайтында" in page)
    assert later > first and re.search(r"2\s*Музей сайтында", pages[later])
