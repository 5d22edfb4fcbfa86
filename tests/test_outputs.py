"""A reviewer's edited report is never overwritten; --force keeps it under a new name."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.outputs import OutputEdited
from generator.pipeline import generate
from tests.small_inputs import ONE_HALL, write_inputs



@pytest.fixture
def made(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})
    out = tmp_path / "out"
    generate(inputs, 2021, out, formats=("docx",))
    return inputs, out


def test_rerun_on_an_unedited_report_just_replaces_it(made):
    inputs, out = made
    result = generate(inputs, 2021, out, formats=("docx",))
    assert result.kept == [] and [p.name for p in result.written] == ["report-2021.docx"]


def test_rerun_on_an_edited_report_stops_and_changes_nothing(made):
    inputs, out = made
    report = out / "report-2021.docx"
    report.write_bytes(report.read_bytes() + b"edited")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OutputEdited) as info:
        generate(inputs, 2021, out, formats=("docx",))
    assert "report-2021.docx changed after the generator wrote it" in str(info.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_force_keeps_the_edited_copy_byte_for_byte(made):
    inputs, out = made
    report = out / "report-2021.docx"
    edited = report.read_bytes() + b"edited"
    report.write_bytes(edited)
    result = generate(inputs, 2021, out, formats=("docx",), force=True)
    [kept] = result.kept
    assert kept.name.startswith("report-2021.edited-") and kept.suffix == ".docx"
    assert kept.read_bytes() == edited
    assert report.read_bytes() != edited
    again = generate(inputs, 2021, out, formats=("docx",))   # the fresh file is known again
    assert again.kept == []


def test_a_report_not_rewritten_this_time_stays_recorded(made):
    inputs, out = made
    generate(inputs, 2021, out, formats=("pdf",))
    generate(inputs, 2021, out, formats=("docx",))
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  report-2021.pdf\n" in sums and "  report-2021.docx\n" in sums
    assert generate(inputs, 2021, out, formats=("pdf",)).kept == []


def test_command_says_plainly_what_to_do(made, tmp_path):
    inputs, _ = made
    runner = CliRunner()
    args = ["build", "2021", "--inputs", str(inputs), "--output", str(tmp_path / "o"), "--format", "docx"]
    assert runner.invoke(app, args).exit_code == 0
    (tmp_path / "o" / "2021" / "report-2021.docx").write_bytes(b"a reviewer saved over it")
    stopped = runner.invoke(app, args)
    assert stopped.exit_code == 1
    assert "changed after the generator wrote it" in stopped.output and "--force" in stopped.output
    assert "Traceback" not in stopped.output
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "Kept the edited file as:" in forced.output
    kept = list((tmp_path / "o" / "2021").glob("report-2021.edited-*.docx"))
    assert [k.read_bytes() for k in kept] == [b"a reviewer saved over it"]
