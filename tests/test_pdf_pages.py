"""What every PDF engine's pages hold beyond the sample's (tests/test_pdf_writer.py): long
tables, footnotes at their page's foot, totals on one line, nothing left hanging at a page's foot."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from generator.config import load_profile
from tests.pdf_engines import engines, write_sample
from tests.test_pdf_writer import bbox, laid_out_lines, make_document


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.mark.parametrize("engine", engines())
def test_a_long_table_repeats_its_header_rows_on_each_page(tmp_path, engine):
    from generator.doc.model import Cell, Table, Text
    doc = make_document(tmp_path)
    rows = [[Cell([Text(f"Жол {n}")]), Cell([Text(str(n))], numeric=True)] for n in range(1, 121)]
    doc.body.append(Table(title="Ұзын кесте", anchor="table-long", number=3,
                          header=[[Cell([Text("Атауы")], bold=True), Cell([Text("Саны")], bold=True)]], body=rows))
    write_sample(tmp_path, engine, doc, name="long.pdf")
    pages = [text for text in page_texts(tmp_path / "long.pdf") if "Жол " in text]
    assert len(pages) >= 3
    assert all("Атауы" in text and "Саны" in text for text in pages)
    continued = " ".join(load_profile().captions.continued(3).split())
    assert [continued in " ".join(text.split()) for text in pages] == [False] + [True] * (len(pages) - 1)


@pytest.mark.parametrize("engine", engines())
def test_a_footnote_is_set_at_the_foot_of_the_page_that_calls_it(tmp_path, engine):
    from generator.doc.model import Footnote, Paragraph, Text
    doc = make_document(tmp_path)
    doc.body.append(Paragraph([Text("Соңғы сөз"), Footnote([Text("Ескертпе мәтіні.")])]))
    write_sample(tmp_path, engine, doc, name="notes.pdf")
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
@pytest.mark.parametrize("engine", engines())
def test_footnotes_stand_inside_the_text_frame_and_their_marks_are_raised_clear(tmp_path, profile, engine):
    from generator.doc.model import Footnote, Paragraph, Text
    doc = make_document(tmp_path)
    words = "Жыл ішінде музей көп іс-шара өткізді, олардың негізгілері төменде аталған. " * 30
    doc.body.append(Paragraph([Text(words), Text("соңы"), Footnote([Text("Ескертпе мәтіні.")]), Text(" ары қарай.")]))
    profile_ = load_profile(profile)
    write_sample(tmp_path, engine, doc, profile=profile, name="notes.pdf")
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


@pytest.mark.parametrize("engine", engines())
def test_a_total_stays_on_one_line_beside_a_wide_column(tmp_path, engine):
    from generator.doc.model import Cell, Table, Text
    doc = make_document(tmp_path)
    long = "Өте ұзын атауы бар музей заты, оның сипаттамасы мен шыққан жері " * 2
    rows = [[Cell([Text(long)]), Cell([Text(long)]), Cell([Text(long)]), Cell([Text("2,1%")], numeric=True)]
            for _ in range(3)]
    rows.append([Cell([Text("Барлығы")], bold=True), Cell([Text("")]), Cell([Text("")]),
                 Cell([Text("100,0\u00a0%")], numeric=True, bold=True)])
    header = [Cell([Text(word)], bold=True) for word in ("Атауы", "Сипаты", "Жері", "%")]
    doc.body.append(Table(title="Сынақ", header=[header], body=rows))
    write_sample(tmp_path, engine, doc, name="total.pdf")
    pages = len(page_texts(tmp_path / "total.pdf"))
    lines = [line for n in range(1, pages + 1) for line in laid_out_lines(tmp_path / "total.pdf", n)]
    assert any(line.startswith("Барлығы") and line.replace("\u00a0", " ").endswith("100,0 %") for line in lines), lines


@pytest.mark.parametrize("engine", engines())
def test_a_lead_in_line_and_a_heading_are_never_left_at_a_pages_foot(tmp_path, engine):
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
    write_sample(tmp_path, engine, doc, name="kept.pdf")
    pages = len(page_texts(tmp_path / "kept.pdf"))
    last_lines = [laid_out_lines(tmp_path / "kept.pdf", n)[-1] for n in range(3, pages)]
    assert len(last_lines) > 4
    assert not [line for line in last_lines if line.startswith(("Кіріспе", "Тақырып"))], last_lines


@pytest.mark.parametrize("profile", ["default", "gost"])
@pytest.mark.parametrize("engine", engines())
def test_a_tables_caption_stands_as_the_profile_aligns_it(tmp_path, profile, engine):
    path, _ = write_sample(tmp_path, engine, profile=profile)
    page = load_profile(profile).page
    left, right = page.margin_left_mm * 72 / 25.4, (page.width_mm - page.margin_right_mm) * 72 / 25.4
    xhtml = bbox(path)
    line = re.search(r'<word xMin="([\d.]+)"[^>]*>Кесте</word>\s*<word [^>]*>№?1\.?</word>(.*?)мәлімет</word>', xhtml, re.S)
    start = float(line[1])
    end = float(re.findall(r'xMax="([\d.]+)"', line[0])[-1])
    if load_profile(profile).captions.table_align == "center":
        assert abs((start + end) / 2 - (left + right) / 2) < 3
    else:
        assert abs(start - left) < 1
