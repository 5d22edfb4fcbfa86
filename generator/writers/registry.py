"""The writers, as pandoc lists its writers and Sphinx its builders: each declares the format it
writes, its engine, the image forms it takes, and where its code is (imported only when used).

Adding a writer is one ``register`` call here and its own package: no other writer and no branch
of the pipeline changes. Which engine writes a format when none is asked for, and which stands in
when it cannot load, is ``ORDER`` alone. A writer's code gives ``start(job) -> Output``; its module named in
``kinds`` holds ``BLOCK_WRITERS`` and ``INLINE_WRITERS``, one small function (or macro) per kind
of ``generator.doc.model``, which the exhaustiveness test reads.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.doc.fill import Fill
from generator.doc.model import SVG, SVG_TEXT, Attachment, Document
from generator.resources import TEMPLATES_DIR


@dataclass(frozen=True)
class Writer:
    """One registered writer."""
    format: str                    # the file it writes: "docx", "pdf"
    engine: str                    # its name among the format's writers: "weasyprint", "reportlab"
    takes: tuple[str, ...]         # image forms (media types), the preferred first
    entry: str                     # "module:function" giving ``start(job) -> Output``
    kinds: str                     # the module with BLOCK_WRITERS and INLINE_WRITERS
    requires: tuple[str, ...] = ()   # modules whose import fails where the engine cannot run
    paginates: bool = False        # lays out pages: its Output knows each anchor's page
    needs_pages: bool = False      # writes page numbers it cannot lay out itself (a DOCX's contents)
    in_worker: bool = False        # writes its file in a worker process (``Job.workers``)
    loses: str = ""                # what is lost when it stands in for the format's first engine
    install: str = ""              # how to get it when it cannot load
    about: str = ""                # what it makes, in a few words, for --help and the README
    light: bool = False            # ``requires`` import in milliseconds and start no thread: whether it
                                   # loads is asked before the workers fork (see ``candidates``)

    def start(self, job: Job) -> Output:
        module, function = self.entry.split(":")
        return getattr(importlib.import_module(module), function)(job)


@dataclass
class Job:
    """What every writer reads: the document, the profile, the run's folders and helpers."""
    doc: Document
    profile: object
    work: Path                              # the run's work folder (drawn charts and photos)
    allowed_roots: list[Path]               # folders the writer may read images from
    drawn: object                           # generator.charts.jobs.Drawing
    workers: object                         # generator.charts.workers.Workers
    pdf_variant: str | None = None          # the archival kind, e.g. "pdf/a-3a"
    attachments: Sequence[Attachment] = ()
    pages: dict[str, int] | None = None     # anchor → page, from the writer that paginates
    fill: Fill | None = None                # the page fill it decided, which every writer applies
    templates: tuple[Path, ...] = (TEMPLATES_DIR,)   # where templates are looked for: the project's, the packaged


class Output(Protocol):
    """A writer's work on one job: page numbers if it lays out pages (and the page fill it
    decided, if any: ``fill``), and writing the file."""
    pages: dict[str, int] | None

    def write(self, path: Path) -> Callable[[], None]:
        """Write (or start writing) the file at ``path``; the returned call waits until it is done."""


WRITERS: list[Writer] = []

#: The order each format's engines are tried in when none is asked for: the first that loads
#: writes the file (the first is the default), each later one stands in when those before it
#: cannot load, with a notice of what it ``loses``. WeasyPrint needs Pango (system libraries);
#: Typst only its wheel, tagged too (PDF/A-3a with PDF/UA-1); reportlab last: it writes PDF/A-3b,
#: untagged. A format not named here is tried in the order its writers are registered.
ORDER: dict[str, tuple[str, ...]] = {"pdf": ("typst", "weasyprint", "reportlab")}


def register(writer: Writer) -> Writer:
    """Add a writer; a format's writers are tried in ``ORDER``, else in the order registered."""
    if any((w.format, w.engine) == (writer.format, writer.engine) for w in WRITERS):
        raise ValueError(f"a {writer.format} writer named {writer.engine!r} is registered already")
    WRITERS.append(writer)
    return writer


register(Writer("docx", "python-docx", (), "generator.writers.docx:start", "generator.writers.docx.writer",
                needs_pages=True, in_worker=True))        # takes no drawn chart: its charts are Word's own, with their data
register(Writer("pdf", "weasyprint", (SVG,), "generator.writers.weasy:start", "generator.writers.html.writer",
                requires=("generator.writers.pdf",), paginates=True,
                loses="PDF/A-3a without PDF/UA-1 (passages in other languages and footnotes untagged)",
                about="tagged PDF/A-3a; needs Pango",
                install="install its system libraries with scripts/system-deps.sh (Debian, Ubuntu) or as "
                        "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html says"))
register(Writer("pdf", "reportlab", (), "generator.writers.reportlab:start",
                "generator.writers.reportlab.blocks", requires=("reportlab",), paginates=True,
                loses="untagged, PDF/A-3b instead of PDF/A-3a (level A)",
                about="untagged PDF/A-3b; no system library"))   # draws its charts from their data
register(Writer("pdf", "typst", (SVG_TEXT,), "generator.writers.typst:start", "generator.writers.typst.markup",
                requires=("typst",), paginates=True, light=True,
                install="install the typst package (pip install 'typst>=0.15,<0.16')",
                about="tagged PDF/A-3a and PDF/UA-1; no system library"))


def writer(format: str, engine: str | None = None) -> Writer:
    """The registered writer of ``format`` named ``engine`` (the default, first in ``ORDER``, if None)."""
    for w in ordered(format):
        if engine in (None, w.engine):
            return w
    raise KeyError(f"no {format} writer {engine or ''}".strip())


def default(format: str) -> str:
    """The engine that writes ``format`` when none is asked for and it loads."""
    return writer(format).engine


def ordered(format: str | None = None) -> list[Writer]:
    """The writers of ``format`` (of every format, if None) in the order they are tried: ``ORDER``'s
    first, then any it does not name, as registered."""
    def rank(w: Writer) -> int:
        named = ORDER.get(w.format, ())
        return named.index(w.engine) if w.engine in named else len(named)
    return sorted((w for w in WRITERS if format in (None, w.format)), key=rank)


def image_forms(wanted: Sequence[str] | None = None, asked: dict[str, str] | None = None) -> tuple[str, ...]:
    """Every form (media type) of a drawn chart some writer of the run may take: what to draw.
    Without ``wanted``, those of every registered writer."""
    writers = WRITERS if wanted is None else candidates(wanted, asked)
    return tuple(dict.fromkeys(form for w in writers for form in w.takes))


def candidates(wanted: Sequence[str], asked: dict[str, str] | None = None) -> list[Writer]:
    """The writers a run of the ``wanted`` formats may use, known without loading a heavy one:
    each format's ``asked`` engine, else its engines in order up to the first ``light`` one that
    loads (the first that loads is chosen), and the paginating format's when one of them needs
    page numbers."""
    asked = asked or {}
    chosen = [w for format in formats() if format in wanted for w in _may_choose(format, asked.get(format))]
    if any(w.needs_pages for w in chosen):
        pager = next(w.format for w in WRITERS if w.paginates)
        chosen += [w for w in _may_choose(pager, asked.get(pager)) if w not in chosen]
    return chosen


def _may_choose(format: str, engine: str | None) -> list[Writer]:
    """The writers of ``format`` that ``_choose`` may take: the asked one, else those in order up
    to the first light one that loads (no later one is tried)."""
    if engine is not None:
        return [w for w in ordered(format) if w.engine == engine]
    may: list[Writer] = []
    for w in ordered(format):
        may.append(w)
        if w.light and unavailable(w) is None:
            break
    return may


def needs_workers(wanted: Sequence[str], asked: dict[str, str] | None = None) -> bool:
    """Whether a run of the ``wanted`` formats has work for worker processes: charts to draw, or
    a file written in a worker."""
    return bool(image_forms(wanted, asked)) or writes_in_worker(wanted, asked)


def writes_in_worker(wanted: Sequence[str], asked: dict[str, str] | None = None) -> bool:
    """Whether a run of the ``wanted`` formats writes a file in a worker process (the DOCX)."""
    return any(w.in_worker for w in candidates(wanted, asked))


def formats() -> tuple[str, ...]:
    """Every format some writer writes, in the order registered."""
    return tuple(dict.fromkeys(w.format for w in WRITERS))


def engines(format: str) -> tuple[str, ...]:
    """The engines of ``format`` in the order they are tried (the default first)."""
    return tuple(w.engine for w in ordered(format))


def described(format: str) -> str:
    """The engines of ``format`` in the order tried, each with what it makes: «a (…), b (…) or c (…)»."""
    named = [f"{w.engine} ({w.about})" if w.about else w.engine for w in ordered(format)]
    return " or ".join(filter(None, (", ".join(named[:-1]), named[-1])))


def unavailable(w: Writer) -> str | None:
    """Why ``w`` cannot run here (its libraries do not load), or None."""
    for module in w.requires:
        try:
            importlib.import_module(module)
        except (ImportError, OSError) as error:
            return " ".join(str(error).split()) or type(error).__name__
    return None


@dataclass
class Plan:
    """The writers of one run, the one that lays out pages for the others, and what to tell the user."""
    writers: list[Writer]
    pager: Writer | None
    notices: list[str] = field(default_factory=list)


class EngineUnavailable(Exception):
    """The engine asked for by name cannot run here; the message says why and what to do."""


def plan(wanted: Sequence[str], asked: dict[str, str] | None = None) -> Plan:
    """The writer of each wanted format (the engine ``asked`` for it, else the first that loads),
    and the paginating writer whose page numbers the others need, if any needs them."""
    asked = asked or {}
    notices: list[str] = []
    chosen = [_choose(format, asked.get(format), notices) for format in wanted]
    pager = None
    if any(w.needs_pages for w in chosen):
        pager = next((w for w in chosen if w.paginates), None)
        if pager is None:
            format = next(w.format for w in WRITERS if w.paginates)
            pager = _choose(format, asked.get(format), notices)
    return Plan(chosen, pager, notices)


def _choose(format: str, engine: str | None, notices: list[str]) -> Writer:
    """The asked engine (an error if it cannot run), or the first of the format's that loads."""
    if engine is not None:
        w = writer(format, engine)
        reason = unavailable(w)
        if reason:
            raise EngineUnavailable(f"{w.engine} cannot run here ({reason}): {w.install}; "
                                    f"or choose another {format} engine ({', '.join(engines(format))})")
        return w
    first = writer(format)
    for w in ordered(format):
        reason = unavailable(w)
        if reason is None:
            if w is not first and not any(first.engine in n for n in notices):
                notices.append(f"{first.engine} cannot load ({reason_of(first)}): the {format.upper()} is made "
                               f"with {w.engine}{', ' + w.loses if w.loses else ''}; for {first.engine}'s, {first.install}.")
            return w
    raise EngineUnavailable(f"no {format} writer can run here: {reason_of(first)}; {first.install}")


def reason_of(w: Writer) -> str:
    return unavailable(w) or "it loads"
