"""How fast the report is made, against two references measured in the same run on the same machine.

    python bench/run.py              # the full benchmark (about 6 minutes on 2 cores)
    python bench/run.py --quick      # one run of each, without the 50× report (under a minute)
    python bench/run.py --runs 7 --json results.json --markdown results.md

Every case runs as a separate process, as a user would run it, and the cases take turns (run 1 of
each, then run 2 of each, …) so that a noisy moment on a shared machine spreads over all of them.
Each time is the median of the runs. Peak memory is the largest, over the runs, of the whole process
tree's memory (the command, its worker processes, LibreOffice's soffice.bin): each process's
resident set size summed (pages shared after a fork count twice: an upper bound), sampled every
0.1 s.

Cases (each engine-bound case names its PDF engine, E: weasyprint or typst, whichever is the default):
  floor          python -c "import weasyprint, docx, matplotlib": what any such tool pays first
  check          generate-report check 2021
  docx           generate-report 2021 --format docx
  pdf E          generate-report 2021 --format pdf --pdf-engine E (also reportlab: the untagged
                 engine without system libraries)
  both E         generate-report 2021 --pdf-engine E (the DOCX and the PDF)
  libreoffice    soffice --headless --convert-to pdf of the DOCX `both weasyprint` wrote, with a
                 warm profile (its own, in a temporary folder, after one conversion not counted)
  10x E, 50x E   generate-report 2021 --pdf-engine E on synthetic inputs 10 and 50 times the 2021
                 content (bench/synth.py, made afresh in a temporary folder)
  edition kk, edition ru, edition en, edition kk-Latn, editions all
                 generate-report 2021 --draft (--edition ru, en, kk-Latn, all; the default PDF
                 engine) on a copy of the inputs naming the three editions, their catalogs made
                 but not translated: each edition alone, and all four in one command, against the
                 sum of the four
  warm E         generate-report preview 2021 --pdf-engine E kept running (one process for all the
                 runs): from saving one changed paragraph to the changed page picture fetched
                 (bench/warm.py)

Targets (ratios in one run): both weasyprint ≤ 1.5 × libreoffice, both typst ≤ 0.8 × libreoffice;
check ≤ 0.5 × floor; pdf reportlab ≤ 0.5 × pdf weasyprint; time per page at 50× ≤ 1.3 × (WeasyPrint)
and ≤ 1 × (Typst) the time per page of `both` with the same engine; peak memory at 50× under 1.5 GB;
the warm rebuild ≤ 1 s (WeasyPrint), < 0.3 s (Typst).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.synth import scale_inputs  # noqa: E402
from bench.warm import WarmPreview  # noqa: E402

# What the console script runs (``run``; a baseline older than it: ``main``).
GENERATE = ("import sys; import generator.cli as cli; sys.argv[0] = 'generate-report'; "
            "getattr(cli, 'run', cli.main)()")
YEAR = 2021
GB = 1024 ** 3
#: The PDF engines timed, each in every engine-bound case.
ENGINES = ("weasyprint", "typst")
TARGETS = {"both weasyprint / libreoffice": 1.5, "both typst / libreoffice": 0.8, "check / floor": 0.5,
           "pdf reportlab / pdf weasyprint": 0.5, "page time 50x weasyprint / 1x": 1.3,
           "page time 50x typst / 1x": 1.0, "warm weasyprint rebuild s": 1.0, "warm typst rebuild s": 0.3}
MEMORY_LIMIT = 1.5 * GB


@dataclass
class Case:
    name: str
    command: list[str]
    runs: int
    output: Path | None = None          # the PDF whose pages are counted
    cwd: Path = ROOT
    env: dict[str, str] | None = None   # for a baseline: PYTHONPATH=its folder
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)      # the process tree's peak RSS, per run
    pages: int | None = None
    warm: WarmPreview | None = None     # timed by its own rebuilds instead of a process per run

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.peaks)


# --- measuring one process tree ---------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (every thread's children)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", "rb") as children:
                found += [int(child) for child in children.read().split()]
    except OSError:
        pass
    return found


def _memory(pid: int) -> int:
    """A process's resident memory (RSS) in bytes; 0 once it has ended.

    RSS, not PSS: reading a process's PSS makes the kernel walk its page tables (16 ms for a
    1.4 GB process, 16 % of a core at ten samples a second, which slowed the 50× report by a
    tenth); RSS is one counter. Pages a forked worker shares with the main process count in
    both, so the sum is an upper bound, by the ~60 MB the workers share.
    """
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _tree_memory(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory(pid)
        todo.extend(_children(pid))
    return total


def measure(command: list[str], cwd: Path, interval: float = 0.1,
            env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time, and the peak of the whole process tree's memory (RSS summed) sampled every
    ``interval`` seconds; fails on a non-zero exit.

    A sample reads two small /proc files per process, a fraction of a millisecond: the same
    runs are timed and sampled (measured: the 2021 report 2.61 s sampled, 2.57 s not).
    """
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **env} if env else None)
    err = b""
    while True:
        try:
            err += process.communicate(timeout=interval)[1] or b""
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, _tree_memory(process.pid))
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err.decode(errors='replace')}")
    return elapsed, peak


def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    from pypdf import PdfReader
    return len(PdfReader(path).pages)


# --- the cases --------------------------------------------------------------------------------

def build_cases(work: Path, runs: int, big_runs: int, quick: bool, baseline: Path | None = None) -> list[Case]:
    py = sys.executable
    out = work / "out"

    def generate(name: str, *args: str, inputs: Path = ROOT / "inputs", n: int = runs) -> Case:
        folder = out / name.replace(" ", "-")
        pdf = folder / str(YEAR) / f"report-{YEAR}.pdf" if "docx" not in args else None
        return Case(name, [py, "-c", GENERATE, str(YEAR), "--inputs", str(inputs), "--output", str(folder),
                           "--force", *args], n, pdf)

    cases = [
        Case("floor", [py, "-c", "import weasyprint, docx, matplotlib"], runs),
        Case("check", [py, "-c", GENERATE, "check", str(YEAR), "--inputs", str(ROOT / "inputs")], runs),
        generate("docx", "--format", "docx"),
        *(generate(f"pdf {engine}", "--format", "pdf", "--pdf-engine", engine) for engine in (*ENGINES, "reportlab")),
        *(generate(f"both {engine}", "--pdf-engine", engine) for engine in ENGINES),
        *(Case(f"warm {engine}", [], runs, warm=WarmPreview(py, GENERATE, ROOT / "inputs", work / f"warm-{engine}",
                                                            YEAR, _tree_memory, ROOT, engine)) for engine in ENGINES),
    ]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = (work / "lo-profile").as_uri()
        docx = out / "both-weasyprint" / str(YEAR) / f"report-{YEAR}.docx"
        cases.append(Case("libreoffice", [soffice, f"-env:UserInstallation={profile}", "--headless",
                                          "--convert-to", "pdf", "--outdir", str(work / "lo"), str(docx)],
                          runs, work / "lo" / f"report-{YEAR}.pdf", cwd=work))
    if baseline:        # another checkout of the project (e.g. before a change), with its own inputs
        env, inputs = {"PYTHONPATH": str(baseline)}, str(baseline / "inputs")
        folder = out / "both-baseline"
        cases += [Case("check (baseline)", [py, "-c", GENERATE, "check", str(YEAR), "--inputs", inputs],
                       runs, cwd=baseline, env=env),
                  Case("both (baseline)", [py, "-c", GENERATE, str(YEAR), "--inputs", inputs,
                                           "--output", str(folder), "--force"],
                       runs, folder / str(YEAR) / f"report-{YEAR}.pdf", cwd=baseline, env=env)]
    cases += edition_cases(work, runs)
    for factor in () if big_runs == 0 else (10,) if quick else (10, 50):
        inputs = work / f"inputs-{factor}x"
        scale_inputs(ROOT / "inputs", inputs, factor, YEAR)
        cases += [generate(f"{factor}x {engine}", "--pdf-engine", engine, inputs=inputs, n=big_runs)
                  for engine in ENGINES]
    return cases


# --- the editions (issue 25): `--edition all` against each edition made alone --------------------

EDITIONS = ("kk", "ru", "en", "kk-Latn")         # kk: the report's own (no --edition)


def edition_cases(work: Path, runs: int) -> list[Case]:
    """Each edition alone and `--edition all` (the four, both formats), drafts from a copy of the
    inputs naming them (``editions_inputs``)."""
    inputs, py = editions_inputs(work / "inputs-editions"), sys.executable

    def case(name: str, edition: str) -> Case:
        folder = work / "out" / name.replace(" ", "-")
        pdf = folder / str(YEAR) / f"report-{YEAR}{'' if edition in ('kk', 'all') else '-' + edition}.pdf"
        chosen = ("--edition", edition) if edition != "kk" else ()
        return Case(name, [py, "-c", GENERATE, str(YEAR), "--inputs", str(inputs), "--output", str(folder),
                           "--force", "--draft", *chosen], runs, pdf)
    return [*(case(f"edition {e}", e) for e in EDITIONS), case("editions all", "all")]


def edition_lines(by: dict[str, Case]) -> list[str]:
    """`--edition all` against the four editions made one by one (the sum of their medians) and one."""
    if "editions all" not in by:
        return []
    together, one = by["editions all"].median, by["edition kk"].median
    alone = sum(by[f"edition {e}"].median for e in EDITIONS)
    return [f"\neditions: `--edition all` {together:.2f} s against the four made one by one {alone:.2f} s "
            f"(sum of medians; {together / alone:.2f} of it) and one, the report's own, {one:.2f} s "
            f"({together / one:.2f} times)."]


def editions_inputs(target: Path) -> Path:
    """A copy of the inputs naming the editions ru, en and kk-Latn, with their catalogs made (not
    translated: the editions are drafts, their texts the Kazakh ones marked)."""
    from generator.load.translations import update
    from generator.pipeline import preflight
    shutil.copytree(ROOT / "inputs", target, dirs_exist_ok=True)
    info = target / str(YEAR) / "report.yaml"
    info.write_text(info.read_text(encoding="utf-8") + "editions: [ru, en, kk-Latn]\n", encoding="utf-8")
    report, _ = preflight(target, YEAR)
    for language in ("ru", "en"):
        update(report, language)
    return target


def compile_modules(projects) -> None:
    """Each project's ``generator`` package compiled to bytecode once, so that no run compiles it
    again: where PYTHONDONTWRITEBYTECODE is set (as on some build machines) a module changed since
    its last compilation was otherwise compiled anew by every run, which no installed copy does."""
    import compileall
    for project in projects:
        compileall.compile_dir(str(Path(project) / "generator"), quiet=1)


def run(cases: list[Case], work: Path, log) -> None:
    log("warming up, not counted: the project's modules compiled (as pip compiles an installed "
        "package), the 2021 report once (its DOCX is LibreOffice's input), LibreOffice once (it makes "
        "its profile), the preview's first build (it draws every page)")
    compile_modules({ROOT, *(Path(c.env["PYTHONPATH"]) for c in cases if c.env and "PYTHONPATH" in c.env)})
    for case in cases:
        if case.name in ("both weasyprint", "libreoffice"):
            measure(case.command, case.cwd, env=case.env)
        if case.warm:
            case.warm.start()           # its first build draws every chart and page: not counted
    for i in range(max(c.runs for c in cases)):
        for case in cases:
            if i < case.runs:
                seconds, peak = case.warm.rebuild() if case.warm else measure(case.command, case.cwd, env=case.env)
                case.seconds.append(seconds)
                case.peaks.append(peak)
                log(f"run {i + 1}: {case.name:12} {seconds:7.2f} s {peak / 2 ** 20:6.0f} MiB")
    for case in cases:
        if case.output is not None:
            case.pages = pdf_pages(case.output)


# --- the report -------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GB
    versions = {}
    for package in ("weasyprint", "matplotlib", "docx"):
        try:
            versions[package] = __import__(package).__version__
        except Exception:   # noqa: BLE001
            versions[package] = "?"
    lo = ""
    soffice = shutil.which("soffice")
    if soffice:
        lo = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    return {"date": dt.date.today().isoformat(), "cpu": f"{cpu}, {cores} cores", "memory": f"{memory:.0f} GB",
            "os": platform.platform(), "python": platform.python_version(),
            "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()), "libreoffice": lo}


def ratios(cases: list[Case]) -> dict[str, float]:
    by = {c.name: c for c in cases}
    out = {}
    for engine in ENGINES:
        if "libreoffice" in by:
            out[f"both {engine} / libreoffice"] = by[f"both {engine}"].median / by["libreoffice"].median
    out["check / floor"] = by["check"].median / by["floor"].median
    out["pdf reportlab / pdf weasyprint"] = by["pdf reportlab"].median / by["pdf weasyprint"].median
    for engine in ENGINES:
        out[f"warm {engine} rebuild s"] = by[f"warm {engine}"].median
    for factor in ("10x", "50x"):
        for engine in ENGINES:
            if f"{factor} {engine}" in by:
                big, one = by[f"{factor} {engine}"], by[f"both {engine}"]
                out[f"page time {factor} {engine} / 1x"] = (big.median / big.pages) / (one.median / one.pages)
    return out


def markdown(cases: list[Case], found: dict[str, float], info: dict[str, str]) -> str:
    lines = [f"Measured {info['date']} on {info['cpu']}, {info['memory']} RAM; {info['os']}; "
             f"Python {info['python']}; {info['libraries']}; {info['libreoffice']}.", "",
             "| case | runs | median s | pages | s per page | peak memory MiB |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for c in cases:
        per_page = f"{c.median / c.pages:.3f}" if c.pages else ""
        lines.append(f"| {c.name} | {len(c.seconds)} | {c.median:.2f} | {c.pages or ''} | {per_page} | "
                     f"{c.peak / 2 ** 20:.0f} |")
    lines += ["", "| target | limit | measured | holds |", "| --- | ---: | ---: | --- |"]
    for name, value in found.items():
        limit = TARGETS[name.replace("10x", "50x")]
        lines.append(f"| {name} | ≤ {limit} | {value:.2f} | {'yes' if value <= limit else 'NO'} |")
    for big in (c for c in cases if c.name.startswith("50x")):
        lines.append(f"| peak memory {big.name} | < {MEMORY_LIMIT / GB:.1f} GB | {big.peak / GB:.2f} GB | "
                     f"{'yes' if big.peak < MEMORY_LIMIT else 'NO'} |")
    by = {c.name: c for c in cases}
    for engine in ENGINES:
        warm, both = by[f"warm {engine}"], by[f"both {engine}"]
        if warm.warm.cpu:
            lines.append(f"\nwarm {engine}: the preview process used {statistics.median(warm.warm.cpu):.2f} s of CPU "
                         f"per rebuild (median): its rebuild time on an idle machine; `both {engine}` is "
                         f"{both.median / warm.median:.1f} times the warm rebuild in this run.")
    lines += edition_lines(by)
    for name, mine in (("check", "check"), ("both", "both weasyprint")):
        if f"{name} (baseline)" in by:
            lines.append(f"\n{name}: the baseline takes {by[f'{name} (baseline)'].median / by[mine].median:.2f} "
                         "times as long.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each 2021 case and reference (default 5)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the 10× and 50× reports (default 3; 0: leave them out)")
    parser.add_argument("--quick", action="store_true", help="one run of each, no 50× report")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (inputs, outputs)")
    parser.add_argument("--baseline", type=Path, help="also time `check` and the 2021 report made by another "
                        "checkout of the project from its own inputs (a folder, e.g. made with "
                        "`git archive REF | tar -x -C DIR`)")
    args = parser.parse_args(argv)
    runs, big_runs = (1, min(1, args.big_runs)) if args.quick else (args.runs, args.big_runs)
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="report-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    cases: list[Case] = []
    try:
        cases = build_cases(work, runs, big_runs, args.quick, args.baseline and args.baseline.resolve())
        run(cases, work, log)
        found = ratios(cases)
        info = machine()
        table = markdown(cases, found, info)
        print(table)
        if args.markdown:
            args.markdown.write_text(table, encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps({
                "machine": info, "ratios": found,
                "cases": [{"name": c.name, "seconds": c.seconds, "median": c.median, "pages": c.pages,
                           "peak_rss_bytes": c.peaks} for c in cases]}, indent=2), encoding="utf-8")
        log(f"benchmark done; children's CPU time {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f} s")
    finally:
        for case in cases:
            if case.warm:
                case.warm.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
