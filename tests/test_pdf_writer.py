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
    SVG, SVG_TEXT,
    Document, Heading, ListBlock, Paragraph, RenderedImage, Table, Text, plain_text,
)
from generator.doc.numbering import assign_numbers
from generator.writers.roots import OutsideRoots
from generator.writers.typst import TypstError
from generator.writers.pdf import (
    PdfResourceError, RefusedURLError, ReportURLFetcher, render_pdf,
)
from tests.helpers import assert_no_connection, no_weasyprint_warnings
from tests.pdf_engines import engines, limits, write_sample
from tests.sample_doc import KAZAKH_LETTERS, sample_document

CHART_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="85mm" '
             'viewBox="0 0 160 85"><rect x="0" y="0" width="160" height="85" fill="white" '
             'stroke="black"/><rect x="30" y="40" width="30" height="40" fill="#4472c4"/>'
             '<rect x="100" y="15" width="30" height="65" fill="#ed7d31"/></svg>')
# A 1×1 grey PNG, as a stand-in photo.
PHOTO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c636800000082008177cd72b60000000049454e44ae426082")


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
    doc.images["diagram-events"] = RenderedImage({SVG: str(svg), SVG_TEXT: str(svg)}, 160, 85)   # it has no words
    return doc


class Made:
    """The sample written by one PDF engine in one profile, shared by the tests of that pair."""

    def __init__(self, folder: Path, profile_name: str, engine: str):
        self.engine, self.profile_name = engine, profile_name
        self.doc = make_document(folder)
        self.path, self.pages = write_sample(folder, engine, self.doc, profile_name)
        self.reader = pypdf.PdfReader(self.path)
        self.pages_text = [page.extract_text() for page in self.reader.pages]


@pytest.fixture(scope="module", params=engines())
def engine(request) -> str:
    """The PDF engine of the shared samples (``made`` and ``made_gost`` are of the same one)."""
    return request.param


@pytest.fixture(scope="module")
def made(engine, tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp(f"default-{engine}"), "default", engine)


@pytest.fixture(scope="module")
def made_gost(engine, tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp(f"gost-{engine}"), "gost", engine)


def normalise(text: str) -> str:
    """Whitespace only: every run of spaces, no-break spaces and newlines becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def headings(doc: Document) -> list[Heading]:
    return [block for block in doc.body if isinstance(block, Heading)]


# --- pages ----------------------------------------------------------------------------------

def test_the_sample_takes_three_pages(made):
    # cover; contents, text, diagram, lists and the tables' start; the tables' end and the photo
    assert len(made.reader.pages) == 3
    assert all(round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height))
               == 842 for page in made.reader.pages)                               # A4


def test_cover_is_alone_on_page_one_without_a_number(made):
    assert [line.strip() for line in made.pages_text[0].splitlines()] == [
        "МӘДЕНИЕТ МИНИСТРЛІГІ", "СЫНАҚ МУЗЕЙІНІҢ 2021 ЖЫЛҒЫ ЕСЕБІ", "Нұр-Сұлтан қ."]


def test_other_pages_are_numbered(made):
    for number, text in enumerate(made.pages_text[1:], start=2):
        assert str(number) in text.splitlines()


def test_page_numbers_at_the_top_in_the_default_profile(made):
    for number in (2, 3):
        lines = laid_out_lines(made.path, number)
        assert lines[0] == str(number) and lines[-1] != str(number)


def test_page_numbers_at_the_bottom_in_gost(made_gost):
    for number in (2, 3):
        lines = laid_out_lines(made_gost.path, number)
        assert lines[-1] == str(number) and lines[0] != str(number)


# --- fonts ----------------------------------------------------------------------------------

def pdf_fonts(path: Path):
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                for described in font.get("/DescendantFonts", [font]):
                    yield str(described.BaseFont), described.FontDescriptor.keys()


def bundled(name: str) -> str | None:
    """The bundled font file's name (without -Regular) a PDF font of ``name`` is a subset of:
    WeasyPrint names it by family and style (ABCDEF+Liberation-Serif-Bundled-Bold), reportlab
    and Typst by its PostScript name (ABCDEF+LiberationSerif-Bold)."""
    base = re.fullmatch(r"/[A-Z]{6}\+(.+)", name)
    key = base and base[1].replace("-Bundled", "").replace("-", "")
    return next((p.stem.replace("-Regular", "") for p in FONTS_DIR.glob("*.ttf")
                 if p.stem.replace("-Regular", "").replace("-", "") == key), None)


def test_every_font_is_embedded_and_is_the_bundled_liberation_serif(made):
    fonts = list(pdf_fonts(made.path))
    assert fonts
    for name, descriptor_keys in fonts:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor_keys), name
        assert (bundled(name) or "").startswith("LiberationSerif"), name


@pytest.mark.parametrize("engine", engines())
def test_letters_the_body_font_lacks_come_from_the_bundled_fallback(tmp_path, engine):
    doc = make_document(tmp_path)
    title = "«카자흐스탄제티수지역의고분문화 (Ancient tombs in Zhetisu Kazakhstan)» атты монография"
    doc.body.append(Paragraph([Text(title)]))
    write_sample(tmp_path, engine, doc, name="hangul.pdf")     # no .notdef warning either
    names = {name for name, _ in pdf_fonts(tmp_path / "hangul.pdf")}
    assert "NanumMyeongjo" in {bundled(name) for name in names}
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
    assert info["/CreationDate"] == info["/ModDate"]        # the report's date; a time zone, if any, is UTC
    assert re.fullmatch(r"D:20220120(000000(Z|\+00'00'?)?)?", info["/CreationDate"])
    assert made.reader.trailer["/Root"]["/Lang"] in ("kk", "kk-KZ")


def test_same_input_gives_the_same_bytes_in_another_folder(made, tmp_path):
    again, _ = write_sample(tmp_path / "elsewhere" / "deeper", made.engine, profile=made.profile_name)
    assert again.read_bytes() == made.path.read_bytes()


@pytest.mark.parametrize("engine", engines())
def test_a_pdf_variant_can_be_asked_for(engine, tmp_path):
    path, _ = write_sample(tmp_path, engine, variant="pdf/a-3b")
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert xmp.pdfa_status == "3B"
        assert str(pdf.Root.Lang) in ("kk", "kk-KZ")


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


NBSP_AS_SPACE = {"reportlab": "reportlab draws a no-break space as a plain one: it is extracted as U+0020"}


def test_no_break_spaces_survive_extraction(made, request):
    limits(request, made.engine, gaps=NBSP_AS_SPACE)
    text = "".join(made.pages_text)
    assert "215\u00a0625 адам" in text
    assert "47\u00a0371" in text


@pytest.mark.parametrize("engine", engines(gaps=NBSP_AS_SPACE))
def test_narrow_no_break_space_is_printed_and_extracted(tmp_path, engine):
    doc = make_document(tmp_path)
    doc.body.append(Paragraph([Text("Бекітілді: 2021\u202fж. 11 ақпан.")]))
    write_sample(tmp_path, engine, doc, name="nnbsp.pdf")
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
    pages = made.pages
    assert {h.anchor: pages[h.anchor] for h in headings(made.doc)} == {"s-1-1": 2, "s-1-2": 2}
    assert pages["table-funds"] == 2


def test_heading_pages_of_the_gost_profile(made_gost):
    pages = made_gost.pages
    assert {h.anchor: pages[h.anchor] for h in headings(made_gost.doc)} == {"s-1-1": 2, "s-1-2": 3}


def test_heading_pages_agree_with_bookmarks_and_contents(made, made_gost):
    for made in (made, made_gost):
        assert_heading_pages_agree(made)


def assert_heading_pages_agree(made: Made) -> None:
    pages = made.pages
    outline = {item.title: made.reader.get_destination_page_number(item) + 1
               for item in made.reader.outline}
    contents = laid_out_lines(made.path, 2)
    for heading in headings(made.doc):
        assert outline[heading.full_text] == pages[heading.anchor]
        pattern = re.escape(heading.full_text) + r"[ .]*\.\s*" + str(pages[heading.anchor])
        assert [line for line in contents if re.fullmatch(pattern, line)], contents


def laid_out_lines(path: Path, page: int) -> list[str]:
    """The page's text lines as pdftotext lays them out (the order drawn differs per engine), blank ones left out."""
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


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


@pytest.mark.parametrize("engine", engines(cannot={"reportlab": "it draws charts from their data: it reads no chart file"}))
def test_a_missing_file_stops_the_rendering(tmp_path, engine):
    doc = make_document(tmp_path)
    Path(doc.images["diagram-events"].forms[SVG]).unlink()
    with pytest.raises((PdfResourceError, TypstError), match="chart.svg"):
        write_sample(tmp_path, engine, doc)


@pytest.mark.parametrize("engine", engines())
def test_photos_outside_the_allowed_roots_are_refused(tmp_path, engine):
    inputs, elsewhere = tmp_path / "inputs", tmp_path / "elsewhere"
    inputs.mkdir()
    elsewhere.mkdir()
    doc = make_document(elsewhere)
    with pytest.raises((PdfResourceError, OutsideRoots), match="outside"):
        write_sample(elsewhere, engine, doc, allowed=[inputs])


@pytest.mark.parametrize("engine", engines())
def test_a_word_longer_than_the_line_is_broken_not_cut_off(tmp_path, engine):
    """A pasted link of 150 letters without a space stays inside the right margin."""
    doc = make_document(tmp_path)
    long_word = "https://example.kz/" + "мұражай" * 20
    doc.body.insert(0, Paragraph([Text(f"Сілтеме: {long_word} қараңыз.")]))
    profile = load_profile("default")
    path, _ = write_sample(tmp_path, engine, doc)
    right_edge_pt = (profile.page.width_mm - profile.page.margin_right_mm) / 25.4 * 72
    ends = [float(x) for x, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', bbox(path)) if "мұражай" in word]
    assert ends and len(ends) > 1                                # the word runs over several lines
    assert all(x <= right_edge_pt + 0.5 for x in ends)


def bbox(path: Path) -> str:
    """pdftotext's words with their boxes (points from the page's top left), as XHTML."""
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
