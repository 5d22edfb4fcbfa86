"""The Typst PDF engine: the reports it makes hold what the WeasyPrint PDF's tests ask (words,
numbering, captions, contents, page numbers, attachments, same bytes) and the PDF/UA-1
checkpoints a machine can check."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image

from generator.config import FONTS_DIR, load_profile
from generator.doc.languages import segments
from generator.doc.model import (
    SVG_TEXT, Diagram, Emphasis, Footnote, Heading, ListBlock, Paragraph, Strong, Table, Text, plain_text,
)
from generator.pipeline import generate, prepare
from generator.writers.registry import Job, writer
from tests.conftest import TOUR
from tests.pdf_checks import (
    element_texts, elements, language_runs, languages_only_in_content, pdf_ua_failures, structure_text, words,
)
from tests.small_inputs import PROJECT, copy_real_inputs
from tests.test_pdf_writer import make_document
from tests.pdf_engines import Drawn, write_sample

pytestmark = pytest.mark.slow


def make_pdf(folder: Path, profile: str = "default", variant: str = "pdf/a-3a") -> tuple[Path, dict]:
    """The sample document written by the Typst engine in ``folder``."""
    return write_sample(folder, "typst", profile=profile, variant=variant)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typst-sample")
    path, pages = make_pdf(folder)
    return path, pages, make_document(folder)


@pytest.fixture(scope="module", params=["default", "gost"])
def tour(request, tour_2022):
    """The tour made by the Typst engine in a profile (once per test run: conftest.py): its PDF
    and its document model."""
    return tour_2022(request.param, "typst") / "report-2022.pdf", prepare(TOUR, 2022, request.param).doc


@pytest.fixture(scope="module")
def report_2021_typst(pdf_2021):
    """The 2021 report made by the Typst engine (once per test run: conftest.py): its inputs, its PDF."""
    return PROJECT / "inputs", pdf_2021("typst")


@pytest.fixture(scope="module")
def report_2021_typst_gost(tmp_path_factory):
    inputs = copy_real_inputs(tmp_path_factory.mktemp("typst-2021-gost"))
    generate(inputs, 2021, inputs.parent / "output" / "2021", formats=("pdf",), profile_name="gost",
             pdf_engine="typst")
    return inputs, inputs.parent / "output" / "2021" / "report-2021.pdf"


#: A section quoting Russian, English and Korean in paragraphs, footnotes and a list.
LANGUAGES = """\
heading: Халықаралық байланыстар
lists:
  partners:
    items:
      - {text: "Государственный исторический музей в Москве", date: 12.03.2021}
      - {text: "The British Museum in London", date: 20.05.2021}
      - {text: "국립중앙박물관 서울", date: 01.09.2021}
content:
  - text: "Музей «Государственный исторический музей открыл новую выставку» атты мақала жариялады^[Статья \\
      опубликована в газете «Казахстанская правда» за март.]."
  - text: "Келесі жылы «The Great Steppe Heritage» көрмесі ашылады^[The exhibition catalogue is printed in \\
      English.]; корей әріптестері «국립중앙박물관 특별전» жобасын ұсынды^[국립중앙박물관 특별전 도록.]."
  - text: "Серіктестер:"
  - list: partners
"""


@pytest.fixture(scope="module")
def languages_typst(tmp_path_factory):
    """A small report with passages in three other languages, made by the Typst engine."""
    from tests.small_inputs import write_inputs
    inputs = write_inputs(tmp_path_factory.mktemp("typst-languages") / "inputs", 2021, {"links": LANGUAGES})
    generate(inputs, 2021, inputs.parent / "out", formats=("pdf",), strict=True, pdf_engine="typst")
    return inputs, inputs.parent / "out" / "report-2021.pdf"


def page_texts(path: Path) -> list[str]:
    return [words(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def test_the_archive_is_pdf_a_3a_and_pdf_ua_1_with_the_inputs_attached(sample):
    with pikepdf.open(sample[0]) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == ("3", "A", "1")
        assert meta["dc:coverage"] == "2021" and meta["xmp:CreateDate"].endswith(("Z", "+00:00"))
        assert meta["xmp:MetadataDate"] == f"{sample[2].meta.date}T00:00:00+00:00"        # the report's, never the clock
        assert pdf.attachments["2021/report.yaml"].get_file().read_bytes() == b"year: 2021\n"
        assert pdf.attachments["2021/report.yaml"].obj.AFRelationship == "/Source"
        assert len(pdf.Root.AF) == 1


def test_pdf_a_2_carries_no_attachments(tmp_path):
    path, _ = make_pdf(tmp_path / "a2", variant="pdf/a-2u")
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2" and not pdf.attachments


# --- PDF/UA-1 checkpoints ---------------------------------------------------------------------

def test_the_pdf_ua_checkpoints_hold(tour):
    assert pdf_ua_failures(tour[0]) == []
    with pikepdf.open(tour[0]) as pdf:
        found = elements(pdf)
        kinds = {str(e.S) for e in found}
        assert pdf.Root.Lang == "kk-KZ"
        assert {"/Note", "/Table", "/L", "/LI", "/Lbl", "/TOC", "/H1", "/Figure", "/TH"} <= kinds
        order = [str(e.S) for e in found]
        assert order.index("/H1") < order.index("/TOC")          # the cover's title is a heading
        items = [e for e in found if e.S == "/LI"]
        assert items and all(e.K[0].S == "/Lbl" for e in items)   # each item's marker is its label
    tables = [b for b in tour[1].body if isinstance(b, Table)]
    lists = [b for b in tour[1].body if isinstance(b, ListBlock)]
    lists += [item.sublist for block in lists for item in block.items if item.sublist]
    assert order.count("/Table") == len(tables) and order.count("/L") == len(lists)   # one each across pages


@pytest.mark.parametrize("case", ["report_2021_typst", "report_2021_typst_gost", "languages_typst"])
def test_no_machine_checkable_pdf_ua_checkpoint_fails(case, request):
    assert pdf_ua_failures(request.getfixturevalue(case)[1]) == []


def test_the_checkpoints_find_what_they_check(report_2021_typst, tmp_path):
    """The checker is not blind: a figure without alt text, a stroke outside any marked content and
    a paragraph that lost one of its MCIDs are each found."""
    path = report_2021_typst[1]
    with pikepdf.open(path) as pdf:
        next(e for e in elements(pdf) if e.S == "/Figure").Alt = pikepdf.String(" ")
        pdf.pages[2].contents_add(pdf.make_stream(b"0 0 m 10 10 l S"), prepend=False)
        paragraph = next(e for e in elements(pdf) if e.S == "/P" and isinstance(e.get("/K"), pikepdf.Array)
                         and len(e.K) > 1 and isinstance(e.K[0], int))
        paragraph.K = pikepdf.Array(list(paragraph.K)[1:])
        pdf.save(tmp_path / "broken.pdf")
    failures = pdf_ua_failures(tmp_path / "broken.pdf")
    assert "13-004: a /Figure without alternative text" in failures
    assert "01-003: page 3: S neither tagged nor an artifact" in failures
    assert any(f.startswith("01-005: page ") for f in failures)


def test_poppler_reads_the_file_without_a_warning(tour):
    """It warned «Suspects object is wrong type (boolean)» at MarkInfo's /Suspects false."""
    for tool in ("pdfinfo", "pdffonts"):
        assert subprocess.run([tool, tour[0]], capture_output=True, text=True, check=True).stderr == ""


def test_the_contents_title_is_the_caption_of_the_contents(tour):
    path, doc = tour
    with pikepdf.open(path) as pdf:
        contents = next(e for e in elements(pdf) if e.S == "/TOC")
        assert contents.K[0].S == "/Caption" and contents.K[0].P.objgen == contents.objgen
    profile = load_profile("gost" if "gost" in str(path) else "default")
    assert words(element_texts(path, "/Caption")[0]) == words(profile.toc.title)


def test_each_list_item_s_marker_is_read_as_its_label(tour):
    path, doc = tour
    profile = load_profile("gost" if "gost" in str(path) else "default")
    labels = {words(text) for text in element_texts(path, "/Lbl")}
    assert profile.lists.numbered_format.replace("%1", "2") in labels
    assert profile.lists.bullet in labels


@pytest.mark.parametrize("case", ["report_2021_typst", "languages_typst"])
def test_each_language_change_is_on_a_structure_element(case, request):
    """2021 quotes Russian, English and Korean: the structure says each passage's language, and no
    marked content says another than its element's."""
    path = request.getfixturevalue(case)[1]
    assert languages_only_in_content(path) == []
    assert {"ru-RU", "en-US", "ko-KR"} <= {language for language, _ in language_runs(path)}


def test_each_passage_in_another_language_is_read_in_its_language(languages_typst):
    """In paragraphs, footnotes and list items alike."""
    inputs, path = languages_typst
    doc = prepare(inputs, 2021).doc
    runs = [(language, words(text)) for language, text in language_runs(path)]
    passages = [(words(piece), tag) for block in doc.body for text in _texts(block)
                for piece, tag in segments(text, doc.meta.language) if tag != doc.meta.language and words(piece)]
    assert {tag for _, tag in passages} == {"ru-RU", "en-US", "ko-KR"} and len(passages) >= 8
    for piece, tag in passages:
        assert any(language == tag and piece in text for language, text in runs), (piece, tag)


def _texts(block) -> list[str]:
    """The texts of a paragraph's or list's words, footnotes included."""
    def spans(inlines):
        for span in inlines:
            if isinstance(span, Text):
                yield span.text
            elif isinstance(span, (Strong, Emphasis, Footnote)):
                yield from spans(span.children)
    if isinstance(block, Paragraph):
        return list(spans(block.inlines))
    if isinstance(block, ListBlock):
        return [t for item in block.items for t in [*spans(item.inlines), *(_texts(item.sublist) if item.sublist else [])]]
    return []


def test_the_charts_words_are_the_text_of_their_figures(tour, tmp_path):
    """Each chart's words are text in the PDF, letter for letter, inside its Figure (whose alt text
    a screen reader reads instead): the words of the SVG Typst was given, in the order drawn."""
    from xml.etree import ElementTree
    from generator.charts.draw import draw_chart
    path, doc = tour
    profile = load_profile("gost" if "gost" in str(path) else "default")
    import typst
    bundled = set(typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                              font_paths=[str(FONTS_DIR)]).families())
    drawn, named = [], set()
    for diagram in (b for b in doc.body if isinstance(b, Diagram)):
        svg = draw_chart(diagram.chart, profile, tmp_path, diagram.anchor, forms=(SVG_TEXT,)).forms[SVG_TEXT]
        texts = list(ElementTree.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text"))
        drawn.append("".join("".join(t.itertext()) for t in texts))
        named |= {family.strip(" '\"") for t in texts for style in re.findall(r"font-family:([^;]+)", t.get("style", ""))
                  for family in style.split(",")}
    assert named and named <= bundled                  # Typst sets the words in the fonts the PDF embeds
    read = [text for text in element_texts(path, "/Figure") if text.strip()]      # photos have none

    def squeezed(text):
        return "".join(text.split())
    assert len(drawn) >= 6 and all(drawn) and [squeezed(t) for t in read] == [squeezed(t) for t in drawn]


def test_the_text_read_in_structure_order_is_the_inputs_words(tour):
    """Each paragraph's and list item's words (and their footnotes'), each table's caption and cells
    come in order."""
    path, doc = tour
    text = words(structure_text(path))
    at = 0
    for block in doc.body:
        for piece in _pieces(block):
            found = text.find(piece, at)
            assert found >= 0, f"not read in order: {piece!r}"
            at = found + len(piece)


def _pieces(block) -> list[str]:
    """What a block reads, in order: a paragraph's or list item's words cut at each footnote, the
    note's words after its call; a table's caption and cells; a heading."""
    if isinstance(block, Paragraph):
        return _inline_pieces(block.inlines)
    if isinstance(block, ListBlock):
        return [p for item in block.items for p in [*_inline_pieces(item.inlines),
                                                    *(_pieces(item.sublist) if item.sublist else [])]]
    if isinstance(block, Table):
        cells = [words(plain_text(cell.inlines)) for row in block.header + block.body for cell in row if cell]
        return [words(block.title), *filter(None, cells)]
    if isinstance(block, Heading) and not block.appendix:
        return [words(block.full_text)]
    return []


def _inline_pieces(inlines) -> list[str]:
    pieces, run = [], []
    for span in inlines:
        if isinstance(span, Footnote):
            pieces += [plain_text(run), plain_text(span.children)]
            run = []
        else:
            run.append(span)
    return [words(p) for p in (*pieces, plain_text(run)) if words(p)]


def test_each_figure_is_read_with_its_caption(tour):
    """The diagrams' and photos' captions, numbered as printed, are the Captions of their figures."""
    from generator.doc.model import Photo
    path, doc = tour
    captions = load_profile("gost" if "gost" in str(path) else "default").captions
    expected = [captions.text("diagram", b.label, b.title) if isinstance(b, Diagram) else
                captions.text("diagram", b.label, b.caption) if b.number else b.caption
                for b in doc.body if isinstance(b, (Diagram, Photo))]
    read = [words(text) for text in element_texts(path, "/Caption")]
    assert len(expected) >= 8 and read[1:] == [words(text) for text in expected]     # the first: the contents'


def test_a_table_continued_shows_the_continuation_words(tour):
    path, doc = tour
    texts = page_texts(path)
    continued = [n for n, text in enumerate(texts) if re.search(r"(?:^|\d )(\d-)?[Кк]естенің жалғасы", text)]
    assert continued, "no page shows the continuation words"
    for n in continued:
        assert "№" not in texts[n].split("жалғасы")[0][-40:]


def test_captions_are_numbered_as_the_profile_says(tour):
    path, doc = tour
    text = words(" ".join(page_texts(path)))
    if "gost" in str(path):
        assert "Кесте 1 – " in text and "Сурет А.1 – " in text and "Кесте А.1 – " in text
    else:
        assert "Кесте №1. " in text and "Диаграмма №1. " in text


def test_the_2021_report_is_the_same_from_another_folder(report_2021_typst, tmp_path):
    inputs = copy_real_inputs(tmp_path)
    generate(inputs, 2021, tmp_path / "elsewhere", formats=("pdf",), pdf_engine="typst")
    assert (tmp_path / "elsewhere" / "report-2021.pdf").read_bytes() == report_2021_typst[1].read_bytes()


def test_bookmarks_are_the_headings_an_appendix_s_too(tour):
    path, doc = tour
    reader = pypdf.PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)
    walk(reader.outline)
    assert titles == [h.full_text for h in doc.body if isinstance(h, Heading)]
    assert any(h.appendix for h in doc.body if isinstance(h, Heading))


def test_a_placeholder_s_alt_text_says_it_is_one(report_2021_typst):
    with pikepdf.open(report_2021_typst[1]) as pdf:
        alts = [str(e.Alt) for e in elements(pdf) if e.S == "/Figure"]
    placeholder = load_profile("default", "kk-KZ").terms.placeholder
    assert sum(alt.startswith(placeholder) for alt in alts) == 3       # 2021 misses three photos


# --- page fill --------------------------------------------------------------------------------

def typst_fill(doc, folder: Path):
    """The Typst engine's page fill of ``doc`` (its charts drawn in ``folder``)."""
    from generator.charts import draw_all
    draw_all(doc, load_profile(), folder, workers=1, forms=(SVG_TEXT,))
    job = Job(doc, load_profile(), folder, [folder], Drawn(), None, "pdf/a-3a", [])
    return writer("pdf", "typst").start(job).fill


def test_a_diagram_that_leaves_a_gap_gets_the_text_after_it_first(tmp_path):
    from tests.test_page_fill import diagram, document, order
    doc = document(diagram())
    names = order(typst_fill(doc, tmp_path).printed(doc))
    assert names.index("Жол 100.") < names.index("Diagram") < len(names) - 2     # before the next heading


def test_two_diagrams_that_leave_a_gap_get_the_text_after_both_first(tmp_path):
    from tests.test_page_fill import order, two_diagrams
    doc = two_diagrams()
    printed = typst_fill(doc, tmp_path).printed(doc)
    names = order(printed)
    assert names.index("Жол 100.") < names.index("Diagram")
    assert [b.anchor for b in printed.body if isinstance(b, Diagram)] == ["diagram-1", "diagram-2"]


def test_a_page_whose_foot_holds_footnotes_is_not_taken_for_a_gap(tmp_path):
    """Eighteen lines with a note each fill the page down to their notes: the diagram that goes
    on leaves less than the profile's share above the notes (measured to the text area's foot,
    the text after it would move ahead)."""
    from tests.test_page_fill import diagram, document, noted_line
    from generator.doc.numbering import assign_numbers
    doc = document(diagram(), before=18)
    doc.body[1:19] = [noted_line(i) for i in range(18)]
    assign_numbers(doc)
    fill = typst_fill(doc, tmp_path)
    assert fill.order == () and fill.page_starts == {0, 19}       # nothing moved; the diagram starts page 3


def test_a_short_table_kept_whole_that_leaves_a_gap_may_split(tmp_path):
    from generator.doc.model import Cell, Text
    from tests.test_page_fill import document
    rows = [[Cell([Text(f"Жол {i}")]), Cell([Text(str(i))], numeric=True)] for i in range(14)]
    table = Table("Кесте", header=[[Cell([Text("Атауы")]), Cell([Text("Саны")])]], body=rows)
    doc = document(table, after=0, before=26)
    split = next(b for b in typst_fill(doc, tmp_path).printed(doc).body if isinstance(b, Table))
    assert split.may_split and not table.may_split


def test_a_photo_that_leaves_a_gap_shrinks_to_stay(tmp_path):
    from generator.doc.model import Photo
    from tests.test_page_fill import LINES_BEFORE, document, order
    original = tmp_path / "hall.jpg"
    Image.effect_noise((2400, 1600), 40).convert("RGB").save(original, "JPEG", quality=80)
    doc = document(Photo(path=str(original), caption="Зал", alt="Зал"))
    fill = typst_fill(doc, tmp_path)
    photo = next(b for b in fill.printed(doc).body if isinstance(b, Photo))
    assert load_profile().photos.min_scale <= photo.scale < 1
    assert order(fill.printed(doc)).index("Photo") == LINES_BEFORE + 1     # nothing moved: it shrank instead


@pytest.mark.parametrize("case", ["report_2021_typst", "report_2021_typst_gost", "languages_typst"])
def test_a_report_read_in_structure_order_is_its_inputs_words(case, request):
    """Reports quoting Russian, English and Korean passages: no two words joined anywhere."""
    inputs, path = request.getfixturevalue(case)
    text = words(structure_text(path))
    at = 0
    for block in prepare(inputs, 2021, "gost" if "gost" in case else None).doc.body:
        for piece in _pieces(block):
            found = text.find(piece, at)
            assert found >= 0, f"not read in order: {piece!r}"
            at = found + len(piece)


def empty_feet(path: Path, profile, dpi: int = 30) -> list[float]:
    """Each page's share of the text height left empty under its lowest ink in the text area (the
    pages drawn at ``dpi``: words, rules, charts and photos alike; the page number in the margin
    left out)."""
    import pypdfium2
    top, foot = (profile.page.margin_top_mm / 25.4 * dpi, (profile.page.height_mm - profile.page.margin_bottom_mm) / 25.4 * dpi)
    shares = []
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        area = image.crop((0, int(top), image.width, int(foot)))
        ink = area.point(lambda v: 255 if v < 200 else 0).getbbox()     # the box of every dark pixel
        shares.append((foot - top - (ink[3] if ink else 0)) / (foot - top))
    document.close()
    return shares


def test_no_page_is_left_more_than_the_profile_s_share_empty(tour):
    """But for the cover, the last page and a page ended on purpose (before an appendix)."""
    path, doc = tour
    assert_pages_filled(path, doc, load_profile("gost" if "gost" in str(path) else "default"))


@pytest.mark.parametrize("case", ["report_2021_typst", "report_2021_typst_gost"])
def test_no_page_of_the_2021_report_is_left_more_than_the_profile_s_share_empty(case, request):
    inputs, path = request.getfixturevalue(case)
    profile = "gost" if "gost" in case else "default"
    assert_pages_filled(path, prepare(inputs, 2021, profile).doc, load_profile(profile))


def assert_pages_filled(path: Path, doc, profile) -> None:
    """Each page's foot no emptier than the profile allows; the ink of a last line ends at its
    baseline, above the foot of its line (``picture_foot_pt`` under it), which the fill measures."""
    from generator.writers.geometry import picture_foot_pt
    texts = page_texts(path)
    appendices = [h.number for h in doc.body if isinstance(h, Heading) and h.appendix]
    shares = empty_feet(path, profile)
    unseen = picture_foot_pt(profile) / (profile.page.text_height_mm * 72 / 25.4)
    for number, share in enumerate(shares[1:-1], start=2):
        ends_on_purpose = any(texts[number].startswith(a) for a in appendices)      # the next page's
        assert ends_on_purpose or share <= profile.page.max_empty_foot + unseen, (number, round(share, 3))


def test_a_draft_shows_a_stand_in_for_a_letter_no_bundled_font_has(tmp_path):
    from tests.small_inputs import write_inputs
    from tests.test_same_bytes import CHINESE
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": CHINESE})
    generate(inputs, 2021, tmp_path / "out", formats=("pdf",), draft=True, pdf_engine="typst")
    pdf = tmp_path / "out" / "report-2021.pdf"
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[0].split("+")[-1].startswith("LiberationSerif") for line in fonts), fonts
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "1 зал ашылды: □□□□□□□" in text and "中" not in text


def test_the_contents_links_are_described_by_their_headings(sample):
    path, pages, doc = sample
    with pikepdf.open(path) as pdf:
        described = [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
    assert described == [h.full_text for h in doc.body if isinstance(h, Heading)]


def test_a_photo_typst_cannot_read_is_a_plain_finding_naming_it(tmp_path):
    """A PNG with a critical chunk nobody knows: the checks of the inputs (Pillow) take it, Typst
    refuses it. The run says which file, in one line, and writes nothing."""
    import struct
    import zlib
    from tests.test_bad_inputs import build
    from tests.small_inputs import write_inputs
    section = "heading: Залдар\ncontent:\n  - text: Мәтін.\n  - photo: {file: photos/hall.png, caption: Зал}\n"
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": section})
    (root / "2021" / "photos").mkdir()
    png = tmp_path / "hall.png"
    Image.effect_noise((300, 200), 40).convert("RGB").save(png)
    chunk = b"ZZZZ" + b"x"                              # an upper-case first letter: critical
    data = png.read_bytes()
    odd = data[:33] + struct.pack(">I", 1) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    (root / "2021" / "photos" / "hall.png").write_bytes(odd)
    result = build(root, tmp_path / "out", "--format", "pdf", "--pdf-engine", "typst")
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if "hall.png" in line)
    assert line.endswith("hall.png: the PDF's engine (Typst) cannot read this photo (failed to decode image): "
                         "open it in an image editor and save it again as JPEG")
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "2021" / "report-2021.pdf").exists()


# --- the structure tree completed (generator.writers.typst.tags), on small made-up files ---------

def _tagged(content: bytes, pages: int = 1):
    """A PDF of ``pages`` pages (the first holding ``content``) with an empty structure tree."""
    pdf = pikepdf.new()
    for n in range(pages):
        pdf.add_blank_page()
        pdf.pages[n].obj.StructParents = n
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    pdf.Root.Lang = pikepdf.String("kk-KZ")
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array()))
    pdf.Root.StructTreeRoot = root
    return pdf, root


def _element(pdf, kind: str, parent, page, kids) -> pikepdf.Dictionary:
    element = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), P=parent,
                                                   Pg=page.obj, K=pikepdf.Array(kids)))
    parent.K.append(element)
    return element


def test_a_passage_marked_in_another_language_becomes_a_span_the_parent_tree_names():
    from generator.writers.typst.tags import complete
    content = (b"/Span <</MCID 0>> BDC BT /F1 12 Tf (a) Tj ET EMC "
               b"/Span <</MCID 1 /Lang (ru-RU)>> BDC BT (b) Tj ET EMC /Span <</MCID 2 /Lang (ru-RU)>> BDC EMC "
               b"/Span <</MCID 3 /Lang (kk-KZ)>> BDC EMC")
    pdf, root = _tagged(content)
    paragraph = _element(pdf, "/P", root, pdf.pages[0], [0, 1, 2, 3])
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True, Suspects=False)
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([paragraph] * 4)])))
    complete(pdf)
    kids = list(paragraph.K)
    assert kids[0] == 0 and kids[2] == 3 and len(kids) == 3               # the report's language stays as it was
    span = kids[1]
    assert (span.S, str(span.Lang), list(span.K), span.P.objgen) == ("/Span", "ru-RU", [1, 2], paragraph.objgen)
    assert [e.objgen for e in root.ParentTree.Nums[1]] == [paragraph.objgen, span.objgen, span.objgen,
                                                           paragraph.objgen]
    assert "/Suspects" not in pdf.Root.MarkInfo and pdf.Root.MarkInfo.Marked is True


def test_in_the_latin_edition_typst_s_kazakh_tag_is_the_document_s_language():
    """Typst writes kk-KZ for kk-Latn-KZ (it takes no script): that is no change of language."""
    from generator.writers.typst.tags import complete
    pdf, root = _tagged(b"/Span <</MCID 0 /Lang (kk-KZ)>> BDC EMC /Span <</MCID 1 /Lang (en-US)>> BDC EMC")
    pdf.Root.Lang = pikepdf.String("kk-Latn-KZ")
    paragraph = _element(pdf, "/P", root, pdf.pages[0], [0, 1])
    paragraph.Lang = pikepdf.String("kk-KZ")
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([paragraph] * 2)])))
    complete(pdf)
    assert str(paragraph.Lang) == "kk-Latn-KZ" and paragraph.K[0] == 0
    assert (paragraph.K[1].S, str(paragraph.K[1].Lang), list(paragraph.K[1].K)) == ("/Span", "en-US", [1])


def test_the_paragraph_before_the_contents_on_its_page_is_its_caption_and_only_that_one():
    from generator.writers.typst.tags import contents_captions
    pdf, root = _tagged(b"", pages=2)
    cover = _element(pdf, "/P", root, pdf.pages[0], [0])
    contents = _element(pdf, "/TOC", root, pdf.pages[1], [])
    _element(pdf, "/TOCI", contents, pdf.pages[1], [0])
    contents_captions(root)
    assert [k.S for k in root.K] == ["/P", "/TOC"] and root.K[0].objgen == cover.objgen      # not a title
    title = _element(pdf, "/P", root, pdf.pages[1], [1])
    root.K = pikepdf.Array([cover, title, contents])
    contents_captions(root)
    assert [k.S for k in root.K] == ["/P", "/TOC"]
    assert contents.K[0].objgen == title.objgen and title.S == "/Caption" and title.P.objgen == contents.objgen
