"""`review` reads any DOCX safely: hostile and odd files get one plain line and change no file."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator import docxread
from generator.pipeline import generate
from tests import hostile_docx as hostile
from tests.small_inputs import ONE_HALL, PROJECT, write_inputs

runner = CliRunner()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Small inputs and the DOCX they make."""
    root = write_inputs(tmp_path_factory.mktemp("hostile") / "inputs", 2021, {"halls": ONE_HALL})
    out = tmp_path_factory.mktemp("hostile-out")
    docx = generate(root, 2021, out, formats=("docx",)).written[0]
    return root, docx.read_bytes()


def hashes(*folders) -> dict[str, str]:
    """SHA-256 of every file under the folders."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def review_file(made, tmp_path, data: bytes, *extra: str):
    """Run `review` on ``data`` saved as a DOCX; assert no input and not the file itself changed."""
    root, _ = made
    path = tmp_path / "sent" / "report-2021.docx"
    path.parent.mkdir()
    path.write_bytes(data)
    before = hashes(root, path.parent)
    result = runner.invoke(app, ["review", str(path), "--inputs", str(root), *extra])
    assert hashes(root, path.parent) == before
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result


def a_pdf() -> bytes:
    """A real (empty) PDF's bytes."""
    import io

    import pikepdf
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out)
    return out.getvalue()


REFUSED = {
    "an honest inflation bomb": (lambda d: hostile.bomb(d, 1536), "inflate to 1536 MB, over the limit of 512 MB"),
    "a part over the part limit": (lambda d: hostile.bomb(d, 100),
                                   "word/document.xml is 100 MB inflated, over the limit of 4.0 MB for one part"),
    "a bomb whose headers lie": (lambda d: hostile.bomb(d, 1536, declared=1024),
                                 "word/document.xml is damaged (the file was cut short or altered)"),
    "a truncated zip": (lambda d: d[: len(d) // 2], "not a complete ZIP package"),
    "a missing document.xml": (lambda d: hostile.replaced(d, hostile.MAIN, None), "it has no word/document.xml"),
    "duplicated part names": (hostile.duplicated, "two parts named word/document.xml"),
    "wrong content types": (hostile.wrong_types, "declares word/document.xml as application/vnd.openxmlformats-"
                                                 "officedocument.spreadsheetml.sheet.main+xml, not as a Word document"),
    "no content types": (lambda d: hostile.replaced(d, "[Content_Types].xml", None), "it has no [Content_Types].xml"),
    "entities in a DTD": (hostile.entity_laughs, "word/document.xml has a document type declaration (DTD)"),
    "too many parts": (lambda d: hostile.many_parts(d, docxread.MAX_PARTS), "parts, over the limit of 2000"),
    "a renamed PDF": (lambda d: a_pdf(), "it is a PDF, not a Word document"),
    "an old Word file": (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "old Word (.doc)"),
    "a text file": (lambda d: "Есеп\n".encode() * 100, "not a complete ZIP package"),
    "an empty file": (lambda d: b"", "not a complete ZIP package"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_docx_gets_one_plain_line_and_changes_nothing(made, tmp_path, case):
    corrupt, message = REFUSED[case]
    result = review_file(made, tmp_path, corrupt(made[1]))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(str(tmp_path / "sent" / "report-2021.docx") + ": ")
    assert message in lines[0]


def test_a_docx_without_its_source_map_is_still_reviewed(made, tmp_path):
    data = hostile.replaced(made[1], "customXml/report-sources.xml", None)
    result = review_file(made, tmp_path, data)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 changes, 0 comments by reviewers.\n")


def test_another_years_report_is_named_not_compared(made, tmp_path):
    result = review_file(made, tmp_path, hostile.another_year(made[1], 2019), "--year", "2021")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith(
        "this is the report of 2019, not 2021; give --year 2019 or the 2021 report's DOCX.")


def test_another_years_report_is_compared_with_that_years_inputs(made, tmp_path):
    result = review_file(made, tmp_path, hostile.another_year(made[1], 2019))
    assert result.exit_code == 1
    assert "2019" in result.output and "nothing was written" in result.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_docx_saved_by_libreoffice_is_reviewed(made, tmp_path):
    source = tmp_path / "lo-in" / "report-2021.docx"
    source.parent.mkdir()
    source.write_bytes(made[1])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo-out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    result = review_file(made, tmp_path, (tmp_path / "lo-out" / "report-2021.docx").read_bytes())
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 changes, 0 comments by reviewers.\n")


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from generator.docxread import DocxRefused
from generator.review import read_reviewed
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_reviewed(Path(sys.argv[1]))
    said = ""
except DocxRefused as exc:
    said = str(exc)
seconds = time.perf_counter() - start
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps({"seconds": seconds, "kb": grown, "said": said}))
"""


LIES = {"honest headers": None, "headers saying 1 KB": 1024,
        "headers saying just under the limit": docxread.MAX_XML_BYTES - 10}


@pytest.mark.parametrize("declared", LIES.values(), ids=LIES)
def test_an_inflation_bomb_is_refused_fast_and_small(made, tmp_path, declared):
    path = tmp_path / "bomb.docx"
    path.write_bytes(hostile.bomb(made[1], 1536, declared))       # 1.5 GB of word/document.xml
    assert path.stat().st_size < 2 * 2**20
    run = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True,
                         cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)}, timeout=60)
    measured = json.loads(run.stdout)
    print(f"bomb, {declared=}: {measured}")
    assert measured["said"].startswith(f"{path}: ")
    assert measured["seconds"] < 1.0
    assert measured["kb"] < 50 * 1024
