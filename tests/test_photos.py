"""Photos: numbered with the diagrams where the profile says so, embedded no finer than the
profile's resolution in both files, the originals kept in the manifest."""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from generator.charts.upright import print_pixels, upright
from generator.cli import app
from generator.config import load_profile
from generator.doc.model import Diagram, Photo
from generator.doc.numbering import assign_numbers
from generator.writers.docx import write_docx
from generator.writers.html import render_html
from tests.sample_doc import sample_document
from tests.small_inputs import write_inputs

runner = CliRunner()


def photo_file(path, size=(3000, 2000)):
    Image.effect_noise(size, 50).convert("RGB").save(path, "JPEG", quality=85)
    return path


def numbered_sample(tmp_path, profile):
    """The sample document (diagram, tables, photo) with a second photo and diagram after it."""
    doc = sample_document(str(photo_file(tmp_path / "a.jpg", (400, 300))))
    first = next(b for b in doc.body if isinstance(b, Diagram))
    doc.body += [Photo(path=str(tmp_path / "a.jpg"), caption="Екінші", alt="Екінші"),
                 Diagram(title="Соңғы", chart=first.chart, alt="Соңғы")]
    assign_numbers(doc, number_photos=load_profile(profile).photos.numbered)
    return doc


def test_print_pixels_keep_the_shape_and_cap_the_resolution_at_printed_size():
    assert print_pixels((3000, 2000), (140, 95), 300) == (1654, 1102)      # 140 mm at 300 dpi
    assert print_pixels((3000, 3000), (140, 95), 300) == (1122, 1122)      # the height decides
    assert print_pixels((800, 600), (140, 95), 300) == (800, 600)          # coarser already: kept


def test_a_fine_photo_gets_a_scaled_down_copy_with_the_same_bytes_every_time(tmp_path):
    source = photo_file(tmp_path / "big.jpg")
    first = upright(str(source), tmp_path / "one" / "copy", (140, 95), 300)
    second = upright(str(source), tmp_path / "two" / "copy", (140, 95), 300)
    with Image.open(first) as copy:
        assert copy.size == (1654, 1102) and copy.info["dpi"] == pytest.approx((300, 300))
    assert Path(first).read_bytes() == Path(second).read_bytes()
    small = photo_file(tmp_path / "small.jpg", (600, 400))
    assert upright(str(small), tmp_path / "copy", (140, 95), 300) == str(small)


def test_gost_numbers_photos_in_the_diagrams_sequence_in_both_files(tmp_path):
    doc = numbered_sample(tmp_path, "gost")
    figures = [(type(b).__name__, b.number) for b in doc.body if isinstance(b, (Diagram, Photo))]
    assert figures == [("Diagram", 1), ("Photo", 2), ("Photo", 3), ("Diagram", 4)]
    html = render_html_with_charts(doc, "gost", tmp_path)
    assert "<figcaption>Сурет 2 – Марапаттау рәсімі</figcaption>" in html
    write_docx(doc, load_profile("gost"), tmp_path / "g.docx")
    xml = document_xml(tmp_path / "g.docx")
    assert xml.count("SEQ Сурет") == 4                       # one Word sequence for both
    assert "Марапаттау рәсімі" in xml and re.search(r"SEQ Сурет.*?<w:t>2</w:t>.*?Марапаттау", xml, re.S)


def test_the_default_profile_leaves_photos_unnumbered(tmp_path):
    doc = numbered_sample(tmp_path, "default")
    assert [b.number for b in doc.body if isinstance(b, Photo)] == [0, 0]
    assert [b.number for b in doc.body if isinstance(b, Diagram)] == [1, 2]
    html = render_html_with_charts(doc, "default", tmp_path)
    assert "<figcaption>Марапаттау рәсімі</figcaption>" in html
    write_docx(doc, load_profile("default"), tmp_path / "d.docx")
    xml = document_xml(tmp_path / "d.docx")
    assert xml.count("SEQ Диаграмма") == 2


def document_xml(path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode()


def render_html_with_charts(doc, profile, tmp_path) -> str:
    from generator.doc.model import PNG, SVG, RenderedImage
    Image.new("RGB", (640, 340), "white").save(tmp_path / "c.png")
    for block in doc.body:
        if isinstance(block, Diagram):
            doc.images[block.anchor] = RenderedImage({SVG: str(tmp_path / "c.svg"), PNG: str(tmp_path / "c.png")}, 160, 85)
    return render_html(doc, load_profile(profile))


SECTION = "heading: Залдар\ncontent:\n  - text: Мәтін.\n  - photo: {file: photos/hall.jpg, caption: Зал}\n"


@pytest.mark.slow
def test_a_camera_photo_is_embedded_at_300_dpi_in_both_files_and_summed_as_it_was(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": SECTION})
    (root / "2021" / "photos").mkdir()
    original = photo_file(root / "2021" / "photos" / "hall.jpg", (4000, 3000))   # ≈ 725 ppi at 140 mm
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "2021", "--inputs", str(root), "--output", str(out), "--strict"])
    assert result.exit_code == 0, result.output
    expected = print_pixels((4000, 3000), load_profile().photo_box_mm(), 300)       # 95 mm high: 1122
    pdf_sizes = {image.image.size for page in PdfReader(out / "2021" / "report-2021.pdf").pages
                 for image in page.images if image.image.size != (1, 1)}
    assert pdf_sizes == {expected}
    with zipfile.ZipFile(out / "2021" / "report-2021.docx") as docx:
        sizes = [Image.open(io.BytesIO(docx.read(n))).size for n in docx.namelist() if n.startswith("word/media/")]
    assert sizes == [expected]
    assert re.search(rf"^{digest}  \S*2021/photos/hall\.jpg$", (out / "2021" / "SHA256SUMS").read_text(), re.M)
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest
