"""A footnote stands at the foot of its call's page, in every PDF engine."""
from __future__ import annotations

import pypdf
import pytest

from generator.pipeline import generate
from tests.pdf_engines import engines
from tests.small_inputs import write_inputs

NOTE = "бұл ескертпе бірнеше жолға созылады, себебі онда құжаттың толық атауы мен шыққан жері жазылған"


def section(n: int) -> str:
    texts = "".join(f'  - text: "Музей жыл бойы көрмелер өткізді, олардың негізгілері {"төменде аталған, " * (i % 5)}'
                    f'«{i}-абзац»^[«{i}-ескертпе»: {NOTE}, {NOTE}.]"\n' for i in range(1, n + 1))
    return f"heading: Ескертпелер\ncontent:\n{texts}"


def pages_of(pdf, pattern: str) -> list[int]:
    return [n for n, page in enumerate(pypdf.PdfReader(pdf).pages, start=1)
            if pattern in " ".join(page.extract_text().split())]


@pytest.mark.slow
@pytest.mark.parametrize("engine", engines())
def test_each_note_stands_on_its_calls_page_in_gost(tmp_path, engine):
    root = write_inputs(tmp_path / "inputs", 2021, {"notes": section(16)})
    generate(root, 2021, tmp_path / "out", formats=("pdf",), profile_name="gost", pdf_engine=engine)
    pdf = tmp_path / "out" / "report-2021.pdf"
    placed = {i: (pages_of(pdf, f"«{i}-абзац»"), pages_of(pdf, f"«{i}-ескертпе»")) for i in range(1, 17)}
    assert len(pypdf.PdfReader(pdf).pages) > 3
    assert {i: pages for i, pages in placed.items() if pages[0] != pages[1] or len(pages[0]) != 1} == {}
