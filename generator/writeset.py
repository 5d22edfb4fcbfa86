"""Draw and write a run's reports (one edition or several) in one work folder, then replace the
set of them and SHA256SUMS in the output folder at once (``generator.replacement``).

Every edition is drawn before any is written: the workers draw all the editions' pictures (a chart
the same in two editions once: ``generator.charts.jobs.chart_key``) while the main process lays
out the pages, edition after edition. Each edition draws in a folder of its own inside the work
folder (``<work>/report-2021-ru/``); the reports are staged in the work folder itself, named as
they will be in the output folder.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import interrupt
from generator.editions import output_name
from generator.load.problems import InputErrors, Problem
from generator.outputs import OutputEdited, edited, keep_aside, unchanged_others, work_folder


@dataclass
class Result:
    """What a run wrote and what it found."""
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    manifest: Path | None = None          # SHA256SUMS of the outputs and the inputs
    kept: list[Path] = field(default_factory=list)   # edited reports moved aside (--force)
    notices: list[str] = field(default_factory=list)  # e.g. the PDF made by another engine


@dataclass(frozen=True)
class Options:
    """How the files are written: which formats, the PDF's engine and archival kind, whether an
    edited report is kept aside (``force``)."""
    formats: tuple[str, ...]
    pdf_engine: str | None = None
    pdf_variant: str | None = None
    force: bool = False


def write_set(readies: list, inputs, output_dir: Path, options: Options, result: Result, progress,
              workers=None, templates: tuple[Path, ...] = ()) -> None:
    """Draw and write the reports of ``readies`` (``pipeline.Prepared``, one per edition) in a work
    folder inside ``output_dir``, then replace them and SHA256SUMS there as one set, after finishing
    what a stopped run left. ``inputs``: what the editions were made from (``manifest.Inputs``), all
    of them, each edition's PDF attaching those its report read."""
    from generator.manifest import SUMS_NAME, write_sums
    from generator.replacement import recover, replace_set
    result.notices += filter(None, [recover(output_dir)])
    names = [f"{output_name(r.report.year, r.edition)}.{fmt}" for r in readies for fmt in options.formats]
    changed = edited(output_dir, names)
    if changed and not options.force:
        raise OutputEdited(changed)
    others = unchanged_others(output_dir, names)
    with work_folder(output_dir) as work, _workers(workers, options) as side, _settled(side):
        staged = _stage(readies, inputs, work, side, options, result, progress, templates)
        staged.append(write_sums(work / SUMS_NAME, staged, inputs, output_dir, kept=others))
        interrupt.check()                         # a Ctrl-C a library swallowed: its file may be incomplete
        result.kept = [keep_aside(path) for path in changed]
        replace_set(output_dir, work, staged)
        result.written = [output_dir / path.name for path in staged[:-1]]
        result.manifest = output_dir / SUMS_NAME


def _stage(readies: list, inputs, work: Path, workers, options: Options, result: Result, progress,
           templates: tuple[Path, ...]) -> list[Path]:
    """Every edition's pictures handed to the workers, then its files written into ``work``, edition
    after edition (a DOCX in a worker while the next edition's pages are laid out); their paths."""
    from generator.manifest import only_read, pdf_attachments
    from generator.writers.registry import Job
    progress("Drawing the diagrams")
    drawings = _draw_all(readies, work, workers, options)
    plan = writers_planned(options.formats, options.pdf_engine)   # loaded while the workers draw
    result.notices += plan.notices
    interrupt.check()
    waits = []
    for ready, drawn in zip(readies, drawings):
        name = output_name(ready.report.year, ready.edition)
        job = Job(ready.doc, ready.profile, work / name, [work, ready.report.year_dir], drawn, workers,
                  options.pdf_variant, pdf_attachments(only_read(inputs, ready.report)), templates=templates)
        waits += _start_writing(job, plan, work, name, progress)
    for path, wait in waits:
        wait()
    return [path for path, _ in waits]


def _draw_all(readies: list, work: Path, workers, options: Options) -> list:
    """Every edition's pictures handed to the workers, each in its own folder, in the forms the
    run's writers take; a chart the same in two editions drawn once. Their ``Drawing``s."""
    from generator.charts.jobs import start_drawing
    from generator.writers.registry import image_forms
    forms = image_forms(options.formats, {"pdf": options.pdf_engine} if options.pdf_engine else None)
    drawn: dict = {}
    drawings = []
    for ready in readies:
        own = work / output_name(ready.report.year, ready.edition)
        own.mkdir()
        drawings.append(start_drawing(ready.doc, ready.profile, own / "charts", workers, photos_dir=own / "photos",
                                      forms=forms, drawn=drawn))
    return drawings


@contextmanager
def _settled(workers):
    """On a failure or Ctrl-C, the workers' queued work cancelled and their running work waited
    for, before the work folder is removed: nothing is written there afterwards."""
    try:
        yield
    except BaseException:
        workers.settle()
        raise


def _workers(workers, options: Options):
    """The caller's workers (left running), or new ones for this run."""
    from contextlib import nullcontext
    return nullcontext(workers) if workers is not None else start_workers(options.formats, options.pdf_engine)


def start_workers(formats, pdf_engine: str | None = None):
    """The worker processes a run of ``formats`` has work for (``generator.charts.workers``):
    none when it has none (its pictures are then made here), loading matplotlib only when they
    will draw charts; with charts, a file written in a worker (the DOCX) gets a process of its own."""
    from generator.charts.workers import Workers
    from generator.writers.registry import image_forms, needs_workers, writes_in_worker
    asked = {"pdf": pdf_engine} if pdf_engine else None
    charts = bool(image_forms(formats, asked))
    return Workers(None if needs_workers(formats, asked) else 0, charts=charts,
                   side=charts and writes_in_worker(formats, asked))


def writers_planned(formats, pdf_engine: str | None):
    """The registered writers of this run; an engine that cannot run here is a plain problem."""
    from generator.writers.registry import EngineUnavailable, plan
    try:
        return plan(formats, {"pdf": pdf_engine} if pdf_engine else None)
    except EngineUnavailable as error:
        raise InputErrors([Problem("--pdf-engine", None, "", str(error))]) from None


def _start_writing(job, plan, into: Path, name: str, progress) -> list[tuple[Path, object]]:
    """Lay the pages out once (by the writer that paginates: the PDF's, and the page numbers of
    the DOCX's contents), then start every writer, each writing ``into/<name>.<format>`` (the DOCX
    in a worker); each file's path and the call that waits until it is written."""
    started = {}
    if plan.pager is not None or any(w.paginates for w in plan.writers):
        progress("Laying out the pages")
    if plan.pager is not None:
        started[plan.pager] = plan.pager.start(job)
        job.pages = started[plan.pager].pages
        job.fill = getattr(started[plan.pager], "fill", None)
        interrupt.check()
    waits = []
    for writer in plan.writers:
        progress(f"Writing the {writer.format.upper()}")
        output = started.get(writer) or writer.start(job)
        path = into / f"{name}.{writer.format}"
        waits.append((path, output.write(path)))
        interrupt.check()
    return waits
