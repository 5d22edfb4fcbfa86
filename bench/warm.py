"""The warm rebuild: `generate-report preview 2021` running, one paragraph changed, the page shown again.

One preview process is started on a copy of the inputs and kept for all the runs. Each run changes
one paragraph of summary.yaml (a new number in it each time, so no page drawn before comes back),
and is timed from the file's save until the preview's ``/status`` reports the new build and the
browser's next step, fetching the page pictures that changed, is done: what a reader waits for
before the page in the browser changes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WORD = "Ұлттық музейінде (бұдан"      # a paragraph's words; each run puts a new number after them


class WarmPreview:
    """A preview process on ``inputs`` (copied to ``work``) whose rebuilds ``rebuild`` times."""

    def __init__(self, python: str, generate: str, inputs: Path, work: Path, year: int, memory, cwd: Path,
                 engine: str | None = None):
        self.command = [python, "-c", generate, "preview", str(year), "--inputs", str(work / "inputs"),
                        "--no-open", *(("--pdf-engine", engine) if engine else ())]
        self.inputs, self.work, self.year, self.memory, self.cwd = inputs, work, year, memory, cwd
        self.process: subprocess.Popen | None = None
        self.url, self.build, self.seen, self.turn = "", 0, set(), 0
        self.cpu: list[float] = []          # the preview process's CPU seconds per rebuild

    def start(self) -> None:
        shutil.copytree(self.inputs, self.work / "inputs", dirs_exist_ok=True)
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True, cwd=self.cwd)
        line = ""
        while "Preview at" not in line:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"{' '.join(self.command)} ended before showing its address")
        self.url = re.search(r"http://\S+/", line).group(0)
        status = self._status()
        while status["build"] == 0:         # the address is given before the first build is done
            status = self._status(wait=True)
        self._shown(status)

    def rebuild(self) -> tuple[float, int]:
        """Seconds from saving the changed paragraph to its page picture fetched; the process's memory."""
        if self.process is None:
            self.start()
        path = self.work / "inputs" / str(self.year) / "summary.yaml"
        text = path.read_text(encoding="utf-8")
        old = f"{WORD} {self.turn}" if self.turn else WORD
        self.turn += 1
        started, cpu = time.perf_counter(), self._cpu()
        path.write_text(text.replace(old, f"{WORD} {self.turn}", 1), encoding="utf-8")
        status = self._status(wait=True)
        self._shown(status)
        elapsed = time.perf_counter() - started
        self.cpu.append(self._cpu() - cpu)
        if status["problems"]:
            raise RuntimeError(f"the preview found problems: {status['problems']}")
        return elapsed, self.memory(self.process.pid)

    def _cpu(self) -> float:
        """The preview process's CPU time so far (user + system), where /proc tells it; else 0.

        On a shared machine the wall time of a rebuild grows with the other processes' load;
        its CPU time is what it would take on an idle one."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _status(self, wait: bool = False) -> dict:
        query = f"?wait={self.build}" if wait else ""
        with urllib.request.urlopen(f"{self.url}status{query}", timeout=60) as answer:
            status = json.load(answer)
        self.build = status["build"]
        return status

    def _shown(self, status: dict) -> None:
        """Fetch the page pictures not fetched yet, as the browser does."""
        for page in status["pages"]:
            if page["src"] not in self.seen:
                with urllib.request.urlopen(self.url + page["src"].lstrip("/"), timeout=60) as answer:
                    answer.read()
                self.seen.add(page["src"])

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()


if __name__ == "__main__":          # a quick look: python bench/warm.py [runs [engine]]
    import tempfile
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="report-warm-") as folder:
        warm = WarmPreview(sys.executable, "from generator.cli import run; run()", root / "inputs",
                           Path(folder), 2021, lambda pid: 0, root, sys.argv[2] if len(sys.argv) > 2 else None)
        try:
            times = [warm.rebuild()[0] for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5)]
        finally:
            warm.close()
        print(" ".join(f"{t:.2f}" for t in times), f"median {sorted(times)[len(times) // 2]:.2f} s;",
              f"CPU median {sorted(warm.cpu)[len(warm.cpu) // 2]:.2f} s")
