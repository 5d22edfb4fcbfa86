"""The same inputs give the same bytes on any machine and in any folder: no path in the files, only
the bundled fonts in the PDF, attachments that any reader can save."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.load.problems import InputErrors
from generator.pipeline import generate
from tests.pdf_engines import engines
from tests.small_inputs import ONE_HALL, PROJECT, write_inputs
from tests.test_pdf_writer import bundled

CHINESE = ONE_HALL.replace('"{halls} зал ашылды"', '"{halls} зал ашылды: 中国国家博物馆"')


def test_a_letter_no_bundled_font_has_stops_a_final_build_with_its_place(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": CHINESE})
    with pytest.raises(InputErrors) as caught:
        generate(inputs, 2021, tmp_path / "out" / "2021", formats=("pdf",))
    first = str(caught.value.problems[0])
    assert "halls.yaml:9 content.0.text: «中» (U+4E2D)" in first, first
    assert "--draft" in str(caught.value.problems[-1])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("engine", engines())
def test_a_draft_shows_a_stand_in_and_embeds_only_the_bundled_fonts(tmp_path, engine):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": CHINESE})
    result = generate(inputs, 2021, tmp_path / "out", formats=("pdf",), draft=True, pdf_engine=engine)
    assert any("«中» (U+4E2D)" in str(w) for w in result.warnings)       # still a finding
    pdf = tmp_path / "out" / "report-2021.pdf"
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(bundled("/ABCDEF+" + line.split()[0].split("+")[-1]) for line in fonts), fonts
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "1 зал ашылды: □□□□□□□" in text and "中" not in text


@pytest.mark.parametrize("engine", engines())
def test_every_attachment_is_saved_by_pdfdetach(tmp_path, engine):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL}, {2020: {"halls": ONE_HALL}})
    generate(inputs, 2021, tmp_path / "out", formats=("pdf",), pdf_engine=engine)
    saved = tmp_path / "saved"
    saved.mkdir()
    done = subprocess.run(["pdfdetach", "-saveall", "-o", str(saved), str(tmp_path / "out" / "report-2021.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in saved.iterdir())
    assert names == ["2020-halls.yaml", "2021-halls.yaml", "2021-report.yaml"]
    assert (saved / "2021-halls.yaml").read_bytes() == (inputs / "2021" / "halls.yaml").read_bytes()
    listed = subprocess.run(["pdfdetach", "-list", str(tmp_path / "out" / "report-2021.pdf")],
                            capture_output=True, text=True, check=True).stdout
    assert "/" not in listed


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_builds_with_inputs_in_different_folders_give_identical_bytes(tmp_path, report_2021):
    """The command line run from another folder on a copy of the inputs, against the report made
    once per test run (conftest.py) in this process from the project's own inputs."""
    folder = tmp_path / "deeper" / "museum-b"
    shutil.copytree(PROJECT / "inputs", folder / "inputs")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "2021",
                           "--inputs", str(folder / "inputs")], cwd=elsewhere, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 0, done.stderr
    made = [report_2021[".pdf"].parent, folder / "output" / "2021"]
    for name in ("report-2021.docx", "report-2021.pdf", "SHA256SUMS"):
        assert _sha(made[0] / name) == _sha(made[1] / name), name
    with zipfile.ZipFile(made[1] / "report-2021.docx") as docx:
        parts = b"".join(docx.read(n) for n in docx.namelist())
    for leak in (str(tmp_path), "museum-b", str(PROJECT)):
        assert leak.encode() not in parts and leak.encode() not in (made[1] / "SHA256SUMS").read_bytes()
