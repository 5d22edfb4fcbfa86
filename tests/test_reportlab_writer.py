"""The reportlab PDF engine: the sample document's pages, fonts, outline, contents, archive."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest

from generator.config import FONTS_DIR, load_profile
from generator.doc.model import Attachment, Heading
from generator.writers.registry import Job, writer
from tests.helpers import assert_fonts_embedded
from tests.test_pdf_writer import make_document


class Drawn:
    """The pictures of a sample document, drawn already."""
    stand_ins: dict = {}

    def wait(self) -> None:
        pass

    for_layout = wait


ATTACHED = [Attachment("2021/report.yaml", b"year: 2021\n", "application/yaml", "Source", "Report input")]


def make_pdf(folder: Path, name: str = "report.pdf", profile: str = "default") -> tuple[Path, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    job = Job(make_document(folder), load_profile(profile), folder, [folder], Drawn(), None,
              "pdf/a-3a", ATTACHED)
    output = writer("pdf", "reportlab").start(job)
    output.write(folder / name)()
    assert_fonts_embedded(folder / name)
    return folder / name, output.pages


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reportlab")
    path, pages = make_pdf(folder)
    return path, pages, make_document(folder)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def laid_out_lines(path: Path, page: int) -> list[str]:
    """The page's text lines as pdftotext lays them out, blank ones left out."""
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_only_bundled_fonts_are_embedded(made):
    with pikepdf.open(made[0]) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        names = {str(font.BaseFont).split("+")[-1] for font in fonts}
        assert all("/FontFile2" in font.FontDescriptor for font in fonts)
    bundled = {path.stem.replace("-Regular", "") for path in FONTS_DIR.glob("*.ttf")}
    assert names and names <= bundled


def test_headings_captions_and_kazakh_letters_are_extractable(made):
    text = "\n".join(page_texts(made[0]))
    for words in ("1.1. Жаңа залдардың ашылуы", "Кесте №1. Музей заттары туралы мәлімет",
                  "Диаграмма №1. Іс-шаралар көрсеткіші", "1) «Ұлық Ұлыс» залы", "Ә Ғ Қ Ң Ө Ұ Ү Һ І"):
        assert words in " ".join(text.split())


def test_the_outline_holds_every_heading_on_its_page(made):
    path, pages, doc = made
    headings = [b for b in doc.body if isinstance(b, Heading)]
    reader = pypdf.PdfReader(path)
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert outline == [(h.full_text, pages[h.anchor]) for h in headings]


def test_contents_lines_end_with_the_heading_pages(made):
    path, pages, doc = made
    lines = laid_out_lines(path, 2)
    for heading in (b for b in doc.body if isinstance(b, Heading)):
        line = next(line for line in lines if line.startswith(heading.full_text))
        assert line.split()[-1] == str(pages[heading.anchor]) and "....." in line


def test_page_numbers_start_on_page_two(made):
    texts = page_texts(made[0])
    assert len(texts) >= 2
    assert texts[0].split()[0] != "1"
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[0] == str(number)      # the number centred in the top margin


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


def test_same_document_same_bytes(made, tmp_path):
    again, _ = make_pdf(tmp_path / "again")
    assert again.read_bytes() == made[0].read_bytes()


def test_gost_profile_puts_page_numbers_at_the_bottom(tmp_path):
    path, _ = make_pdf(tmp_path, profile="gost")
    lines = laid_out_lines(path, 2)
    assert lines[-1] == "2" and lines[0] != "2"


def test_rendered_pages_are_not_blank(made, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "2", "-l", "2", str(made[0]), str(tmp_path / "p")],
                   check=True)
    from PIL import Image
    with Image.open(next(tmp_path.glob("p*.png"))) as page:
        assert page.convert("L").getextrema()[0] < 100      # something dark is drawn


def test_a_long_table_repeats_its_header_rows_on_each_page(tmp_path):
    from generator.doc.model import Cell, Table, Text
    doc = make_document(tmp_path)
    rows = [[Cell([Text(f"Жол {n}")]), Cell([Text(str(n))], numeric=True)] for n in range(1, 121)]
    doc.body.append(Table(title="Ұзын кесте", anchor="table-long", number=3,
                          header=[[Cell([Text("Атауы")], bold=True), Cell([Text("Саны")], bold=True)]], body=rows))
    job = Job(doc, load_profile(), tmp_path, [tmp_path], Drawn(), None, None, ())
    writer("pdf", "reportlab").start(job).write(tmp_path / "long.pdf")()
    pages = [text for text in page_texts(tmp_path / "long.pdf") if "Жол " in text]
    assert len(pages) >= 3
    assert all("Атауы" in text and "Саны" in text for text in pages)
    continued = " ".join(load_profile().captions.continued(3).split())
    assert [continued in " ".join(text.split()) for text in pages] == [False] + [True] * (len(pages) - 1)


def test_a_footnote_is_set_at_the_foot_of_the_page_that_calls_it(tmp_path):
    from generator.doc.model import Footnote, Paragraph, Text
    doc = make_document(tmp_path)
    doc.body.append(Paragraph([Text("Соңғы сөз"), Footnote([Text("Ескертпе мәтіні.")])]))
    job = Job(doc, load_profile(), tmp_path, [tmp_path], Drawn(), None, None, ())
    writer("pdf", "reportlab").start(job).write(tmp_path / "notes.pdf")()
    lines = laid_out_lines(tmp_path / "notes.pdf", len(page_texts(tmp_path / "notes.pdf")))
    called = next(i for i, line in enumerate(lines) if line.startswith("Соңғы сөз"))
    assert lines[-1].endswith("Ескертпе мәтіні.") and called < len(lines) - 1
