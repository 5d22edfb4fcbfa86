"""Long words in narrow table columns break by their language's rules in every engine (issue 25:
each edition reads right): hyphenation in table cells only, by the document's language."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pyphen
import pytest

from generator.config import load_profile
from generator.doc.model import Cell, Document, Meta, Table, Text
from generator.writers.registry import Job, writer
from tests.test_reportlab_writer import ATTACHED, Drawn

WORD = "достопримечательностями"


def russian_table(language: str = "ru-RU") -> Document:
    """A Russian table of six columns, each cell the long WORD, wider than its column."""
    table = Table(title="Таблица", header=[[Cell([Text(f"Столбец {i}")]) for i in range(6)]],
                  body=[[Cell([Text(WORD)]) for _ in range(6)]], number=1, anchor="table-1")
    meta = Meta(title="Отчёт", author="Музей", subject="Отчёт", language=language, year=2021, date="2022-01-20")
    return Document(meta=meta, cover=[], body=[table])


def _pdf(folder: Path, engine: str, doc: Document) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    job = Job(doc, load_profile("default", doc.meta.language), folder, [folder], Drawn(), None, "pdf/a-3u", ATTACHED)
    output = writer("pdf", engine).start(job)
    output.write(folder / "report.pdf")()
    return subprocess.run(["pdftotext", "-layout", str(folder / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout


def _broken_at(text: str) -> list[str]:
    """The pieces of words that end a line with a hyphen."""
    return re.findall(r"(\w+)[-‐\u00ad](?=\s)", text)


@pytest.mark.parametrize("engine", ["weasyprint", "typst", "reportlab"])
def test_a_long_russian_word_in_a_narrow_column_breaks_at_a_syllable(tmp_path, engine):
    text = _pdf(tmp_path / engine, engine, russian_table())
    syllables = [WORD[:at] for at in pyphen.Pyphen(lang="ru").positions(WORD)]
    broken = _broken_at(text)
    assert broken and all(any(s.endswith(piece) for s in syllables) for piece in broken), (broken, text)
    assert WORD not in text


def test_only_table_cells_are_hyphenated_in_the_docx(tmp_path):
    from generator.writers.docx.writer import write_docx
    path = tmp_path / "report.docx"
    write_docx(russian_table(), load_profile("default", "ru-RU"), path)
    with zipfile.ZipFile(path) as docx:
        settings, styles = docx.read("word/settings.xml").decode(), docx.read("word/styles.xml").decode()
    assert "<w:autoHyphenation/>" in settings and 'w:lang w:val="ru-RU"' in styles
    allowed = re.findall(r'<w:style [^>]*w:styleId="([^"]+)"(?:(?!</w:style>).)*<w:suppressAutoHyphens w:val="0"/>',
                         styles, re.S)
    assert allowed == ["TableText"]
    assert re.search(r'w:styleId="Normal"(?:(?!</w:style>).)*<w:suppressAutoHyphens w:val="1"/>', styles, re.S)
