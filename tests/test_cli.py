"""The command line as the secretary uses it: plain messages, exit codes, nothing half-written."""
from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from generator.cli import _routed, app
from tests.small_inputs import PROJECT, copy_real_inputs

runner = CliRunner()


def test_bare_year_means_build():
    assert _routed(["2021", "--format", "docx"]) == ["build", "2021", "--format", "docx"]
    assert _routed(["--inputs", "x", "2021"]) == ["build", "--inputs", "x", "2021"]
    assert _routed(["check", "2021"]) == ["check", "2021"]


@pytest.fixture(scope="module")
def built_docx(tmp_path_factory):
    """`build 2021 --format docx` of the project's inputs, run once: (its result, the output folder)."""
    out = tmp_path_factory.mktemp("built")
    return runner.invoke(app, ["build", "2021", "--inputs", str(PROJECT / "inputs"), "--output", str(out),
                               "--format", "docx"]), out


def test_build_writes_and_says_where(built_docx):
    result, out = built_docx
    assert result.exit_code == 0, result.output
    assert f"Written: {out / '2021' / 'report-2021.docx'}" in result.output
    assert (out / "2021" / "report-2021.docx").stat().st_size > 10_000


def test_input_mistake_is_one_plain_line_and_exit_1(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    media = inputs / "2021" / "media.yaml"
    media.write_text(media.read_text(encoding="utf-8").replace("facebook_posts: 670", "facebook_posts: many"), encoding="utf-8")
    result = runner.invoke(app, ["build", "2021", "--inputs", str(inputs), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "media.yaml:" in result.output and "figures.facebook_posts: 'many' is not a number" in result.output
    assert "Traceback" not in result.output
    assert "nothing was written" in result.output
    assert not (tmp_path / "out" / "2021" / "report-2021.docx").exists()


def test_unknown_format_is_refused_plainly(tmp_path):
    result = runner.invoke(app, ["build", "2021", "--format", "odt", "--output", str(tmp_path)])
    assert result.exit_code == 1 and "--format" in result.output


def test_missing_year_folder_is_named(tmp_path):
    result = runner.invoke(app, ["check", "2031", "--inputs", str(PROJECT / "inputs")])
    assert result.exit_code == 1
    assert "there are no inputs for 2031" in result.output


def test_console_script_runs_as_installed():
    done = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "--help"],
                          capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0 and "check" in done.stdout


def test_strict_build_stops_on_findings_and_writes_nothing(tmp_path):
    result = runner.invoke(app, ["build", "2021", "--inputs", str(PROJECT / "inputs"),
                                 "--output", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "funds.yaml:5 figures.holdings: total stated 215\u00a0534, its parts add up to 215\u00a0982 (\u2212448)" in result.output
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.pdf"))


def test_build_shows_findings_as_warnings_and_still_writes(built_docx):
    result, _ = built_docx
    assert result.exit_code == 0
    assert "warning: inputs/2021/funds.yaml:5 figures.holdings" in result.output
    notes = result.output.count("warning: ") - 8
    assert f"{notes} warning{'s' if notes != 1 else ''} about the inputs." in result.output
    assert "8 findings in the figures." in result.output


@pytest.mark.parametrize("name, message", [
    ("gost7", "--profile: there is no layout profile 'gost7' in templates/profiles/"),
    ("../profiles/default", "--profile: '../profiles/default' is not a layout profile's name")])
def test_a_wrong_profile_on_the_command_line_is_blamed_on_the_option(name, message, tmp_path):
    result = CliRunner().invoke(app, ["build", "2021", "--profile", name, "--output", str(tmp_path)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "report.yaml" not in result.output.split("--profile")[1]
