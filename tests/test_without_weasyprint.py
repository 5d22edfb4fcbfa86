"""The whole 2021 report made where neither tagged engine can be imported (WeasyPrint nor Typst):
reportlab makes the PDF, which says the same words as WeasyPrint's, and the DOCX is made all the same."""
from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml

from generator.config import FONTS_DIR
from tests.small_inputs import PROJECT

pytestmark = pytest.mark.slow

BLOCKED = "import sys; sys.modules['weasyprint'] = sys.modules['typst'] = None; from generator.cli import main; main()"


def run(code: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "error", "-c", code, "2021", "--output", str(out), *args],
                          cwd=PROJECT, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("no-weasyprint")
    blocked = run(BLOCKED, folder / "a")
    run(BLOCKED, folder / "b", "--format", "pdf")
    return folder, blocked


def pdf(folder: Path, name: str) -> Path:
    return folder / name / "2021" / "report-2021.pdf"


def words(path: Path) -> collections.Counter:
    """The words of the text, leaders, hyphens and page numbers (one or two digits alone) left out."""
    return words_of("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))   # no dehyphenation


def words_of(text: str) -> collections.Counter:
    found = re.split(r"[\s.\-\u00ad]+", text)
    return collections.Counter(word for word in found if word and not re.fullmatch(r"\d{1,2}", word))


def chart_words(inputs: Path, year: int, profile: str | None = None) -> collections.Counter:
    """The words reportlab's diagrams print as text (WeasyPrint's are drawn in outlines): every
    string of each diagram's drawing."""
    from reportlab.graphics.shapes import String

    from generator.charts.jobs import diagrams
    from generator.pipeline import prepare
    from generator.writers.reportlab.charts import chart

    def strings(node):
        if isinstance(node, String):
            yield node.text
        for child in getattr(node, "contents", []):
            yield from strings(child)
    ready = prepare(inputs, year, profile)
    return words_of("\n".join(t for d in diagrams(ready.doc).values() for t in strings(chart(d.chart, ready.profile, 400))))


def flat(outline: list) -> list:
    return [leaf for item in outline for leaf in (flat(item) if isinstance(item, list) else [item])]


def captions(path: Path) -> list[str]:
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    return re.findall(r"(?:Кесте|Диаграмма) №\d+\.", text)


def test_both_files_are_made_with_one_line_saying_what_is_lost(made):
    from generator.writers.registry import writer
    folder, blocked = made
    assert (folder / "a" / "2021" / "report-2021.docx").stat().st_size > 0
    first = writer("pdf")                    # the default, which cannot load there: named with how to get it
    [line] = [line for line in blocked.stderr.splitlines() if f"{first.engine} cannot load" in line]
    assert "reportlab" in line and "untagged" in line and first.install in line


def test_the_pdf_says_the_same_words_as_weasyprints(made, pdf_2021):
    folder, _ = made
    weasyprint = pdf_2021("weasyprint")      # WeasyPrint's PDF of the same inputs, made once (conftest)
    assert words(pdf(folder, "a")) == words(weasyprint) + chart_words(PROJECT / "inputs", 2021)
    assert captions(pdf(folder, "a")) == captions(weasyprint)
    assert len(captions(pdf(folder, "a"))) >= 3


def test_only_the_bundled_fonts_are_embedded(made):
    bundled = {path.stem.replace("-Regular", "") for path in FONTS_DIR.glob("*.ttf")}
    with pikepdf.open(pdf(made[0], "a")) as doc:
        fonts = [font for page in doc.pages for font in page.Resources.Font.values()]
        assert all("/FontFile2" in font.FontDescriptor for font in fonts)
        assert {str(font.BaseFont).split("+")[-1] for font in fonts} <= bundled


def test_bookmarks_pages_attachments_and_xmp(made):
    path = pdf(made[0], "a")
    reader = pypdf.PdfReader(path)
    titles = [item.title for item in flat(reader.outline)]
    assert len(titles) > 5 and titles[0].startswith("1.1. ")
    assert reader.pages[1].extract_text().split()[0] == "2"
    with pikepdf.open(path) as doc:
        meta = doc.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
        assert "2021-report.yaml" in doc.attachments and "photos.sha256" in doc.attachments


def test_two_runs_write_the_same_bytes(made):
    folder, _ = made
    assert pdf(folder, "a").read_bytes() == pdf(folder, "b").read_bytes()


@pytest.mark.parametrize("profile", ["default", "gost"])
def test_the_tour_says_the_same_words_in_both_engines(tmp_path, tour_2022, profile):
    """Every content kind (footnotes, sub-lists, free and continued tables, appendix, approval,
    signature) comes out of reportlab with WeasyPrint's words, captions and numbering."""
    from generator.pipeline import generate
    tour = PROJECT / "examples" / "tour"
    generate(tour, 2022, tmp_path, formats=("pdf",), profile_name=profile, pdf_engine="reportlab")
    made = {"weasyprint": tour_2022(profile, "weasyprint") / "report-2022.pdf", "reportlab": tmp_path / "report-2022.pdf"}
    # The continuation words and the long table's header words are counted apart: WeasyPrint also
    # sets the words over a table that merely starts a page (its caption's string-set is the page's
    # first), reportlab only over a continued part; and the engines' line heights differ, so the
    # long table may start a page earlier in one of them, its header repeated one time less.
    long_table = yaml.safe_load((tour / "2022" / "tables.yaml").read_text(encoding="utf-8"))["tables"]["acquisitions"]
    heads = [long_table["row_numbers"], *(c["header"] for c in long_table["columns"]),
             *(c.get("group", "") for c in long_table["columns"])]
    repeated = {"Кестенің", "кестенің", "жалғасы", *words_of(" ".join(heads))}
    expected = words(made["weasyprint"]) + chart_words(tour, 2022, profile)
    drawn = words(made["reportlab"])
    assert ({w: n for w, n in drawn.items() if w not in repeated}
            == {w: n for w, n in expected.items() if w not in repeated})
    assert all(drawn[w] and expected[w] for w in words_of(" ".join(heads)))
    assert captions(made["reportlab"]) == captions(made["weasyprint"])
