"""Faults (issue 22): Ctrl-C and kill -9 at any moment leave the archive whole, old or new, and nothing running.

The campaign at the end stops builds at random moments (a fixed seed); FAULT_CAMPAIGN=<n> makes
it stop n builds (n/2 by SIGINT, n/2 by SIGKILL) and print its counts.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from functools import partial
from pathlib import Path

import pytest

from generator import interrupt
from generator.lock import LOCK_NAME
from generator.charts.workers import Workers
from generator.manifest import SUMS_NAME
from generator import pipeline
from generator.replacement import JOURNAL_NAME, recover
from tests.small_inputs import PROJECT, copy_real_inputs, write_inputs

#: The PDF engine these builds use, named: three tests break WeasyPrint's own drawing, and the
#: builds killed part-way run in a forked copy of this process, where Typst cannot run once it
#: ran here (its threads are not forked: the copy waits for them for ever).
ENGINE = "weasyprint"
generate = partial(pipeline.generate, pdf_engine=ENGINE)
AS_AT_A_TERMINAL = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
CONSOLE = "from generator.console import run; run()"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT)}
FUNDS = """\
heading: Қор
figures:
  holdings:
    value: {value}
    parts:
      - {{id: main, label: Негізгі қор, value: {main}}}
      - {{id: aux, label: Көмекші қор, value: 50000}}
diagrams:
  chart: {{title: Қор, figure: holdings, kind: bar}}
content:
  - text: Қор {{funds.holdings}}.
  - diagram: chart
"""
PAST = {2020: {"funds": "figures:\n  holdings:\n    value: 160000\n    parts:\n"
                        "      - {id: main, label: Негізгі қор, value: 115000}\n"
                        "      - {id: aux, label: Көмекші қор, value: 45000}\n"}}


@pytest.fixture(autouse=True)
def sigint_as_python_sets_it():
    """Each test starts and ends with Python's own Ctrl-C handler and no Ctrl-C remembered."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    interrupt.forget()
    yield
    interrupt.forget()
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _funds(tmp_path: Path, value: int = 170000) -> Path:
    return write_inputs(tmp_path / "inputs", 2021, {"funds": FUNDS.format(value=value, main=value - 50000)}, PAST)


def _files(folder: Path) -> dict[str, bytes]:
    """The files of ``folder`` (a killed holder's lock file aside: the next run takes it over)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != LOCK_NAME}


def _sums_hold(folder: Path, reports_only: bool = False) -> bool:
    """``sha256sum -c SHA256SUMS`` passes (``reports_only``: on the reports' lines, not the inputs')."""
    lines = (folder / SUMS_NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not reports_only or "/" not in line]
    return subprocess.run(["sha256sum", "--quiet", "-c", "-"], cwd=folder, input="".join(lines).encode(),
                          capture_output=True).returncode == 0


# --- Ctrl-C a library swallows; a chart half painted -----------------------------------------------

def test_a_ctrl_c_a_library_swallows_is_noticed_and_nothing_is_replaced(tmp_path, monkeypatch):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out)
    before = _files(out)
    from generator.writers import weasy
    write_pdf = weasy.write_pdf

    def swallowing(*args, **kwargs):            # as WeasyPrint's SVGImage.draw does
        write_pdf(*args, **kwargs)
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        except BaseException:                   # noqa: BLE001
            pass
    monkeypatch.setattr(weasy, "write_pdf", swallowing)
    inputs = _funds(tmp_path, 180000)
    with pytest.raises(KeyboardInterrupt):
        generate(inputs, 2021, out)
    assert _files(out) == before and not list(out.glob(".work-*"))


def test_a_chart_that_fails_while_painted_stops_the_pdf(tmp_path, monkeypatch):
    """WeasyPrint catches BaseException around an SVG's painting and leaves the chart without bars."""
    import weasyprint.svg

    def broken(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(weasyprint.svg.SVG, "draw", broken)
    with pytest.raises(KeyboardInterrupt):
        generate(_funds(tmp_path), 2021, tmp_path / "out", formats=("pdf",))
    assert not (tmp_path / "out").exists()


def test_a_pdf_with_a_chart_not_painted_replaces_nothing(tmp_path, monkeypatch):
    from generator.writers import pdf
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out)
    before = _files(out)
    monkeypatch.setattr(pdf._DrawnLater, "draw", lambda *args: None)      # a chart left out, no error said
    with pytest.raises(pdf.PdfIncomplete, match=r"the charts .*diagram-1\.svg were not painted"):
        generate(_funds(tmp_path, 180000), 2021, out)
    assert _files(out) == before


# --- the set replaced in one step --------------------------------------------------------------

def _killed_at(step: int, inputs: Path, output: Path, formats: tuple[str, ...] = ("docx", "pdf")) -> int:
    """Build in a forked copy of this process that dies as kill -9 would (nothing cleaned up) just
    before its ``step``-th change of ``output`` (a rename, link or removal there); its exit code."""
    output, done = output.resolve(), [0]

    def dying(real):
        def call(*paths, **kwargs):
            if any(Path(p).parent == output and Path(p).name != LOCK_NAME for p in paths):
                done[0] += 1
                if done[0] == step:
                    os._exit(9)
            return real(*paths, **kwargs)
        return call
    pid = os.fork()                             # Linux and macOS: CI's machines
    if pid == 0:                                # the copy: never back into pytest
        code = 1
        try:
            os.replace, os.link, os.unlink = dying(os.replace), dying(os.link), dying(os.unlink)
            generate(inputs, 2021, output, formats=formats, workers=Workers(0))     # all in the copy
            code = 0
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


#: The changes of the folder a build of the DOCX and the PDF makes: the links kept for a roll-back
#: (DOCX, PDF, sums), the journal, the renames (DOCX, PDF, sums), the journal's removal.
BETWEEN_THE_RENAMES = 6


def test_a_run_killed_between_the_renames_is_completed_by_the_next_run(tmp_path):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out)
    old = _files(out)
    _funds(tmp_path, 180000)
    assert _killed_at(BETWEEN_THE_RENAMES, inputs, out) == 9
    assert (out / JOURNAL_NAME).is_file() and not _sums_hold(out)      # half replaced: the journal says so
    said = recover(out)
    assert said == f"{out}: a run was stopped while replacing report-2021.docx, report-2021.pdf, SHA256SUMS; " \
                   "the replacement was completed now."
    assert _sums_hold(out) and not (out / JOURNAL_NAME).exists() and not list(out.glob(".work-*"))
    new = _files(out)
    assert all(new[name] != old[name] for name in old)                  # the whole new set


def test_the_next_run_after_a_half_replacement_takes_no_report_for_an_edit(tmp_path):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out, formats=("docx",), workers=Workers(0))
    _funds(tmp_path, 180000)
    assert _killed_at(5, inputs, out, formats=("docx",)) == 9      # the DOCX renamed, the sums not yet
    _funds(tmp_path, 170000)
    result = generate(inputs, 2021, out, formats=("docx",), workers=Workers(0))     # not OutputEdited
    assert result.notices == [f"{out}: a run was stopped while replacing report-2021.docx, SHA256SUMS; "
                              "the replacement was completed now."]
    assert result.kept == [] and _sums_hold(out)


def test_a_ctrl_c_during_the_renames_waits_for_the_whole_set_and_says_so(tmp_path, monkeypatch):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out)
    old = _files(out)
    _funds(tmp_path, 180000)
    real = os.replace

    def replace(source, target):
        if Path(target).name.startswith("report-"):
            os.kill(os.getpid(), signal.SIGINT)
        return real(source, target)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        generate(inputs, 2021, out)
    new = _files(out)
    assert _sums_hold(out) and all(new[name] != old[name] for name in old)
    assert interrupt.said() == f"Stopped (Ctrl-C) once the reports were replaced: the new ones are complete in {out}."


def test_a_ctrl_c_after_the_replacement_says_the_new_set_is_there(tmp_path, monkeypatch):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    from generator import outputs
    rmtree = outputs.shutil.rmtree

    def interrupted(*args, **kwargs):       # the work folder removed: the run's last step
        os.kill(os.getpid(), signal.SIGINT)
        rmtree(*args, **kwargs)
    monkeypatch.setattr(outputs.shutil, "rmtree", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(inputs, 2021, out, formats=("docx",))
    assert _sums_hold(out)
    assert interrupt.said() == f"Stopped (Ctrl-C) once the reports were replaced: the new ones are complete in {out}."


def test_an_edited_report_is_kept_aside_only_when_the_set_is_replaced(tmp_path, monkeypatch):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out, formats=("docx",))
    (out / "report-2021.docx").write_bytes(b"a reviewer's edit")
    from generator.writers import registry

    def broken(*args, **kwargs):
        raise RuntimeError("the DOCX writer broke")
    monkeypatch.setattr(registry, "plan", broken)
    with pytest.raises(RuntimeError):
        generate(inputs, 2021, out, formats=("docx",), force=True)
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "report-2021.docx"]   # as it was
    monkeypatch.undo()
    result = generate(inputs, 2021, out, formats=("docx",), force=True)
    [kept] = result.kept
    assert kept.read_bytes() == b"a reviewer's edit" and _sums_hold(out)


@pytest.mark.slow
def test_killed_before_each_step_of_the_replacement_the_folder_holds_one_whole_set(tmp_path):
    """Each change of the output folder (the links kept for a roll-back, the journal, each
    rename, the journal's removal) is where a run is killed once; the next run's ``recover``."""
    inputs, runs = _funds(tmp_path), tmp_path / "runs"
    generate(inputs, 2021, runs / "old", formats=("docx",), workers=Workers(0))
    _funds(tmp_path, 180000)
    generate(inputs, 2021, runs / "new", formats=("docx",), workers=Workers(0))
    sets = {(runs / name / SUMS_NAME).read_text(encoding="utf-8"): name for name in ("old", "new")}
    found = []
    for step in range(1, 8):
        folder = runs / f"step-{step}"
        shutil.copytree(runs / "old", folder)
        code = _killed_at(step, inputs, folder, formats=("docx",))
        said = recover(folder)
        found.append((code, sets.get((folder / SUMS_NAME).read_text(encoding="utf-8")),
                      _sums_hold(folder, reports_only=True), said is not None))
        left = sorted(p.name for p in folder.iterdir() if p.name != LOCK_NAME)     # a dead holder's: taken over
        assert left == ["SHA256SUMS", "report-2021.docx"]
    assert found == [(9, "old", True, True)] * 3 + [(9, "new", True, True)] * 3 + [(0, "new", True, False)]


def test_a_half_replacement_whose_new_files_are_damaged_is_rolled_back(tmp_path):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    generate(inputs, 2021, out, formats=("docx",), workers=Workers(0))
    old = _files(out)
    _funds(tmp_path, 180000)
    assert _killed_at(5, inputs, out, formats=("docx",)) == 9
    [staged] = out.glob(".work-*/SHA256SUMS")            # the DOCX renamed, the sums not yet
    staged.write_text("damaged")
    assert recover(out) == f"{out}: a run was stopped while replacing report-2021.docx, SHA256SUMS and its new " \
                           "files are damaged; the earlier ones were put back."
    assert _files(out) == old and not list(out.glob(".work-*"))


# --- nothing outlives a run ----------------------------------------------------------------------

def test_a_dead_runs_work_folder_is_removed_by_the_next_run(tmp_path):
    inputs, out = _funds(tmp_path), tmp_path / "out"
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = out / f".work-{dead.pid}-0123abcd"
    (left / "charts").mkdir(parents=True)
    (left / "charts" / "chart.svg").write_text("<svg/>")
    mine = out / f".work-{os.getpid()}-0123abcd"       # a live run's: kept
    mine.mkdir()
    result = generate(inputs, 2021, out, formats=("docx",))
    assert not left.exists() and mine.is_dir()
    assert result.notices == [f"{out}: removed what 1 stopped run left (.work-… folders)."]


def test_a_killed_previews_temporary_folder_is_removed(tmp_path):
    from generator.preview import PREFIX
    from generator.replacement import remove_dead_work
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f"{PREFIX}{dead.pid}-k2_x9abc").mkdir()
    (tmp_path / f"{PREFIX}{os.getpid()}-k2_x9abc").mkdir()
    (tmp_path / f"{PREFIX}someone-else").mkdir()
    assert remove_dead_work(tmp_path, PREFIX) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{PREFIX}{os.getpid()}-k2_x9abc", f"{PREFIX}someone-else"]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_while_the_charts_are_drawn_leaves_no_worker_and_the_next_run_cleans_up(tmp_path):
    inputs, output = copy_real_inputs(tmp_path), tmp_path / "output"
    process = _build(inputs, output)
    deadline = time.monotonic() + 120
    while not list(output.glob("2021/.work-*/*/charts/*.svg")):      # each edition draws in its own folder
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    workers = _children(process.pid)
    process.kill()
    process.communicate(timeout=60)
    assert workers
    time.sleep(2)
    assert [pid for pid in workers if _running(pid)] == []
    [work] = output.glob("2021/.work-*")
    drawn = sorted(p.name for p in work.rglob("*"))
    time.sleep(1)
    assert sorted(p.name for p in work.rglob("*")) == drawn          # nothing writes there any more
    again = _build(inputs, output)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"{output / '2021'}: removed what 1 stopped run left (.work-… folders)." in err.splitlines()
    assert not list(output.glob("2021/.work-*"))


def test_the_console_script_is_the_light_entry_point():
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["generate-report"] == "generator.console:run"


@pytest.mark.parametrize("delay", [0.02, 0.05, 0.2])
def test_ctrl_c_while_the_command_line_loads_is_one_line_and_130(tmp_path, delay):
    """From the entry point's first line on: Python's own start-up and the import of the console
    module itself (a few milliseconds, before any of its code runs) are out of its reach."""
    started = tmp_path / "started"
    process = subprocess.Popen([sys.executable, "-c", AS_AT_A_TERMINAL + "import os; " +
                                f"os.close(os.open({str(started)!r}, os.O_CREAT)); " + CONSOLE, "2021",
                                "--inputs", str(_funds(tmp_path)), "--output", str(tmp_path / "out")],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not started.exists():
        assert process.poll() is None
        time.sleep(0.002)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err.strip().splitlines()) == (130, [interrupt.NOTHING_WRITTEN])
    assert "Written" not in out


# --- the campaign: kill -9 and Ctrl-C at random moments of a real build ---------------------------

def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _build(inputs: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", AS_AT_A_TERMINAL + CONSOLE, "2021", "--inputs", str(inputs), "--output", str(output)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _city(inputs: Path, city: str) -> None:
    path = inputs / "2021" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("city: Нұр-Сұлтан қ.", f"city: {city}").replace("city: Астана қ.", f"city: {city}"),
                    encoding="utf-8")


ENDS_WITHIN = 30      # seconds a stopped build may take to end and close its output


class Campaign:
    """Builds of the real inputs stopped at random moments; what each left, counted."""

    def __init__(self, tmp_path: Path):
        self.inputs, self.output = copy_real_inputs(tmp_path), tmp_path / "output"
        self.folder = self.output / "2021"
        self.sets, self.counts, self.problems, self.took = {}, {}, [], float("inf")
        for city in ("Нұр-Сұлтан қ.", "Астана қ."):          # the two sets, and how long a build takes
            _city(self.inputs, city)
            start = time.monotonic()
            done = _build(self.inputs, self.output)
            done.communicate(timeout=300)
            self.took = min(self.took, time.monotonic() - start)
            self.sets[city] = (self.folder / SUMS_NAME).read_text(encoding="utf-8")

    def stop_one(self, how: signal.Signals, delay: float) -> None:
        """A build of the set the folder does not hold, stopped by ``how`` after ``delay`` seconds."""
        now = (self.folder / SUMS_NAME).read_text(encoding="utf-8")
        self.city = next(city for city, sums in self.sets.items() if sums != now)
        _city(self.inputs, self.city)
        process = _build(self.inputs, self.output)
        time.sleep(delay)
        workers = _children(process.pid)
        process.send_signal(how)
        try:
            out, err = process.communicate(timeout=ENDS_WITHIN)
        except subprocess.TimeoutExpired:       # it, or a worker holding its output open, runs on
            self.problems.append(f"{how.name}: the run's output was still open after {ENDS_WITHIN} s")
            self._count(f"output still open after {ENDS_WITHIN} s")
            self._count("workers left running", sum(map(_running, workers)))
            for pid in [process.pid, *filter(_running, workers)]:
                os.kill(pid, signal.SIGKILL)
            process.communicate()
        else:
            self._look_at_the_end(how, process.returncode, out, err)
        deadline = time.monotonic() + 5
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self._count("workers left running", sum(map(_running, workers)))
        self._look_at_the_folder()

    def _look_at_the_end(self, how, code: int, out: str, err: str) -> None:
        if code == 0:
            self._count("finished before the signal")
            return
        if how == signal.SIGINT:
            lines = err.strip().splitlines()
            if code != 130 or len(lines) != 1 or not lines[0].startswith("Stopped (Ctrl-C)") or "Written" in out:
                self.problems.append(f"SIGINT: exit {code}, {len(lines)} lines: {err[-300:]!r}")
            self._count("stopped by Ctrl-C: one line, 130")
        elif code != -signal.SIGKILL:
            self.problems.append(f"SIGKILL: exit {code}")
        else:
            self._count("killed")

    def _look_at_the_folder(self) -> None:
        if (self.folder / JOURNAL_NAME).exists():
            self._count("half replaced, then completed")
            recover(self.folder)
        sums = (self.folder / SUMS_NAME).read_text(encoding="utf-8")
        if not _sums_hold(self.folder, reports_only=True) or sums not in self.sets.values():   # the inputs changed
            known = {line for text in self.sets.values() for line in text.splitlines()}
            self.problems.append(f"the folder holds no whole set (sums hold: {_sums_hold(self.folder, True)}; "
                                 f"lines of neither set: {[l for l in sums.splitlines() if l not in known]})")
            self._count("damaged folders")
        else:
            self._count("new set" if sums == self.sets[self.city] else "old set")

    def _count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def finish(self) -> None:
        """A last build, undisturbed: it removes what the stopped ones left."""
        done = _build(self.inputs, self.output)
        done.communicate(timeout=300)
        assert done.returncode == 0
        self._count("work folders left after the next run", len(list(self.folder.glob(".work-*"))))
        self._count("journals left after the next run", int((self.folder / JOURNAL_NAME).exists()))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_and_ctrl_c_at_random_moments_leave_a_whole_set_and_nothing_running(tmp_path):
    runs = int(os.environ.get("FAULT_CAMPAIGN", "4"))
    moments = random.Random(22)
    campaign = Campaign(tmp_path)
    for n in range(runs):
        campaign.stop_one(signal.SIGINT if n % 2 else signal.SIGKILL, moments.uniform(0, campaign.took * 1.05))
    campaign.finish()
    if "FAULT_CAMPAIGN" in os.environ:
        print(f"\n{runs} stopped builds (a build took {campaign.took:.1f} s): {campaign.counts}")
        print("\n".join(campaign.problems))
    assert campaign.problems == []
    for bad in ("workers left running", "damaged folders", "work folders left after the next run",
                "journals left after the next run"):
        assert campaign.counts.get(bad, 0) == 0, (bad, campaign.counts)
