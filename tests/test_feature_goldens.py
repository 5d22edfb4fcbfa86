"""Small per-feature goldens (as pandoc keeps them): each kind of block alone, as the DOCX body
and as the HTML the PDF is laid out from, beside the whole report's goldens in test_golden.py.

A change in how one kind is written shows here in a few lines. Accept an intended change as the
whole report's: ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_feature_goldens.py``, then read
``git diff tests/golden/features/``.
"""
from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from generator.config import load_profile
from generator.doc.model import (
    Cell, Document, Emphasis, Footnote, Heading, ListBlock, ListItem, Meta, Paragraph, Signature,
    Strong, Table, Text,
)
from generator.doc.numbering import assign_numbers
from generator.doc.provenance import Field
from generator.writers.docx import write_docx
from generator.writers.html import render_html
from tests.test_golden import same_as_golden

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROFILE = load_profile()


def _cells(*texts: str, bold: bool = False, numeric: bool = False) -> list[Cell]:
    return [Cell([Text(t)], bold=bold, numeric=numeric) for t in texts]


FEATURES = {
    "paragraph": [Paragraph([Text("Музейде "), Strong([Text("436 іс-шара")]), Text(" өтті, "),
                             Emphasis([Text("бұдан әрі – БАҚ")]), Text(".")], source=Field("a", ("content", 0, "text")))],
    "footnote": [Paragraph([Text("Көрме өтті"), Footnote([Text("Жоспар бойынша.")]), Text(".")],
                           source=Field("a", ("content", 0, "text")))],
    "heading": [Heading(level=1, number="1.1.", text="Жаңа залдар", anchor="s-1", source=Field("a", ("heading",)))],
    "appendix": [Heading(level=1, number="Қосымша А", text="Қор", anchor="app-a", appendix="А",
                         source=Field("b", ("heading",)))],
    "nested-list": [ListBlock("numbered", [
        ListItem([Text("Көрмелер:")], source=Field("a", ("lists", "x", "items", 0, "text")), sublist=ListBlock("bulleted", [
            ListItem([Text("«Дала» көрмесі;")], source=Field("a", ("lists", "x", "items", 0, "items", 0))),
            ListItem([Text("«Қала» көрмесі.")], source=Field("a", ("lists", "x", "items", 0, "items", 1)))])),
        ListItem([Text("Конференция.")], source=Field("a", ("lists", "x", "items", 1, "text")))])],
    "table": [Table(title="Қор", anchor="table-1", source=Field("a", ("tables", "t")),
                    header=[[Cell([Text("№")], rowspan=2, bold=True), Cell([Text("Атауы")], rowspan=2, bold=True),
                             Cell([Text("Саны")], colspan=2, bold=True)],
                            _cells("2020", "2021", bold=True)],
                    body=[[*_cells("1", "Кілем"), *_cells("3", "4", numeric=True)],
                          [*_cells("", "Барлығы", bold=True), *_cells("3", "4", numeric=True, bold=True)]])],
    "signature": [Signature(kind="signature", position="Музей директоры", name="А. Б. Сынақов",
                            line="__________", date="16.01.2023", source=Field("report", ("approval",)))],
}


def _document(blocks) -> Document:
    meta = Meta(title="Сынақ", author="Сынақ музейі", subject="Сынақ", language="kk-KZ", year=2021,
                date="2022-01-20")
    doc = Document(meta=meta, cover=[], body=list(blocks))
    assign_numbers(doc)
    return doc


def _docx_body(doc: Document, path) -> str:
    write_docx(doc, PROFILE, path)
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        notes = package.read("word/footnotes.xml") if "word/footnotes.xml" in package.namelist() else None
    for section in body.findall(f"{W}sectPr"):
        body.remove(section)
    parts = [etree.tostring(body, pretty_print=True, encoding="unicode")]
    if notes is not None:
        parts.append(etree.tostring(etree.fromstring(notes), pretty_print=True, encoding="unicode"))
    return "".join(parts)


def _html_main(doc: Document) -> str:
    html = render_html(doc, PROFILE)
    return re.search(r"<main>.*</main>", html, re.S).group(0) + "\n"


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_each_kind_alone_is_written_as_accepted(name, tmp_path):
    doc = _document(FEATURES[name])
    same_as_golden(f"features/{name}.docx.xml", _docx_body(doc, tmp_path / f"{name}.docx"))
    same_as_golden(f"features/{name}.html", _html_main(doc))
