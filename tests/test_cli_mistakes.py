"""The command line run as a user runs it (a subprocess): a mistake is one plain line and exit 1."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.small_inputs import ONE_HALL, PROJECT, write_inputs

#: One hall and a photo not supplied yet: a small report with one warning.
WITH_PHOTO = ONE_HALL + """\
  - photo: {file: photos/missing.jpg, caption: Зал}
"""


def run(*args: str, cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`generate-report ARGS` in ``cwd``, the worktree's code first on the path."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    return subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *args],
                          cwd=cwd, env=environment, capture_output=True, text=True, **kwargs)


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "internal error" not in lines[0] and "Traceback" not in lines[0]
    return lines[0]


@pytest.fixture
def project(tmp_path) -> Path:
    write_inputs(tmp_path / "inputs", 2021, {"halls": WITH_PHOTO})
    return tmp_path


def test_short_help_and_version(tmp_path):
    helped = run("-h", cwd=tmp_path)
    assert helped.returncode == 0 and "build" in helped.stdout and "check" in helped.stdout
    assert run("build", "-h", cwd=tmp_path).stdout.count("--output") == 1
    version = run("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("generate-report ")


def test_unknown_command_names_the_nearest_and_the_list(tmp_path):
    done = run("chek", "2021", cwd=tmp_path)
    line = one_line(done)
    assert done.returncode == 1
    assert "`generate-report check`" in line and "build, check, new" in line


def test_wrong_option_is_one_line_pointing_at_help(project):
    done = run("2021", "--colour", cwd=project)
    assert done.returncode == 1 and "--colour" in one_line(done) and "-h" in one_line(done)


def test_year_without_inputs_suggests_new(project):
    done = run("check", "2030", cwd=project)
    assert done.returncode == 1
    assert "`generate-report new 2030`" in done.stderr


def test_output_naming_a_file_is_a_plain_line(project):
    (project / "afile").write_text("x")
    done = run("2021", "--draft", "--output", str(project / "afile"), cwd=project)
    assert done.returncode == 1 and "afile is a file, not a folder" in one_line(done)
    assert (project / "afile").read_text() == "x"


def test_year_folder_being_a_file_is_a_plain_line(project):
    (project / "out").mkdir()
    (project / "out" / "2021").write_text("x")
    done = run("2021", "--draft", "--output", str(project / "out"), cwd=project)
    assert done.returncode == 1 and "2021 is a file, not a folder" in one_line(done)
    assert os.listdir(project / "out") == ["2021"]


def test_schema_into_a_file_is_a_plain_line(tmp_path):
    (tmp_path / "afile").write_text("x")
    done = run("schema", "--output", str(tmp_path / "afile"), cwd=tmp_path)
    assert done.returncode == 1 and "afile: is a file, not a folder" in one_line(done)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_unwritable_output_is_a_plain_line(project):
    locked = project / "locked"
    locked.mkdir(mode=0o500)
    done = run("2021", "--draft", "--output", str(locked / "out"), cwd=project)
    assert done.returncode == 1 and "cannot be written" in one_line(done)


def test_project_found_from_a_subfolder_as_git_finds_its_repository(project):
    done = run("check", "2021", cwd=project / "inputs" / "2021")
    assert done.returncode == 0, done.stderr
    assert "photos/missing.jpg" in done.stdout


def test_warnings_counted_and_coloured_only_on_a_terminal(project):
    plain = run("check", "2021", cwd=project)
    assert "1 warning about the inputs." in plain.stdout and "\x1b[" not in plain.stdout
    for no_colour, coloured in (("", True), ("1", False)):
        main, other = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "NO_COLOR": no_colour}
        done = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "check", "2021"],
                              cwd=project, env=env, stdout=other, stderr=subprocess.DEVNULL)
        os.close(other)
        shown = os.read(main, 65536).decode("utf-8", "replace")
        os.close(main)
        assert done.returncode == 0 and "warning:" in shown
        assert ("\x1b[" in shown) is coloured


def test_a_folder_without_write_permission_is_named(tmp_path, monkeypatch):
    from generator.outputs import OutputFolderError, usable_folder
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OutputFolderError, match=f"{tmp_path}: this folder cannot be written in"):
        usable_folder(tmp_path / "out" / "2021")
