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


def char_boxes(path: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each character of a page (from 1) with its box (left, bottom, right, top) in points, as
    pdfium reads the file."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(path)
    try:
        text = pdf[page - 1].get_textpage()
        return [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    finally:
        pdf.close()


def _line_of(boxes, words: str):
    """The boxes of the first run of characters spelling ``words``."""
    chars = "".join(c for c, _ in boxes)
    at = chars.index(words)
    return boxes[at:at + len(words)]


@pytest.mark.parametrize("profile", ["default", "gost"])
def test_footnotes_stand_inside_the_text_frame_and_their_marks_are_raised_clear(tmp_path, profile):
    from generator.doc.model import Footnote, Paragraph, Text
    doc = make_document(tmp_path)
    words = "Жыл ішінде музей көп іс-шара өткізді, олардың негізгілері төменде аталған. " * 30
    doc.body.append(Paragraph([Text(words), Text("соңы"), Footnote([Text("Ескертпе мәтіні.")]), Text(" ары қарай.")]))
    profile_ = load_profile(profile)
    job = Job(doc, profile_, tmp_path, [tmp_path], Drawn(), None, None, ())
    writer("pdf", "reportlab").start(job).write(tmp_path / "notes.pdf")()
    pages = len(page_texts(tmp_path / "notes.pdf"))
    page = next(n for n in range(1, pages + 1) if "Ескертпе мәтіні" in "".join(c for c, _ in char_boxes(tmp_path / "notes.pdf", n)))
    boxes = char_boxes(tmp_path / "notes.pdf", page)
    foot = profile_.page.margin_bottom_mm * 72 / 25.4
    note = _line_of(boxes, "Ескертпе")
    assert note[0][1][1] > foot - 0.5          # its line (the baseline of «Е») inside the frame, not in the margin
    called = _line_of(boxes, "соңы")
    mark = boxes[boxes.index(called[-1]) + 1]
    assert mark[0] == "1"
    assert mark[1][1] > called[-1][1][1] + 2                           # raised over the baseline
    assert mark[1][0] >= called[-1][1][2] - 0.5                        # after the word, not over it
    above = [box for c, box in boxes if c.strip() and box[1] > called[-1][1][3]]
    assert mark[1][3] < min(box[1] for box in above)                   # clear of the line above
    before = [(c, box) for c, box in boxes[:boxes.index(note[0])] if c.strip()]
    assert before[-1][0] == "1"                                        # the note's own number
    body = [box for _, box in before[:-1] if box[1] > foot]           # not the page number in the margin
    assert min(box[1] for box in body) > max(box[3] for _, box in note)   # the text stops above the notes


def test_a_total_stays_on_one_line_beside_a_wide_column(tmp_path):
    from generator.doc.model import Cell, Table, Text
    doc = make_document(tmp_path)
    long = "Өте ұзын атауы бар музей заты, оның сипаттамасы мен шыққан жері " * 2
    rows = [[Cell([Text(long)]), Cell([Text(long)]), Cell([Text(long)]), Cell([Text("2,1%")], numeric=True)]
            for _ in range(3)]
    rows.append([Cell([Text("Барлығы")], bold=True), Cell([Text("")]), Cell([Text("")]),
                 Cell([Text("100,0\u00a0%")], numeric=True, bold=True)])
    header = [Cell([Text(word)], bold=True) for word in ("Атауы", "Сипаты", "Жері", "%")]
    doc.body.append(Table(title="Сынақ", header=[header], body=rows))
    job = Job(doc, load_profile(), tmp_path, [tmp_path], Drawn(), None, None, ())
    writer("pdf", "reportlab").start(job).write(tmp_path / "total.pdf")()
    pages = len(page_texts(tmp_path / "total.pdf"))
    lines = [line for n in range(1, pages + 1) for line in laid_out_lines(tmp_path / "total.pdf", n)]
    assert any(line.startswith("Барлығы") and line.replace("\u00a0", " ").endswith("100,0 %") for line in lines), lines


def test_a_lead_in_line_and_a_heading_are_never_left_at_a_pages_foot(tmp_path):
    """Nor a heading before a table kept whole (reportlab keeps a heading with a plain flowable only)."""
    from generator.doc.model import Cell, Heading, ListBlock, ListItem, Paragraph, Table, Text
    doc = make_document(tmp_path)
    filler = "Музей жыл бойы көрмелер мен іс-шаралар өткізді, олардың негізгілері төменде аталған. "
    table = [[Cell([Text("Атауы")], bold=True), Cell([Text("Саны")], bold=True)]]
    for k in range(1, 30):
        doc.body += [Paragraph([Text(filler * (k % 7) + "соңы.")]), Paragraph([Text(f"Кіріспе {k}:")]),
                     ListBlock("numbered", [ListItem([Text("Бірінші тармақ;")]), ListItem([Text("Екінші тармақ.")])]),
                     Heading(level=2, text=f"Тақырып {k}", anchor=f"h-{k}"),
                     Table(title=f"Кесте {k}", header=table, body=[[Cell([Text("Зат")]), Cell([Text("3")])]] * 6)
                     if k % 2 else Paragraph([Text(filler)])]
    job = Job(doc, load_profile(), tmp_path, [tmp_path], Drawn(), None, None, ())
    writer("pdf", "reportlab").start(job).write(tmp_path / "kept.pdf")()
    pages = len(page_texts(tmp_path / "kept.pdf"))
    last_lines = [laid_out_lines(tmp_path / "kept.pdf", n)[-1] for n in range(3, pages)]
    assert len(last_lines) > 4
    assert not [line for line in last_lines if line.startswith(("Кіріспе", "Тақырып"))], last_lines
