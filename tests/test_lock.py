"""One run at a time per output folder: a second run waits, then says who holds the folder."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.lock import LOCK_NAME, FolderBusy, hold, holder
from tests.small_inputs import ONE_HALL, PROJECT, write_inputs

runner = CliRunner()
ENV = {**os.environ, "PYTHONPATH": str(PROJECT)}


def test_a_second_run_waits_then_names_the_holder(tmp_path):
    with hold(tmp_path, command="generate-report 2021"):
        start = time.monotonic()
        with pytest.raises(FolderBusy) as busy:
            with hold(tmp_path, waiting=0.3):
                pytest.fail("two runs held one folder")
        assert time.monotonic() - start >= 0.3
    assert str(busy.value).startswith(f"{tmp_path}: another run is writing here (process {os.getpid()}, started ")
    assert ": generate-report 2021). Nothing was written. Wait for it to finish" in str(busy.value)


def test_the_lock_file_names_the_holder_and_is_gone_afterwards(tmp_path):
    with hold(tmp_path / "new", command="preview") as path:
        assert path == tmp_path / "new" / LOCK_NAME
        assert holder(tmp_path / "new").startswith(f"process {os.getpid()}, started ")
    assert not path.exists() and holder(tmp_path / "new") == ""
    with hold(tmp_path / "new", waiting=0):
        pass


def test_the_folder_is_freed_when_the_holder_fails(tmp_path):
    with pytest.raises(RuntimeError):
        with hold(tmp_path):
            raise RuntimeError("the build broke")
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_waiting_run_gets_the_folder_when_the_holder_finishes(tmp_path):
    held, order = threading.Event(), []

    def first():
        with hold(tmp_path):
            held.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with hold(tmp_path, waiting=5):
        order.append("second holds")
    thread.join()
    assert order == ["first done", "second holds"]


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path):
    code = ("import sys, time; from generator.lock import hold\n"
            "with hold(sys.argv[1]):\n    print('held', flush=True); time.sleep(60)")
    dead = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=ENV)
    assert dead.stdout.readline() == "held\n"
    os.kill(dead.pid, signal.SIGKILL)
    dead.wait()
    dead.stdout.close()
    assert holder(tmp_path).startswith(f"process {dead.pid}, ")        # left behind by the dead run
    with hold(tmp_path, waiting=0):
        assert holder(tmp_path).startswith(f"process {os.getpid()}, ")


def test_a_build_on_a_held_folder_stops_plainly_and_writes_nothing(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})
    folder = tmp_path / "out" / "2021"
    with hold(folder, command="generate-report preview 2021"):
        result = runner.invoke(app, ["build", "2021", "--inputs", str(root), "--output", str(tmp_path / "out"),
                                     "--format", "docx", "--wait", "0.2"])
        assert sorted(p.name for p in folder.iterdir()) == [LOCK_NAME]
    assert result.exit_code == 1
    said = result.output.splitlines()[-1]
    assert said.startswith(f"{folder}: another run is writing here (process {os.getpid()}, started ")
    assert said.endswith(": generate-report preview 2021). Nothing was written. "
                         "Wait for it to finish and run again, or stop that process first.")


def build(root, out, wait: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from generator.cli import main; main()", "2021",
                             "--inputs", str(root), "--output", str(out), "--wait", wait],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=out.parent)


def finish(run: subprocess.Popen) -> tuple[int, str, str]:
    out, err = run.communicate(timeout=300)
    return run.returncode, out, err


@pytest.mark.slow
@pytest.mark.parametrize("wait", ["0", "0", "30"], ids=["no waiting", "no waiting again", "waiting"])
def test_two_builds_at_once_leave_files_that_belong_together(tmp_path, wait):
    roots = [write_inputs(tmp_path / name, 2021, {"halls": ONE_HALL.replace("ашылды", word)})
             for name, word in (("a", "ашылды"), ("b", "жабылды"))]
    out = tmp_path / "out"
    runs = [build(root, out, wait) for root in roots]
    outcomes = [finish(run) for run in runs]
    won = [code for code, _, _ in outcomes if code == 0]
    assert (won if wait == "0" else len(won) == 2), outcomes      # waiting, both runs write in turn
    for code, _, err in outcomes:
        if code != 0:
            assert code == 1 and len(err.splitlines()) == 1, err
            assert "another run is writing here (process " in err and "Wait for it to finish" in err
    check = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out / "2021",
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "report-2021.docx: OK" in check.stdout and "report-2021.pdf: OK" in check.stdout
    assert sorted(p.name for p in (out / "2021").iterdir()) == ["SHA256SUMS", "report-2021.docx", "report-2021.pdf"]
    assert LOCK_NAME not in (out / "2021" / "SHA256SUMS").read_text(encoding="utf-8")


def test_a_file_system_without_locks_lets_the_run_go_on(tmp_path, monkeypatch):
    import errno
    import fcntl

    def no_locks(fd, how):
        raise OSError(errno.ENOLCK, "No locks available")
    monkeypatch.setattr(fcntl, "flock", no_locks)
    with hold(tmp_path / "out", waiting=0) as path:
        assert "process" in path.read_text(encoding="utf-8")
    assert not path.exists()
