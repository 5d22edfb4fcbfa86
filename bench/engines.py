"""The PDF engines' own time on the 2021 report, apart from what every run pays first.

    python bench/engines.py [--runs 5]

The inputs, the document and the charts are made once in this process; then each registered PDF
writer lays the pages out and writes the file, the engines taking turns, and the median of each
is printed with their ratio to the default engine's (the first tried).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from generator.charts.jobs import start_drawing  # noqa: E402
from generator.charts.workers import Workers  # noqa: E402
from generator.manifest import gather_inputs, pdf_attachments  # noqa: E402
from generator.pipeline import prepare  # noqa: E402
from generator.writers.registry import Job, image_forms, ordered  # noqa: E402

YEAR = 2021


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    ready = prepare(ROOT / "inputs", YEAR)
    engines = ordered("pdf")                 # the default first
    seconds: dict[str, list[float]] = {w.engine: [] for w in engines}
    with tempfile.TemporaryDirectory() as folder, Workers() as workers:
        work = Path(folder)
        drawn = start_drawing(ready.doc, ready.profile, work / "charts", workers, photos_dir=work / "photos",
                              forms=image_forms())     # every form some engine takes
        drawn.wait()
        attachments = pdf_attachments(gather_inputs(ready.report, ROOT / "inputs"))
        for w in engines:                    # imports and first-use caches, not timed
            w.start(Job(ready.doc, ready.profile, work, [work, ready.report.year_dir], drawn, workers,
                        None, attachments)).write(work / f"warm-{w.engine}.pdf")()
        for _ in range(runs):
            for w in engines:
                job = Job(ready.doc, ready.profile, work, [work, ready.report.year_dir], drawn, workers,
                          None, attachments)
                start = time.perf_counter()
                w.start(job).write(work / f"{w.engine}.pdf")()
                seconds[w.engine].append(time.perf_counter() - start)
    first = statistics.median(seconds[engines[0].engine])
    for engine, times in seconds.items():
        median = statistics.median(times)
        print(f"{engine}: {' '.join(f'{t:.2f}' for t in times)} s, median {median:.2f} s, "
              f"{median / first:.2f} of {engines[0].engine}'s")


if __name__ == "__main__":
    main()
