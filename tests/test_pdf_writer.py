"""The PDF writer: pages, fonts, outline, metadata, text, page numbers, the locked-down fetcher."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont

from generator.config import ASSETS_DIR, FONTS_DIR, load_profile
from generator.doc.model import (
    SVG,
    Document, Heading, ListBlock, Paragraph, RenderedImage, Table, Text, plain_text,
)
from generator.doc.numbering import assign_numbers
from generator.writers.html import render_html
from generator.writers.pdf import (
    PdfResourceError, RefusedURLError, ReportURLFetcher, heading_pages, render_pdf, write_pdf,
)
from tests.helpers import assert_no_connection, no_weasyprint_warnings
from tests.sample_doc import KAZAKH_LETTERS, sample_document

CHART_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="85mm" '
             'viewBox="0 0 160 85"><rect x="0" y="0" width="160" height="85" fill="white" '
             'stroke="black"/><rect x="30" y="40" width="30" height="40" fill="#4472c4"/>'
             '<rect x="100" y="15" width="30" height="65" fill="#ed7d31"/></svg>')
# A 1×1 grey PNG, as a stand-in photo.
PHOTO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c6368000000820081dd43af0000000049454e44ae426082")


@pytest.fixture(autouse=True)
def _no_warnings_in_test():
    with no_weasyprint_warnings():
        yield


def make_document(folder: Path) -> Document:
    """The sample with a drawn chart and a photo, both files under ``folder``."""
    photo = folder / "photo.png"
    photo.write_bytes(PHOTO_PNG)
    doc = sample_document(str(photo))
    assign_numbers(doc)
    svg = folder / "chart.svg"
    svg.write_text(CHART_SVG, encoding="utf-8")
    doc.images["diagram-events"] = RenderedImage({SVG: str(svg)}, 160, 85)
    return doc


class Made:
    """One rendered and written sample, shared by the tests of a profile."""

    def __init__(self, folder: Path, profile_name: str):
        self.doc = make_document(folder)
        with no_weasyprint_warnings():
            self.rendered = render_pdf(render_html(self.doc, load_profile(profile_name)),
                                       allowed_roots=[folder])
            self.path = folder / "report.pdf"
            write_pdf(self.rendered, self.path, self.doc.meta)
        self.reader = pypdf.PdfReader(self.path)
        self.pages_text = [page.extract_text() for page in self.reader.pages]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp("default"), "default")


@pytest.fixture(scope="module")
def made_gost(tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp("gost"), "gost")


def normalise(text: str) -> str:
    """Whitespace only: every run of spaces, no-break spaces and newlines becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def headings(doc: Document) -> list[Heading]:
    return [block for block in doc.body if isinstance(block, Heading)]


# --- pages ----------------------------------------------------------------------------------

def test_the_sample_takes_three_pages(made):
    # cover; contents, text, diagram, lists and the tables' start; the tables' end and the photo
    assert len(made.rendered.pages) == 3
    assert len(made.reader.pages) == 3
    assert all(round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height))
               == 842 for page in made.reader.pages)                               # A4


def test_cover_is_alone_on_page_one_without_a_number(made):
    assert made.pages_text[0].splitlines() == [
        "МӘДЕНИЕТ МИНИСТРЛІГІ", "СЫНАҚ МУЗЕЙІНІҢ 2021 ЖЫЛҒЫ ЕСЕБІ", "Нұр-Сұлтан қ."]


def test_other_pages_are_numbered(made):
    for number, text in enumerate(made.pages_text[1:], start=2):
        assert str(number) in text.splitlines()


def number_heights(reader: pypdf.PdfReader, index: int) -> list[float]:
    """Where page ``index``'s number is printed, as fractions of the page height from the foot."""
    page = reader.pages[index]
    heights = []

    def visit(text, cm, tm, font, size):
        if text.strip() == str(index + 1):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            heights.append(y / float(page.mediabox.height))
    page.extract_text(visitor_text=visit)
    return heights


def test_page_numbers_at_the_top_or_the_bottom(made, made_gost):
    for index in (1, 2):
        assert [h > 0.9 for h in number_heights(made.reader, index)] == [True]
        assert [h < 0.1 for h in number_heights(made_gost.reader, index)] == [True]


# --- fonts ----------------------------------------------------------------------------------

def pdf_fonts(path: Path):
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                for described in font.get("/DescendantFonts", [font]):
                    yield str(described.BaseFont), described.FontDescriptor.keys()


def test_every_font_is_embedded_and_is_the_bundled_liberation_serif(made):
    fonts = list(pdf_fonts(made.path))
    assert fonts
    for name, descriptor_keys in fonts:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor_keys), name
        assert re.fullmatch(r"/[A-Z]{6}\+Liberation-Serif-Bundled(-Bold|-Italic|-Bold-Italic)?",
                            name), name


def test_letters_the_body_font_lacks_come_from_the_bundled_fallback(tmp_path):
    doc = make_document(tmp_path)
    title = "«카자흐스탄제티수지역의고분문화 (Ancient tombs in Zhetisu Kazakhstan)» атты монография"
    doc.body.append(Paragraph([Text(title)]))
    rendered = render_pdf(render_html(doc, load_profile()), allowed_roots=[tmp_path])
    write_pdf(rendered, tmp_path / "hangul.pdf", doc.meta)     # no .notdef warning either
    names = {name for name, _ in pdf_fonts(tmp_path / "hangul.pdf")}
    assert any(name.endswith("+NanumMyeongjo-Bundled") for name in names)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "hangul.pdf").pages)
    assert title in normalise(text)


def test_the_bundled_font_has_every_character_the_sample_prints(made):
    cmap = TTFont(FONTS_DIR / "LiberationSerif-Regular.ttf").getBestCmap()
    printed = set("".join(made.pages_text)) | set(KAZAKH_LETTERS) | {"\u00a0", "\u202f"}
    assert {ch for ch in printed if ch not in "\n" and ord(ch) not in cmap} == set()


# --- outline, metadata ----------------------------------------------------------------------

def test_bookmarks_are_the_headings(made):
    titles = [item.title for item in made.reader.outline]
    assert titles == [h.full_text for h in headings(made.doc)]


def test_metadata_comes_from_meta_with_a_fixed_date(made):
    info = made.reader.metadata
    assert info.title == "Сынақ есебі 2021"
    assert info.author == "Сынақ музейі"
    assert info.subject == "Жылдық есеп"
    assert info["/Keywords"] == "есеп, 2021"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20220120"
    assert made.reader.trailer["/Root"]["/Lang"] == "kk"


def test_same_input_gives_the_same_bytes(made, tmp_path):
    again = tmp_path / "again.pdf"
    write_pdf(made.rendered, again, made.doc.meta)
    assert again.read_bytes() == made.path.read_bytes()


def test_a_pdf_variant_can_be_asked_for(made, tmp_path):
    path = tmp_path / "a3b.pdf"
    write_pdf(made.rendered, path, made.doc.meta, pdf_variant="pdf/a-3b")
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert xmp.pdfa_status == "3B"
        assert str(pdf.Root.Lang) == "kk"


# --- text -----------------------------------------------------------------------------------

def sample_sentences(doc: Document, profile_name: str = "default",
                     tables: bool = True) -> list[str]:
    profile = load_profile(profile_name)
    out = []
    for block in doc.blocks():
        if isinstance(block, Paragraph):
            out.append(plain_text(block.inlines))
        elif isinstance(block, Heading):
            out.append(block.full_text)
        elif isinstance(block, ListBlock):
            for n, item in enumerate(block.items, start=1):
                marker = f"{n})" if block.kind == "numbered" else profile.lists.bullet
                out.append(f"{marker} {plain_text(item.inlines)}")
        elif isinstance(block, Table) and tables:
            out.append(profile.captions.text("table", block.number, block.title))
            out += [plain_text(cell.inlines) for row in block.header + block.body for cell in row]
    return out


def test_text_extracts_letter_for_letter(made):
    text = normalise(" ".join(made.pages_text))
    assert KAZAKH_LETTERS in text
    assert "Ә Ғ Қ Ң Ө Ұ Ү Һ І" in text
    for sentence in sample_sentences(made.doc):
        assert normalise(sentence) in text, sentence
    assert "Диаграмма №1. Іс-шаралар көрсеткіші" in text
    assert "Марапаттау рәсімі" in text


def test_no_break_spaces_survive_extraction(made):
    text = "".join(made.pages_text)
    assert "215\u00a0625 адам" in text
    assert "47\u00a0371" in text


def test_narrow_no_break_space_is_printed_and_extracted(tmp_path):
    doc = make_document(tmp_path)
    doc.body.append(Paragraph([Text("Бекітілді: 2021\u202fж. 11 ақпан.")]))
    rendered = render_pdf(render_html(doc, load_profile()), allowed_roots=[tmp_path])
    write_pdf(rendered, tmp_path / "nnbsp.pdf", doc.meta)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "nnbsp.pdf").pages)
    assert "2021\u202fж. 11 ақпан" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_pdftotext_reads_the_same_sentences(made):
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(made.path), "-"],
                            capture_output=True, check=True)
    text = normalise(result.stdout.decode("utf-8"))
    # Table cells left out: pdftotext's layout guesses drop spaces in narrow cells ("Р/с").
    for sentence in sample_sentences(made.doc, tables=False):
        assert normalise(sentence) in text, sentence


# --- page numbers of headings ---------------------------------------------------------------

def test_heading_pages_of_the_default_profile(made):
    pages = heading_pages(made.rendered)
    assert {h.anchor: pages[h.anchor] for h in headings(made.doc)} == {"s-1-1": 2, "s-1-2": 2}
    assert pages["table-funds"] == 2


def test_heading_pages_of_the_gost_profile(made_gost):
    pages = heading_pages(made_gost.rendered)
    assert {h.anchor: pages[h.anchor] for h in headings(made_gost.doc)} == {"s-1-1": 2,
                                                                           "s-1-2": 3}


@pytest.mark.parametrize("fixture", ["made", "made_gost"])
def test_heading_pages_agree_with_bookmarks_and_contents(fixture, request):
    made = request.getfixturevalue(fixture)
    pages = heading_pages(made.rendered)
    outline = {item.title: made.reader.get_destination_page_number(item) + 1
               for item in made.reader.outline}
    contents = made.pages_text[1]
    for heading in headings(made.doc):
        assert outline[heading.full_text] == pages[heading.anchor]
        assert re.search(re.escape(heading.full_text) + r"[ .]*\.\s*" + str(pages[heading.anchor]),
                         contents)


# --- the URL fetcher ------------------------------------------------------------------------

def test_fetcher_refuses_http_without_connecting(listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/chart.png"
    with pytest.raises(RefusedURLError, match=re.escape(url)):
        ReportURLFetcher().fetch(url)
    assert_no_connection(listener)


def test_rendering_stops_on_an_http_image_without_connecting(listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/chart.png"
    with pytest.raises(PdfResourceError, match=re.escape(url)):
        render_pdf(f'<html><body><img src="{url}" alt="x"></body></html>', allowed_roots=[])
    assert_no_connection(listener)


def test_rendering_stops_on_an_http_stylesheet_and_font(listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/style.css"
    for html in (f'<html><head><link rel="stylesheet" href="{url}"></head></html>',
                 f'<html><head><style>@font-face {{ font-family: X; src: url("{url}") }}'
                 f' p {{ font-family: X }}</style></head><body><p>x</p></body></html>'):
        with pytest.raises(PdfResourceError, match=re.escape(url)):
            render_pdf(html, allowed_roots=[])
    assert_no_connection(listener)


def test_fetcher_refuses_files_outside_the_allowed_roots(tmp_path):
    fetcher = ReportURLFetcher([tmp_path])
    for url in ("file:///etc/passwd", (ASSETS_DIR / ".." / ".." / "etc" / "passwd").as_uri(),
                "file://elsewhere" + str(ASSETS_DIR / "fonts" / "README.md")):
        with pytest.raises(RefusedURLError, match=re.escape(url)):
            fetcher.fetch(url)
    with pytest.raises(PdfResourceError, match="/etc/passwd"):
        render_pdf('<html><body><img src="file:///etc/passwd" alt="x"></body></html>', [tmp_path])


def test_fetcher_resolves_symlinks_before_deciding(tmp_path):
    link = tmp_path / "innocent.png"
    link.symlink_to("/etc/passwd")
    with pytest.raises(RefusedURLError, match="/etc/passwd is outside"):
        ReportURLFetcher([tmp_path]).fetch(link.as_uri())


def test_fetcher_serves_files_under_assets_templates_and_allowed_roots(tmp_path):
    fetcher = ReportURLFetcher([tmp_path])
    font = FONTS_DIR / "LiberationSerif-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read() == font.read_bytes()
    response.close()
    chart = tmp_path / "chart.svg"
    chart.write_text(CHART_SVG, encoding="utf-8")
    response = fetcher.fetch(chart.as_uri())
    assert response.content_type == "image/svg+xml"
    assert response.read() == CHART_SVG.encode("utf-8")
    response.close()
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_a_missing_file_stops_the_rendering(tmp_path):
    doc = make_document(tmp_path)
    Path(doc.images["diagram-events"].forms[SVG]).unlink()
    with pytest.raises(PdfResourceError, match="chart.svg"):
        render_pdf(render_html(doc, load_profile()), allowed_roots=[tmp_path])


def test_photos_outside_the_allowed_roots_are_refused(tmp_path):
    inputs, elsewhere = tmp_path / "inputs", tmp_path / "elsewhere"
    inputs.mkdir()
    elsewhere.mkdir()
    doc = make_document(elsewhere)
    with pytest.raises(PdfResourceError, match="outside"):
        render_pdf(render_html(doc, load_profile()), allowed_roots=[inputs])


def test_a_word_longer_than_the_line_is_broken_not_cut_off(tmp_path):
    """A pasted link of 150 letters without a space stays inside the right margin."""
    doc = make_document(tmp_path)
    long_word = "https://example.kz/" + "мұражай" * 20
    doc.body.insert(0, Paragraph([Text(f"Сілтеме: {long_word} қараңыз.")]))
    profile = load_profile("default")
    rendered = render_pdf(render_html(doc, profile), allowed_roots=[tmp_path])
    right_edge_px = (profile.page.width_mm - profile.page.margin_right_mm) / 25.4 * 96
    boxes = [box for page in rendered.pages for box in page._page_box.descendants()
             if type(box).__name__ == "TextBox" and "мұражай" in box.text]
    assert boxes and len(boxes) > 1                              # the word runs over several lines
    assert all(box.position_x + box.width <= right_edge_px + 0.5 for box in boxes)
