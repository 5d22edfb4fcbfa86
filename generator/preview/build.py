"""One warm build of the preview: load → check → build the document → pictures → pages.

The pages are laid out by the engine that would write the PDF (``engine``: the registry's
default that loads, or the one asked for), as that engine lays them out: WeasyPrint
(``weasy_pages``) or Typst (``typst_pages``). ``Builder`` keeps what does not change between
builds: the imports, what the engine keeps warm, the charts drawn and the pages drawn (see
``pictures`` and ``pages``). Each ``rebuild`` reads the inputs again (a few hundredths of a
second), lays the pages out again, and draws only the charts and pages whose content changed. A
mistake in the inputs gives a build with problems and no pages: the browser keeps showing the
last good pages beside the problems.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import load_profile
from generator.doc.provenance import Field, path_of
from generator.doc.sources import sourced_texts
from generator.load.inputs import preflight
from generator.load.problems import InputErrors, Problem
from generator.pipeline import prepare
from generator.preview.pages import Laid, PageShelf, PageView
from generator.preview.pictures import PictureShelf
from generator.writers.registry import writer

#: The engines whose pages the preview can show, and the module laying them out for it.
LAYOUTS = {"weasyprint": "generator.preview.weasy_pages:WeasyPages", "typst": "generator.preview.typst_pages:TypstPages"}


@dataclass(frozen=True)
class Finding:
    """A finding of the checks (or a figure still to fill in) and where it shows: page (1-based,
    0: not on a page) and height on that page (CSS px from the top)."""
    text: str
    kind: str           # "finding", "acknowledged" (report.yaml says why it stays), "todo" or "note"
    page: int = 0
    top: float = 0.0


@dataclass
class Build:
    """What one build gave: its pages (None when the inputs have mistakes) and what was found."""
    number: int
    seconds: float
    pages: list[PageView] | None
    problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    drawn: int = 0              # page pictures drawn by this build (the others were kept)
    trace: str = ""             # a program error's traceback (shown with --debug)


class Builder:
    """The warm state of the preview of one year's inputs; ``rebuild`` makes the next ``Build``."""

    def __init__(self, inputs_root: Path, year: int, profile_name: str | None, work: Path,
                 engine: str | None = None):
        self.inputs_root, self.year, self.profile_name = inputs_root, year, profile_name
        self.engine = preview_engine(engine)
        self.pictures = PictureShelf(work / "pictures", writer("pdf", self.engine).takes)
        self.pages = PageShelf(work / "pages")
        module, name = LAYOUTS[self.engine].split(":")
        self.pager = getattr(importlib.import_module(module), name)(work)
        self.laid: Laid | None = None   # the last pages laid out
        self.shown = ""                 # what they show (the engine's signature of the document)
        self.count = 0

    def forget(self, profile: bool = False, photos: bool = False) -> None:
        """Drop what a changed file made stale: the profile read, the photos decoded."""
        if profile:
            load_profile.cache_clear()
        if photos:
            self.laid = None
        if profile or photos:
            self.pager.forget(photos)

    def rebuild(self) -> Build:
        """Build the preview again from the files as they are now; never raises for their mistakes."""
        started = time.perf_counter()
        self.count += 1
        try:
            pages, findings, drawn = self._build()
            problems: list[str] = []
        except InputErrors as exc:
            pages, findings, drawn, problems = None, [], 0, [str(p) for p in exc.problems]
        except Exception as exc:    # noqa: BLE001 — a program error: shown, and the preview goes on
            import traceback
            problems = [f"The preview could not be made because of an internal error ({type(exc).__name__}: "
                        f"{exc}); run it with --debug and send the text to the developers."]
            return Build(self.count, round(time.perf_counter() - started, 3), None, problems,
                         trace=traceback.format_exc())
        return Build(self.count, round(time.perf_counter() - started, 3), pages, problems, findings, drawn)

    def _build(self) -> tuple[list[PageView], list[Finding], int]:
        report, notes = preflight(self.inputs_root, self.year)
        ready = prepare(self.inputs_root, self.year, self.profile_name, report=report)
        self.pictures.fill(ready.doc, ready.profile)
        shown = self.pager.signature(ready)
        drawn = 0
        if self.laid is None or self.shown != shown:     # else: a change the pages do not show
            self.laid = self.pager.lay_out(ready, shown, [self.pictures.folder, report.year_dir], self.pages)
            self.shown, drawn = shown, self.laid.drawn
        places = _Places(ready.doc, self.laid)
        findings = [*(places.finding(p, "acknowledged" if p.acknowledged else "finding") for p in ready.findings),
                    *(places.finding(p, "todo") for p in ready.unfilled),
                    *(places.finding(p, "note") for p in notes)]
        return self.laid.views, findings, drawn


def preview_engine(asked: str | None = None) -> str:
    """The engine whose pages the preview shows: the one asked for, else the one that would write
    the PDF here (the registry's first that loads), if the preview can show its pages."""
    from generator.writers.registry import EngineUnavailable, plan
    if asked is not None and asked not in LAYOUTS:
        raise InputErrors([Problem("--pdf-engine", None, "", f"the preview shows the pages of {' or '.join(LAYOUTS)}, "
                                   f"not {asked}'s: choose one of them")])
    try:
        engine = plan(("pdf",), {"pdf": asked} if asked else None).writers[0].engine
    except EngineUnavailable as error:
        raise InputErrors([Problem("--pdf-engine", None, "", str(error))]) from None
    if engine not in LAYOUTS:
        raise InputErrors([Problem("--pdf-engine", None, "", f"the preview shows the pages of {' or '.join(LAYOUTS)}, "
                                   f"and {engine} would write the PDF here: install one of them")])
    return engine


class _Places:
    """Where the text made from an input field is printed: its page and its height there."""

    def __init__(self, doc, laid: Laid):
        self.year = doc.meta.year
        self.texts = list(sourced_texts(doc))
        self.anchor_pages, self.anchor_tops, self.lines = laid.anchor_pages, laid.anchor_tops, laid.lines

    def finding(self, problem: Problem, kind: str) -> Finding:
        source = problem.source or _source_of(problem, self.year)
        page, top = self.place(source) if source else (0, 0.0)
        why = f" (acknowledged in report.yaml: {problem.acknowledged})" if problem.acknowledged else ""
        return Finding(f"{problem}{why}", kind, page, round(top, 1))

    def place(self, source: Field) -> tuple[int, float]:
        """The page and height of the first text shown from ``source`` (or the field around it)."""
        for candidate in source.widening():
            for anchor, shown, text in self.texts:
                if isinstance(shown, Field) and candidate.encloses(shown):
                    return self._find(anchor, text)
        return 0, 0.0

    def _find(self, anchor: str, text: str) -> tuple[int, float]:
        """The text's line from its anchor's page on; else the anchor itself."""
        first = self.anchor_pages.get(anchor, 1)
        below = self.anchor_tops.get(anchor, 0.0)
        needle = "".join(text.split())[:16]
        for number in range(first, len(self.lines) + 1):
            top = self.lines[number - 1].find(needle, below if number == first else 0.0)
            if top is not None:
                return number, top
        return (first, below) if anchor in self.anchor_pages else (0, 0.0)


def _source_of(problem: Problem, year: int) -> Field | None:
    """The field of a problem when the problem carries none (the loader's notes): content.4.photo.file
    of summary for inputs/2021/summary.yaml, field content.4.photo.file."""
    path = Path(problem.file)
    if not problem.field or path.suffix != ".yaml":
        return None
    folder = path.parent.name
    earlier = int(folder) if folder.isdigit() and folder != str(year) else None
    return Field(path.stem, path_of(problem.field), earlier)
