"""Ctrl-C or a failure in the middle of a build leaves the output folder as it was."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.small_inputs import PROJECT, copy_real_inputs


#: Ctrl-C reaches the command as it does at a terminal, also where the tests run in the background
#: (a shell without job control starts background commands with SIGINT ignored, and children inherit it).
AS_AT_A_TERMINAL = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "


def _start(inputs: Path, output: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen([sys.executable, "-c", AS_AT_A_TERMINAL + "from generator.cli import main; main()", "2021",
                             "--inputs", str(inputs), "--output", str(output)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_work_folder(output: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not (output / "2021").is_dir() or not any((output / "2021").glob(".work-*")):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was interrupted"
        time.sleep(0.005)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.6], ids=["while-drawing", "while-laying-out"])
def test_ctrl_c_mid_build_is_one_line_exit_130_and_no_litter(tmp_path, delay):
    inputs = copy_real_inputs(tmp_path)
    output = tmp_path / "output"
    process = _start(inputs, output)
    _wait_for_work_folder(output, process)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["Stopped (Ctrl-C): nothing was written or replaced."]
    assert "Written" not in out
    time.sleep(1.0)                 # a worker still drawing would write now
    assert not output.exists(), sorted(p.name for p in output.rglob("*"))


@pytest.mark.slow
def test_ctrl_c_keeps_an_earlier_report_untouched(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    output = tmp_path / "output"
    (output / "2021").mkdir(parents=True)
    (output / "2021" / "notes.txt").write_text("mine")
    process = _start(inputs, output)
    _wait_for_work_folder(output, process)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    time.sleep(1.0)
    assert process.returncode == 130
    assert sorted(p.name for p in (output / "2021").iterdir()) == ["notes.txt"]


def test_a_failed_build_leaves_no_work_folder_and_no_new_folder(tmp_path, monkeypatch):
    from generator.pipeline import generate
    from tests.small_inputs import ONE_HALL, write_inputs
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})

    def broken(*args, **kwargs):
        raise RuntimeError("the PDF writer broke")
    monkeypatch.setattr("generator.writers.weasy.write_pdf", broken)
    with pytest.raises(RuntimeError, match="broke"):
        generate(inputs, 2021, tmp_path / "output" / "2021", pdf_engine="weasyprint")     # the writer broken
    assert not (tmp_path / "output").exists()


@pytest.mark.slow
def test_a_finished_run_leaves_nothing_in_the_temporary_folder_and_says_everything(tmp_path):
    """The console script ends a good run without freeing its objects one by one (``cli.run``):
    by then WeasyPrint's font files, in the work folder, are gone with it, and the output is flushed."""
    inputs, temporary = copy_real_inputs(tmp_path), tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "TMPDIR": str(temporary)}
    done = subprocess.run([sys.executable, "-c", "from generator.cli import run; run()", "2021", "--inputs",
                           str(inputs), "--output", str(tmp_path / "output")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"Written: {tmp_path / 'output' / '2021' / 'SHA256SUMS'}"
    assert sorted(p.name for p in (tmp_path / "output" / "2021").iterdir()) == \
        ["SHA256SUMS", "report-2021.docx", "report-2021.pdf"]
    assert list(temporary.iterdir()) == []
