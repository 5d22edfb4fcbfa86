"""Appendices (lettered, on new pages, their own numbers) and the approval block and signature."""
from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from docx.oxml.ns import qn
from lxml import etree

from generator.check import check_report
from generator.config import load_profile
from generator.doc.model import Heading, Signature, Table
from generator.load.inputs import load_report
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from generator.review import review
from generator.writers.docx import write_docx
from generator.writers.html import render_html
from generator.writers.pdf import heading_pages, render_pdf, write_pdf
from tests.helpers import no_weasyprint_warnings
from tests.small_inputs import REPORT, write_inputs

ANNEX = """\
heading: Қор көрсеткіштері
figures:
  items: {{value: 5, parts: [{{id: a, label: сатып алу, value: 2}}, {{id: b, label: сыйға тарту, value: 3}}]}}
tables:
  items: {{title: Қорға түсу, figure: items, years: 1, label_header: Жолы}}
content:
  - text: {text}
  - table: items
"""
HALLS = """\
heading: Залдар
figures:
  halls: {value: 2, parts: [{id: a, label: бірінші, value: 1}, {id: b, label: екінші, value: 1}]}
tables:
  halls: {title: Залдар, figure: halls, years: 1, label_header: Зал}
content:
  - text: Екі зал ашылды.
  - table: halls
"""
APPROVAL = """\
approved: 14.01.2022
approval:
  position: Музей директоры
  name: А. Б. Сынақов
  at_end: true
"""


def inputs(root, approval: str = APPROVAL, annex_text: str = "Қосымша мәтін."):
    report = REPORT.format(year=2021, sections="halls") + "appendices: [annex, photos]\n" + approval
    annex = ANNEX.format(text=annex_text)
    return write_inputs(root, 2021, {"report": report, "halls": HALLS, "annex": annex,
                                     "photos": "heading: Суреттер\ncontent: [{text: Суреттер.}]\n"})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small report built in both profiles, and written as DOCX."""
    root = tmp_path_factory.mktemp("annex")
    folder = inputs(root / "inputs")
    out = {}
    for name in ("default", "gost"):
        ready = prepare(folder, 2021, name)
        write_docx(ready.doc, ready.profile, root / f"{name}.docx")
        out[name] = (ready, root / f"{name}.docx")
    return out


def headings(doc) -> list[Heading]:
    return [b for b in doc.body if isinstance(b, Heading)]


# --- appendices --------------------------------------------------------------------------------

def test_appendices_follow_the_sections_lettered_as_the_profile_says(built):
    default, gost = (headings(built[name][0].doc) for name in ("default", "gost"))
    assert [(h.number, h.appendix, h.text) for h in default] == [
        ("1.1.", "", "Залдар"), ("Қосымша А", "А", "Қор көрсеткіштері"), ("Қосымша Б", "Б", "Суреттер")]
    assert [h.number for h in gost[1:]] == ["А қосымшасы", "Б қосымшасы"]
    assert default[1].full_text == "Қосымша А. Қор көрсеткіштері"


def test_appendix_tables_run_on_by_default_and_count_anew_in_gost(built):
    tables = {name: [t.label for t in built[name][0].doc.body if isinstance(t, Table)] for name in built}
    assert tables == {"default": ["1", "2"], "gost": ["1", "А.1"]}


def test_a_numbered_table_in_an_appendix_is_captioned_with_its_letter(built):
    html = render_html(built["gost"][0].doc, built["gost"][0].profile)
    assert "<caption>Кесте А.1 – Қорға түсу</caption>" in html
    assert 'class="table-start" data-continued="А.1-кестенің жалғасы"' in html
    assert re.search(r'<h1 id="appendix-annex" class="heading level-1 appendix" data-label="А қосымшасы. Қор '
                     r'көрсеткіштері">А қосымшасы<br>Қор көрсеткіштері</h1>', html)


def test_an_appendix_without_a_heading_is_a_plain_mistake(tmp_path):
    folder = inputs(tmp_path)
    (folder / "2021" / "photos.yaml").write_text("content: [{text: Суреттер.}]\n", encoding="utf-8")
    with pytest.raises(InputErrors, match=r"photos\.yaml:1 heading: an appendix needs a heading"):
        prepare(folder, 2021)


def test_profile_letters_run_out_with_none():
    appendices = load_profile().appendices
    assert appendices.label(0) == ("А", "Қосымша А")
    assert appendices.label(len(appendices.letters)) is None


def test_docx_appendix_heading_starts_a_page_with_its_letter_on_a_line_above(built):
    path = built["gost"][1]
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    heads = [p for p in body.iter(qn("w:p")) if (p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None and
                                                   p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "AppendixHeading")]
    assert len(heads) == 2
    first = heads[0]
    assert [t.text for t in first.iter(qn("w:t"))] == ["А қосымшасы", "Қор көрсеткіштері"]
    assert first.find(f".//{qn('w:br')}") is not None
    style = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "AppendixHeading")
    assert style.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    assert style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "0"     # top level of the contents
    captions = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))
                if "Қорға түсу" in "".join(t.text or "" for t in p.iter(qn("w:t")))]
    assert captions == ["Кесте А.1 – Қорға түсу"]


def test_pdf_each_appendix_starts_a_new_page(built):
    ready = built["default"][0]
    with no_weasyprint_warnings():
        pages = heading_pages(render_pdf(render_html(ready.doc, ready.profile), allowed_roots=[]))
    assert pages["section-halls"] < pages["appendix-annex"] < pages["appendix-photos"]


def test_pdf_outline_names_an_appendix_as_the_contents_do(built, tmp_path):
    ready = built["gost"][0]
    with no_weasyprint_warnings():
        write_pdf(render_pdf(render_html(ready.doc, ready.profile), allowed_roots=[]), tmp_path / "r.pdf", ready.doc.meta)
    titles = [item.title for item in pypdf.PdfReader(tmp_path / "r.pdf").outline if not isinstance(item, list)]
    assert titles[-2:] == ["А қосымшасы. Қор көрсеткіштері", "Б қосымшасы. Суреттер"]


# --- approval and signature --------------------------------------------------------------------

def test_approval_block_on_the_cover_and_signature_at_the_end_dated_as_every_date(built):
    doc = built["default"][0].doc
    approval = next(b for b in doc.cover if isinstance(b, Signature))
    assert (approval.kind, approval.title, approval.position, approval.name, approval.date) == (
        "approval", "БЕКІТЕМІН", "Музей директоры", "А. Б. Сынақов", "14.01.2022")
    assert approval.line == load_profile().approval.line
    signature = doc.body[-1]
    assert isinstance(signature, Signature) and signature.kind == "signature" and signature.title == ""


def test_no_approval_no_blocks_and_an_unapproved_report_prints_no_date(tmp_path):
    ready = prepare(inputs(tmp_path / "a", approval=""), 2021)
    assert not any(isinstance(b, Signature) for b in ready.doc.blocks())
    ready = prepare(inputs(tmp_path / "b", approval=APPROVAL.replace("approved: 14.01.2022\n", "")), 2021)
    assert [b.date for b in ready.doc.blocks() if isinstance(b, Signature)] == ["", ""]


def test_html_and_docx_print_the_approval_words_from_the_profile(built):
    ready, path = built["default"]
    html = render_html(ready.doc, ready.profile)
    assert re.search(r'<div class="approval">\s*<p class="approval-title">БЕКІТЕМІН</p>\s*<p>Музей директоры</p>'
                     r"\s*<p>_+ А\. Б\. Сынақов</p>\s*<p>14\.01\.2022</p>", html)
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    assert texts[texts.index("БЕКІТЕМІН") + 1:texts.index("БЕКІТЕМІН") + 4] == [
        "Музей директоры", f"{ready.profile.approval.line} А. Б. Сынақов", "14.01.2022"]
    last = [p for p in body.iter(qn("w:p")) if "Сынақов" in "".join(t.text or "" for t in p.iter(qn("w:t")))][-1]
    assert last.find(f".//{qn('w:tab')}") is not None and last.find(f".//{qn('w:br')}") is not None


# --- dates after the year ----------------------------------------------------------------------

@pytest.mark.parametrize("written, found", [
    ("{date:14.01.2022|after}", None),
    ("{date:14.01.2022}", "outside 2021: check that it is meant (a date after the year, like an approval's, "
                          "is written {date:14.01.2022|after})"),
    ("{date:14.01.2021|after}", "is marked |after, but is not in 2022"),
])
def test_a_date_after_the_year_is_normal_when_marked_so(tmp_path, written, found):
    report = load_report(inputs(tmp_path, annex_text=f"Бекітілді {written}.").resolve(), 2021)
    messages = [p.message for p in check_report(report) if "14.01" in p.message]
    assert messages == [] if found is None else len(messages) == 1 and found in messages[0]


def test_a_date_marked_after_prints_like_any_date(tmp_path):
    ready = prepare(inputs(tmp_path, annex_text="Бекітілді {date:14.01.2022|after}."), 2021)
    assert any("Бекітілді 14.01.2022." in "".join(getattr(s, "text", "") for s in getattr(b, "inlines", []))
               for b in ready.doc.body)


def test_review_of_an_unedited_report_with_appendices_and_footnotes_finds_no_change(built):
    ready, path = built["gost"]
    changes, remarks = review(path, ready.report, ready.doc)
    assert changes == [] and remarks == []


@pytest.mark.parametrize("profile, language, heading, approve", [
    ("default", "kk-KZ", "Қосымша А", "БЕКІТЕМІН"), ("gost", "kk-KZ", "А қосымшасы", "БЕКІТЕМІН"),
    ("gost", "ru-RU", "Приложение А", "УТВЕРЖДАЮ")])
def test_appendix_and_approval_words_are_the_languages(profile, language, heading, approve):
    words = load_profile(profile, language)
    assert words.appendices.label(0) == ("А", heading) and words.approval.title == approve
