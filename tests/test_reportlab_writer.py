"""The reportlab PDF engine's own: its archive (PDF/A-3b, untagged), its pages drawn. What every
engine holds is tested on each: tests/test_pdf_writer.py, tests/test_pdf_pages.py."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator.config import load_profile
from generator.writers.registry import Job, writer
from tests.pdf_engines import ATTACHED, Drawn, write_sample
from tests.test_pdf_writer import make_document


def make_pdf(folder: Path, name: str = "report.pdf", profile: str = "default") -> tuple[Path, dict]:
    return write_sample(folder, "reportlab", profile=profile, name=name)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reportlab")
    path, pages = make_pdf(folder)
    return path, pages, make_document(folder)


def test_the_archive_is_pdf_a_3b_with_the_inputs_attached(made):
    with pikepdf.open(made[0]) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert pdf.attachments["2021/report.yaml"].get_file().read_bytes() == b"year: 2021\n"
        assert len(pdf.Root.AF) == 1
        assert all(int(annot.F) == 4 for page in pdf.pages for annot in page.get("/Annots", []))


def test_pdf_a_2_carries_no_attachments(tmp_path):
    folder = tmp_path / "a2"
    folder.mkdir()
    job = Job(make_document(folder), load_profile(), folder, [folder], Drawn(), None, "pdf/a-2u", ATTACHED)
    writer("pdf", "reportlab").start(job).write(folder / "a2.pdf")()
    with pikepdf.open(folder / "a2.pdf") as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2" and not pdf.attachments


def test_rendered_pages_are_not_blank(made, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "2", "-l", "2", str(made[0]), str(tmp_path / "p")],
                   check=True)
    from PIL import Image
    with Image.open(next(tmp_path.glob("p*.png"))) as page:
        assert page.convert("L").getextrema()[0] < 100      # something dark is drawn
