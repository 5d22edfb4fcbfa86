"""The archive's PDF: PDF/A-3 with its inputs attached, tagged, the same bytes on every run.

veraPDF is not available here, so the PDF/A rules that can be read from the file are checked
one by one with pikepdf (and fontTools for the fonts): identification, output intent, fonts,
Unicode mapping, structure tree, attached files, file structure.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pypdf
import pytest
from docx import Document as open_docx
from fontTools.ttLib import TTFont
from PIL import Image
from typer.testing import CliRunner

from generator.cli import app
from generator.config import load_profile
from generator.doc.model import Diagram, Heading, ListBlock, Photo, Table
from generator.load.inputs import load_report
from generator.pipeline import Result, generate
from generator.sections import build_document
from tests.pdf_engines import UNTAGGED, engines, limits
from tests.small_inputs import PROJECT, copy_real_inputs, write_inputs
from tests.test_pdf_writer import no_weasyprint_warnings

YEAR = 2021
PHOTO_NAME = "photos/award.jpg"          # named in inputs/2021/summary.yaml
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
#: Standard structure types of ISO 32000-1, 14.8.4: PDF/A level A needs no role map for them.
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
}
STANDARD_BLEND_MODES = {"Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken",
                        "Lighten", "ColorDodge", "ColorBurn", "HardLight", "SoftLight",
                        "Difference", "Exclusion", "Hue", "Saturation", "Color", "Luminosity"}


def photo_bytes() -> bytes:
    """A small real JPEG, so that one photo of the 2021 report is not a placeholder."""
    image = Image.new("RGB", (64, 48))
    image.putdata([(x * 4, y * 5, 128) for y in range(48) for x in range(64)])
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


PHOTO = photo_bytes()


@dataclass
class Run:
    """One `generate` of the 2021 report from a copy of the inputs in a folder of its own."""
    folder: Path
    inputs: Path
    out: Path
    result: Result

    @property
    def pdf(self) -> Path:
        return self.out / f"report-{YEAR}.pdf"

    @property
    def docx(self) -> Path:
        return self.out / f"report-{YEAR}.docx"


def make_run(folder: Path, engine: str) -> Run:
    """`generate-report 2021 --pdf-engine ENGINE` run from ``folder``, as from a project folder of its own."""
    inputs = copy_real_inputs(folder)
    photo = inputs / str(YEAR) / PHOTO_NAME
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(PHOTO)
    with pytest.MonkeyPatch.context() as patch, no_weasyprint_warnings():
        patch.chdir(folder)
        result = generate(Path("inputs"), YEAR, Path("output") / str(YEAR), pdf_engine=engine)
    return Run(folder, inputs, folder / "output" / str(YEAR), result)


#: The archive is PDF/A-3a: the tagged engines' (reportlab writes PDF/A-3b, untagged).
ENGINES = engines(cannot=UNTAGGED)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """The PDF engine of the module's two runs (``first`` and ``second`` are of the same one)."""
    return request.param


@pytest.fixture(scope="module")
def first(tmp_path_factory, engine) -> Run:
    return make_run(tmp_path_factory.mktemp(f"first-{engine}"), engine)


@pytest.fixture(scope="module")
def second(tmp_path_factory, engine) -> Run:
    return make_run(tmp_path_factory.mktemp(f"a-second-run-in-a-longer-folder-name-{engine}"), engine)


@pytest.fixture(scope="module")
def doc():
    """The document model of the 2021 report, for what the PDF must show."""
    report = load_report(PROJECT / "inputs", YEAR)
    document, _ = build_document(report, load_profile(report.info.profile))
    return document


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def xmp_tree(pdf: pikepdf.Pdf) -> ElementTree.Element:
    return ElementTree.fromstring(pdf.Root.Metadata.read_bytes())


def xmp_values(tree: ElementTree.Element, prefix: str, name: str) -> list[str]:
    """A property's value(s), whether an attribute, a simple element or an rdf:Alt/Seq/Bag."""
    qualified = f"{{{NS[prefix]}}}{name}"
    values = [d.attrib[qualified] for d in tree.iter(f"{{{NS['rdf']}}}Description")
              if qualified in d.attrib]
    for element in tree.iter(qualified):
        items = list(element.iter(f"{{{NS['rdf']}}}li"))
        values += [item.text for item in items] if items else [element.text]
    return values


# --- PDF/A identification, metadata, output intent -----------------------------------------------

def test_the_xmp_identifies_pdf_a_3a(first):
    with pikepdf.open(first.pdf) as pdf:
        assert pdf.open_metadata().pdfa_status == "3A"
        tree = xmp_tree(pdf)
        assert xmp_values(tree, "pdfaid", "part") == ["3"]
        assert xmp_values(tree, "pdfaid", "conformance") == ["A"]
        assert "/Filter" not in pdf.Root.Metadata.stream_dict      # readable by packet scanners
        assert pdf.pdf_version == "1.7"


def test_xmp_and_document_info_describe_the_report_alike(first, doc):
    meta = doc.meta
    with pikepdf.open(first.pdf) as pdf:
        tree, info = xmp_tree(pdf), pdf.docinfo
        assert xmp_values(tree, "dc", "title") == [meta.title] == [str(info.Title)]
        assert xmp_values(tree, "dc", "creator") == [meta.author] == [str(info.Author)]
        assert meta.author == "Қазақстан Республикасының Ұлттық музейі"
        assert xmp_values(tree, "dc", "description") == [meta.subject] == [str(info.Subject)]
        keywords = ", ".join(meta.keywords)
        assert xmp_values(tree, "pdf", "Keywords") == [keywords] == [str(info.Keywords)]
        assert xmp_values(tree, "dc", "subject") == meta.keywords == [str(YEAR)]
        assert xmp_values(tree, "dc", "language") == [meta.language] == ["kk-KZ"]
        assert xmp_values(tree, "dc", "coverage") == [str(YEAR)]
        assert [_day(d) for d in xmp_values(tree, "xmp", "CreateDate")] == [meta.date]     # an engine may
        assert [_day(d) for d in xmp_values(tree, "xmp", "ModifyDate")] == [meta.date]     # say its time zone
        assert _day(str(info.CreationDate)) == _day(str(info.ModDate)) == meta.date
        assert xmp_values(tree, "pdf", "Producer") == ([str(info.Producer)] if "/Producer" in info else [])


def test_the_output_intent_is_an_srgb_icc_profile(first):
    with pikepdf.open(first.pdf) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp"                               # an ICC profile
        assert icc[12:16] in (b"mntr", b"prtr") and icc[16:20] == b"RGB "
        assert icc[8] in (2, 4)                                    # ICC version 2 or 4


# --- fonts, text, images -------------------------------------------------------------------------

def walk_content(pdf: pikepdf.Pdf):
    """Every (resources, operands, operator) of the pages' content and their form XObjects."""
    seen: set = set()

    def visit(owner, resources):
        for operands, operator in pikepdf.parse_content_stream(owner):
            yield resources, operands, str(operator)
            if str(operator) == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.Subtype == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    yield from visit(xobject, xobject.get("/Resources", resources))

    for page in pdf.pages:
        yield from visit(page, page.Resources)


def used_codes(pdf: pikepdf.Pdf) -> dict[tuple, tuple]:
    """Font object → (font dictionary, the two-byte codes shown with it)."""
    used: dict[tuple, tuple] = {}
    font = None
    for resources, operands, operator in walk_content(pdf):
        if operator == "Tf":
            font = resources.Font[operands[0]]
            used.setdefault(font.objgen, (font, set()))
        elif operator in ("Tj", "TJ", "'", '"'):
            strings = operands[-1] if operator == "TJ" else [operands[-1]]
            for string in strings:
                if isinstance(string, pikepdf.String):
                    data = bytes(string)
                    used[font.objgen][1].update(int.from_bytes(data[i:i + 2], "big")
                                                for i in range(0, len(data), 2))
    return used


def to_unicode(cmap: bytes) -> dict[int, str]:
    """The code → text map of a ToUnicode CMap (bfchar and bfrange)."""
    text = cmap.decode("latin-1")
    mapping: dict[int, str] = {}

    def decoded(hex_text: str) -> str:
        return bytes.fromhex(hex_text).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = decoded(target)
    ranges = r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)"
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, rest in re.findall(ranges, block):
            low, high = int(low, 16), int(high, 16)
            if rest.startswith("["):
                for offset, target in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    mapping[low + offset] = decoded(target)
            else:
                start = int(rest[1:-1], 16)
                for offset in range(high - low + 1):
                    mapping[low + offset] = decoded(f"{start + offset:04X}")
    return mapping


def widths(w_array) -> dict[int, float]:
    """A CIDFont's /W array as CID → width."""
    out: dict[int, float] = {}
    items, i = list(w_array), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            out.update({first + k: float(w) for k, w in enumerate(items[i + 1])})
            i += 2
        else:
            out.update({cid: float(items[i + 2]) for cid in range(first, int(items[i + 1]) + 1)})
            i += 3
    return out


def test_every_font_is_embedded_with_its_widths_and_a_unicode_map(first):
    # PDF/A-3 6.2.11.4 (embedded), 6.2.11.5 (widths agree with the font program),
    # 6.2.11.3 (CIDToGIDMap), 6.2.11.7 (every shown code maps to Unicode, not to 0/FEFF/FFFE).
    with pikepdf.open(first.pdf) as pdf:
        used = used_codes(pdf)
        assert len(used) >= 3
        for font, codes in used.values():
            assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H", font.BaseFont
            cid_font = font.DescendantFonts[0]
            assert cid_font.Subtype == "/CIDFontType2" and cid_font.CIDToGIDMap == "/Identity"
            program = cid_font.FontDescriptor.FontFile2.read_bytes()
            tt = TTFont(io.BytesIO(program))
            scale, order = 1000 / tt["head"].unitsPerEm, tt.getGlyphOrder()
            for cid, width in widths(cid_font.W).items():
                assert abs(width - tt["hmtx"][order[cid]][0] * scale) <= 1, (font.BaseFont, cid)
            unicode = to_unicode(font.ToUnicode.read_bytes())
            for code in codes:
                assert unicode.get(code), (font.BaseFont, code)
                assert unicode[code] not in ("\x00", "\ufeff", "\ufffe"), (font.BaseFont, code)


def test_images_are_not_interpolated_and_colours_are_rgb_or_gray(first):
    # 6.2.8.1 (no Interpolate true), 6.2.4.3 (device colour only as the output intent's: RGB).
    with pikepdf.open(first.pdf) as pdf:
        images, operators = [], Counter()
        for resources, operands, operator in walk_content(pdf):
            operators[operator] += 1
            if operator == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.Subtype == "/Image":
                    images.append(xobject)
        assert len(images) >= 1
        for image in images:
            for stream in (image, image.get("/SMask")):
                if stream is not None:
                    assert not bool(stream.get("/Interpolate", False))
                    assert stream.ColorSpace in ("/DeviceRGB", "/DeviceGray") or (        # or its ICC profile's
                        stream.ColorSpace[0] == "/ICCBased" and int(stream.ColorSpace[1].N) in (1, 3))
        assert operators["k"] == operators["K"] == 0                  # no DeviceCMYK colour
        for name, state in pdf.pages[0].Resources.get("/ExtGState", {}).items():
            assert str(state.get("/BM", "/Normal"))[1:] in STANDARD_BLEND_MODES, name


def test_photos_are_named_by_their_bytes_not_their_folder(first, engine, request):
    limits(request, engine, cannot={"typst": "Typst names a page's images by its own count; the same bytes "
                                              "from another folder (below) are what the names are for"})
    with pikepdf.open(first.pdf) as pdf:
        names = [str(name) for name in pdf.pages[0].Resources.XObject.keys()
                 if pdf.pages[0].Resources.XObject[name].Subtype == "/Image"]
    assert f"/i{hashlib.sha256(PHOTO).hexdigest()[:32]}0" in names


# --- structure, language, bookmarks --------------------------------------------------------------

def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, depth first."""
    out = []

    def visit(element):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            out.append(element)
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                visit(kid)

    for root in pdf.Root.StructTreeRoot.K:
        visit(root)
    return out


def test_the_pdf_is_tagged_in_kazakh_with_standard_structure_types(first):
    with pikepdf.open(first.pdf) as pdf:
        assert str(pdf.Root.Lang) in ("kk", "kk-KZ")
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        root = pdf.Root.StructTreeRoot
        assert "/ParentTree" in root and root.K[0].S == "/Document"
        kinds = Counter(str(element.S)[1:] for element in structure(pdf))
        mapped = {str(k)[1:]: str(v)[1:] for k, v in root.get("/RoleMap", {}).items()}   # PDF 2.0's Strong, Em…
        assert {mapped.get(kind, kind) for kind in kinds} <= STANDARD_TYPES, set(kinds) - STANDARD_TYPES
        assert set(mapped.values()) <= STANDARD_TYPES
        for page in pdf.pages:
            assert "/StructParents" in page and page.Tabs == "/S"


#: The engines that tag the cover's title as a heading (PDF/UA: the document's title is one).
COVER_HEADING = {"typst"}


def test_headings_are_tagged_at_their_levels(first, doc, engine):
    with pikepdf.open(first.pdf) as pdf:
        kinds = Counter(str(element.S)[1:] for element in structure(pdf))
    levels = Counter(b.level for b in doc.body if isinstance(b, Heading)) + Counter([1] * (engine in COVER_HEADING))
    assert {f"H{h}": n for h, n in levels.items()} == {k: n for k, n in kinds.items() if re.fullmatch(r"H\d", k)}


def attribute(element, name: str):
    """A structure element's attribute ``name``, from its one attribute dictionary or its array of them."""
    found = element.get("/A")
    listed = list(found) if isinstance(found, pikepdf.Array) else [found] if found is not None else []
    return next((a[name] for a in listed if isinstance(a, pikepdf.Dictionary) and name in a), None)


def test_lists_tables_and_figures_are_tagged(first, doc):
    with pikepdf.open(first.pdf) as pdf:
        elements = structure(pdf)
        kinds = Counter(str(element.S)[1:] for element in elements)
        assert kinds["L"] >= sum(isinstance(b, ListBlock) for b in doc.body)
        assert kinds["LI"] == kinds["LBody"] > 0
        tables = [e for e in elements if e.S == "/Table"]
        assert len(tables) >= sum(isinstance(b, Table) for b in doc.body)
        header_cells = [e for e in elements if e.S == "/TH"]
        assert header_cells and all("/ID" in cell for cell in header_cells)
        data_cells = [e for e in elements if e.S == "/TD"]
        assert data_cells and all(len(attribute(cell, "/Headers") or []) > 0 for cell in data_cells)
        named = {str(key) for cell in data_cells for key in attribute(cell, "/Headers")}
        assert named == {str(cell.ID) for cell in header_cells}      # spanned headers too
        figures = [e for e in elements if e.S == "/Figure"]
        pictures = [b for b in doc.body if isinstance(b, (Diagram, Photo))]
        assert len(figures) == len(pictures)
        placeholder = load_profile().terms.placeholder + ": "       # a placeholder may say it is one
        assert sorted(str(f.Alt).removeprefix(placeholder) for f in figures) == sorted(b.alt for b in pictures)
        assert all(str(f.Alt).strip() for f in figures)


def test_bookmarks_are_the_headings_in_order(first, doc):
    def flatten(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth + 1, item.title

    outline = list(flatten(pypdf.PdfReader(first.pdf).outline))
    assert outline == [(b.level, b.full_text) for b in doc.body if isinstance(b, Heading)]


# --- attached inputs -----------------------------------------------------------------------------

def expected_inputs() -> list[str]:
    """This year's files, and the earlier years' files the loader reads (all but report.yaml)."""
    names = []
    for path in sorted((PROJECT / "inputs").glob("*/*.yaml")):
        year = int(path.parent.name)
        if year == YEAR or (year < YEAR and path.name != "report.yaml"):
            names.append(f"{year}/{path.name}")
    return names


def test_the_inputs_are_attached_as_the_pdfs_sources(first, doc):
    with pikepdf.open(first.pdf) as pdf:
        attached = pdf.attachments
        assert sorted(attached) == sorted([*(n.replace("/", "-") for n in expected_inputs()), "photos.sha256"])
        for path in sorted((PROJECT / "inputs" / str(YEAR)).glob("*.yaml")):   # every file of 2021
            assert attached[f"{YEAR}-{path.name}"].get_file().read_bytes() == path.read_bytes()
        date = "D:" + doc.meta.date.replace("-", "") + "000000Z"     # a file's date says its time zone
        catalog_af = [spec.objgen for spec in pdf.Root.AF]
        assert len(catalog_af) == len(set(catalog_af)) == len(attached)
        for name in expected_inputs():
            spec = attached[name.replace("/", "-")]
            data = (PROJECT / "inputs" / name).read_bytes()
            assert spec.get_file().read_bytes() == data, name
            assert spec.obj.AFRelationship == "/Source" and spec.obj.objgen in catalog_af
            assert str(spec.obj.UF) == str(spec.obj.F) == name.replace("/", "-")
            assert name in str(spec.obj.Desc)                      # the folder is in the description
            stream = spec.obj.EF.F
            assert stream.Subtype == "/application/yaml"
            assert bytes(stream.Params.CheckSum) == hashlib.md5(data).digest()
            assert int(stream.Params.Size) == len(data)
            assert str(stream.Params.ModDate) == str(stream.Params.CreationDate) == date
        keys = [str(key) for key in pdf.Root.Names.EmbeddedFiles.Names[::2]]
        assert keys == sorted(keys)                                # a name tree is sorted


def test_the_photos_checksums_are_attached_beside_them(first):
    with pikepdf.open(first.pdf) as pdf:
        spec = pdf.attachments["photos.sha256"]
        assert spec.obj.AFRelationship == "/Supplement"
        assert spec.obj.EF.F.Subtype == "/text/plain"
        lines = spec.get_file().read_bytes().decode("utf-8").splitlines()
    assert lines == [
        f"{hashlib.sha256(PHOTO).hexdigest()}  {YEAR}/photos/award.jpg",
        f"placeholder  {YEAR}/photos/monograph-katartobe.jpg",
        f"placeholder  {YEAR}/photos/monograph-saryarka.jpg",
    ]


# --- file structure ------------------------------------------------------------------------------

def test_the_file_structure_is_clean(first):
    data = first.pdf.read_bytes()
    assert data.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in data[10:14])   # 6.1.2
    with pikepdf.open(first.pdf) as pdf:
        assert pdf.check_pdf_syntax() == [] and pdf.get_warnings() == []
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        ids = list(pdf.trailer.ID)                                # 6.1.3
        assert len(ids) == 2 and all(len(bytes(i)) >= 16 for i in ids)
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.Names
        for page in pdf.pages:
            assert "/AA" not in page
            for annotation in page.get("/Annots", []):
                flags = int(annotation.get("/F", 0))
                assert flags & 4 and not flags & (1 | 2 | 32)      # printed, never hidden
                assert annotation.Subtype == "/Link"


# --- the same bytes every time; no folder in the files ---------------------------------------

def test_two_runs_in_different_folders_give_the_same_bytes(engine, request):
    limits(request, engine, cannot={"typst": "once is enough: the same 2021 report from another folder is "
                                              "test_typst_writer.py's, and the DOCX and sums are WeasyPrint's run's"})
    first, second = request.getfixturevalue("first"), request.getfixturevalue("second")
    assert first.out != second.out and first.inputs != second.inputs
    assert sha256(first.pdf) == sha256(second.pdf)
    assert sha256(first.docx) == sha256(second.docx)
    assert (first.out / "SHA256SUMS").read_bytes() == (second.out / "SHA256SUMS").read_bytes()


def test_no_folder_of_the_run_is_written_into_the_files(first):
    with pikepdf.open(first.pdf) as pdf:
        plain = io.BytesIO()
        pdf.save(plain, qdf=True, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    with pikepdf.open(first.pdf) as pdf:
        for spec in pdf.attachments.values():
            plain.write(spec.get_file().read_bytes())
    with zipfile.ZipFile(first.docx) as docx:
        parts = b"".join(docx.read(name) for name in docx.namelist())
    for where in (plain.getvalue(), parts):
        for leak in (str(first.folder), str(PROJECT), ".work-", "file://"):
            for encoding in ("utf-8", "utf-16-be"):
                assert leak.encode(encoding) not in where, leak


def test_the_docx_properties_equal_the_pdf_metadata(first):
    props = open_docx(first.docx).core_properties
    with pikepdf.open(first.pdf) as pdf:
        tree = xmp_tree(pdf)
    assert [props.title] == xmp_values(tree, "dc", "title")
    assert [props.author] == xmp_values(tree, "dc", "creator")
    assert [props.subject] == xmp_values(tree, "dc", "description")
    assert [props.keywords] == xmp_values(tree, "pdf", "Keywords")
    assert [props.language] == xmp_values(tree, "dc", "language")
    created = [_day(date) for date in xmp_values(tree, "xmp", "CreateDate")]
    assert [props.created.date().isoformat()] == created == [props.modified.date().isoformat()]
    assert props.created.time().isoformat() == "00:00:00"


def test_docx_zip_entries_have_fixed_timestamps(first):
    with zipfile.ZipFile(first.docx) as docx:
        assert {info.date_time for info in docx.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert docx.namelist()[0] == "[Content_Types].xml"


# --- SHA256SUMS ----------------------------------------------------------------------------------

def test_sha256sums_lists_every_output_and_input(first):
    sums = first.out / "SHA256SUMS"
    assert first.result.manifest == sums
    assert sorted(p.name for p in first.out.iterdir()) == sorted(
        ["SHA256SUMS", f"report-{YEAR}.docx", f"report-{YEAR}.pdf"])         # no work folder left
    lines = sums.read_text(encoding="utf-8").splitlines()
    entries = [re.fullmatch(r"([0-9a-f]{64})  (\S.*)", line).groups() for line in lines]
    names = [name for _, name in entries]
    inputs = [f"../../inputs/{name}" for name in [*expected_inputs(), f"{YEAR}/{PHOTO_NAME}"]]
    assert names == [f"report-{YEAR}.docx", f"report-{YEAR}.pdf", *sorted(inputs)]
    for digest, name in entries:
        assert digest == sha256(first.out / name), name


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils' sha256sum is missing")
def test_sha256sum_checks_the_manifest(first):
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=first.out,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# --- small inputs: dates, PDF/A-2, the command line, all or nothing ------------------------------

SECTION = """\
heading: Көрмелер.
figures:
  halls: 2
content:
  - text: "{year} жылы {halls} зал ашылды."
  - photo: {file: photos/hall.jpg, caption: Жаңа зал}
"""
APPROVED_REPORT = """\
year: 2021
organisation: Сынақ музейі
approved: 11.02.2022
cover:
  ministry: [МИНИСТРЛІК]
  title: [СЫНАҚ МУЗЕЙІНІҢ ЕСЕБІ]
  city: Астана қ.
sections: [exhibitions]
"""


def small(tmp_path: Path, report: str | None = None) -> Path:
    files = {"exhibitions": SECTION, **({"report": report} if report else {})}
    return write_inputs(tmp_path / "inputs", YEAR, files)


def dates(out: Path) -> tuple[str, str, str, str]:
    """The day of the PDF's creation date, of the XMP's, of the attachments' and of the DOCX's
    (an engine may write the time of day, midnight, and its zone, UTC)."""
    with pikepdf.open(out / f"report-{YEAR}.pdf") as pdf:
        attached = {str(s.obj.EF.F.Params.ModDate) for s in pdf.attachments.values()}
        assert len(attached) == 1
        pdf_date = str(pdf.docinfo.CreationDate)
        xmp_date = xmp_values(xmp_tree(pdf), "xmp", "CreateDate")[0]
    docx_date = open_docx(out / f"report-{YEAR}.docx").core_properties.created.date().isoformat()
    return _day(pdf_date), _day(xmp_date), _day(attached.pop()), docx_date


def _day(date: str) -> str:
    """2022-02-03 of D:20220203, D:20220203000000Z, 2022-02-03 or 2022-02-03T00:00:00+00:00 (never another time)."""
    found = re.fullmatch(r"(?:D:(\d{4})(\d\d)(\d\d)(?:000000(?:Z|\+00'00'?)?)?|(\d{4})-(\d\d)-(\d\d)(?:T00:00:00(?:Z|\+00:00))?)", date)
    assert found, date
    return "-".join(part for part in found.groups() if part)


@pytest.mark.parametrize("engine", ENGINES)
def test_without_an_approval_date_source_date_epoch_dates_everything(tmp_path, monkeypatch, engine):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1643889600")            # 2022-02-03 12:00 UTC
    with no_weasyprint_warnings():
        generate(small(tmp_path), YEAR, tmp_path / "out", pdf_engine=engine)
    assert dates(tmp_path / "out") == ("2022-02-03",) * 4


@pytest.mark.parametrize("engine", ENGINES)
def test_the_approval_date_wins_over_source_date_epoch(tmp_path, monkeypatch, engine):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1643889600")
    with no_weasyprint_warnings():
        generate(small(tmp_path, APPROVED_REPORT), YEAR, tmp_path / "out", pdf_engine=engine)
    assert dates(tmp_path / "out") == ("2022-02-11",) * 4


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_a_2_carries_no_attached_file(tmp_path, engine):
    with no_weasyprint_warnings():
        result = generate(small(tmp_path), YEAR, tmp_path / "out", pdf_variant="pdf/a-2u", pdf_engine=engine)
    with pikepdf.open(tmp_path / "out" / f"report-{YEAR}.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "2U"
        assert "/AF" not in pdf.Root and "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        kinds = {str(obj.get("/Type")) for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary)}
        assert not kinds & {"/Filespec", "/EmbeddedFile"}
        assert "/StructTreeRoot" in pdf.Root                          # still tagged
    assert f"../inputs/{YEAR}/exhibitions.yaml" in result.manifest.read_text(encoding="utf-8")


def test_the_command_line_passes_the_pdf_variant(tmp_path):
    result = CliRunner().invoke(app, ["build", str(YEAR), "--inputs", str(small(tmp_path)),
                                      "--output", str(tmp_path / "out"), "--pdf-variant", "A-2A"])
    assert result.exit_code == 0, result.output
    assert f"Written: {tmp_path / 'out' / str(YEAR) / 'SHA256SUMS'}" in result.output
    with pikepdf.open(tmp_path / "out" / str(YEAR) / f"report-{YEAR}.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "2A"


def test_an_unknown_pdf_variant_is_refused_plainly(tmp_path):
    result = CliRunner().invoke(app, ["build", str(YEAR), "--inputs", str(small(tmp_path)),
                                      "--output", str(tmp_path / "out"),
                                      "--pdf-variant", "pdf/x-4"])
    assert result.exit_code == 1 and "--pdf-variant" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_failed_manifest_replaces_nothing(tmp_path, monkeypatch):
    inputs, out = small(tmp_path), tmp_path / "out"
    with no_weasyprint_warnings():
        generate(inputs, YEAR, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (inputs / str(YEAR) / "exhibitions.yaml").write_text(SECTION.replace("halls: 2", "halls: 3"),
                                                         encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("generator.manifest.write_sums", broken)
    with pytest.raises(OSError, match="disk full"), no_weasyprint_warnings():
        generate(inputs, YEAR, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


@pytest.mark.parametrize("engine", ENGINES)
def test_inputs_and_outputs_named_by_absolute_paths_give_the_same_bytes(tmp_path, engine):
    made = []
    for name in ("one", "a-longer-second-folder"):
        folder = tmp_path / name
        with no_weasyprint_warnings():
            generate(small(folder), YEAR, folder / "out", pdf_engine=engine)
        made.append(folder / "out")
    for kind in ("pdf", "docx"):
        assert len({sha256(out / f"report-{YEAR}.{kind}") for out in made}) == 1, kind
