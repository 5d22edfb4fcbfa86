"""The Typst PDF writer: the document model as Typst markup (``markup``, the look in
templates/typst/report.typ), compiled in-process by the ``typst`` package (no system library),
with the bundled fonts only. The file is PDF/A-3a and PDF/UA-1 at once (``archive``): tagged,
other-language passages marked, the inputs attached, dated from the inputs, never the clock.

The pages are laid out in memory while the charts are still being drawn: each chart's SVG is
named through a copy of its stand-in (an empty SVG of its size), which gets the drawn chart's
bytes just before the PDF is compiled (Typst reads a changed file again). Each anchor's page
(headings, tables, diagrams) is looked up in the pages laid out and serves the other writers (the
DOCX's contents). The page fill is applied when another
writer decided it (``Job.fill``); else this one decides it (``fill``) and the others apply it.
"""
from __future__ import annotations

import json
from pathlib import Path

from generator.config import FONTS_DIR
from generator.writers.pdf_variants import DEFAULT_PDF_VARIANT
from generator.writers.registry import Job
from generator.writers.roots import within
from generator.doc.fill import Fill
from generator.doc.model import Heading, Photo
from generator.load.problems import InputErrors, Problem, shown_path
from generator.writers.typst.markup import Ctx, document, quote

TEMPLATE = Path("typst") / "report.typ"
MAX_PASSES = 5                 # layouts at most: the first, and one after each round of page fill decisions


class TypstError(RuntimeError):
    """Typst could not lay the report out: the message says where."""


class TypstOutput:
    """The report compiled by Typst, ready to be written."""

    def __init__(self, job: Job):
        from generator.writers.typst.archive import attach
        self.job = job
        self.variant = job.pdf_variant or DEFAULT_PDF_VARIANT
        job.drawn.for_layout()                        # the photos' pixels set their size; the charts' is known
        self.stand_ins = _stand_ins(job.drawn.stand_ins)
        self.template = next(folder / TEMPLATE for folder in job.templates if (folder / TEMPLATE).is_file())
        self.root = Path(self.template.resolve().anchor)
        self.attached = attach(job.work, job.attachments, self.variant, lambda path: self._path(path, [job.work]))
        self.fill = job.fill
        self.compiler = self._compile(job.fill or Fill())
        if job.fill is None:                          # this engine lays the pages out for the others
            self.fill = self._filled(Fill())
        self.pages = self._pages()

    def _compile(self, fill: Fill):
        """A compiler of the document as printed with ``fill``, its pages laid out."""
        import typst
        from generator.writers.typst.style import profile_json
        job = self.job
        self.doc = fill.printed(job.doc)
        ctx = Ctx(self.doc, job.profile, lambda path: self._path(path, job.allowed_roots))
        main = job.work / "report.typ"             # a file: Typst's query cannot read a source given as bytes
        main.write_text(document(ctx, self._path(self.template, [self.template.parent])) + self.attached,
                        encoding="utf-8")
        compiler = typst.Compiler(str(main), root=str(self.root), font_paths=[str(FONTS_DIR)],
                                  ignore_system_fonts=True, sys_inputs={"profile": profile_json(job.profile)})
        try:
            self._run(compiler.query, "heading")   # lays the pages out: a mistake is told here
        except TypstError:
            refused = [problem for block in self.doc.blocks() if isinstance(block, Photo) and not block.placeholder
                       for problem in [_refused(Path(block.path), job.work)] if problem]
            if refused:
                raise InputErrors(refused) from None
            raise
        return compiler

    def _filled(self, fill: Fill) -> Fill:
        """The page fill decided on these pages, laid out again after each change (at most
        ``MAX_PASSES`` layouts in all), with the blocks that start a page in the last layout."""
        from generator.writers.typst.fill import decided, page_starts
        job = self.job
        laid = self._laid()
        for _ in range(MAX_PASSES - 1):
            again = decided(fill, job.doc, job.profile, job.work, laid)
            if again == fill:
                break
            fill, self.compiler = again, self._compile(again)
            laid = self._laid()
        return fill.starting(job.doc, page_starts(self.doc.body, laid))

    def _laid(self):
        """Where the body's blocks and the footnotes lie on the pages last laid out."""
        from generator.writers.typst.fill import laid_out
        from generator.writers.typst.style import derived
        return self._run(laid_out, self.compiler, self.doc.body, derived(self.job.profile)["notes_clearance_pt"])

    def _pages(self) -> dict[str, int]:
        """Each anchor → the 1-based page it starts on."""
        from generator.writers.typst.fill import starts
        anchors = [block.anchor for block in self.doc.blocks() if getattr(block, "anchor", "")]
        return {anchor: place.page for anchor, place in self._run(starts, self.compiler, anchors).items()}

    def _path(self, path: Path, allowed: list[Path]) -> str:
        return _under(self.root, self.stand_ins.get(Path(path).resolve(), path), allowed)

    def _run(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except RuntimeError as error:          # typst.TypstError, or the query's plain RuntimeError
            detail = " ".join(filter(None, (getattr(error, "message", str(error)), getattr(error, "diagnostic", ""))))
            raise TypstError(f"Typst could not lay the report out: {detail}") from None

    def write(self, path: Path):
        """Write the PDF here and now."""
        from generator.writers.typst.archive import finish, standards, timestamp
        meta = self.job.doc.meta
        self.job.drawn.wait()
        for drawn, stand_in in self.stand_ins.items():
            stand_in.write_bytes(drawn.read_bytes())
        data = self._run(self.compiler.compile, format="pdf", pdf_standards=standards(self.variant),
                         timestamp=timestamp(meta))
        finish(data, path, meta, [h.full_text for h in self.doc.body if isinstance(h, Heading)])
        return lambda: None


def _stand_ins(stand_ins: dict) -> dict[Path, Path]:
    """Each chart's SVG file → a file beside it holding its stand-in for now (``*.stand-in.svg``)."""
    copies = {}
    for path, stand_in in stand_ins.items():
        copy = path.with_name(f"{path.name}.stand-in.svg")
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(stand_in.svg)
        copies[Path(path).resolve()] = copy
    return copies


def _refused(photo: Path, work: Path) -> Problem | None:
    """Why Typst cannot read ``photo`` (a file the checks of the inputs found sound), tried alone;
    None if it can."""
    import typst
    source = work / "photo-alone.typ"
    root = Path(photo.resolve().anchor)
    source.write_text(f"#image({quote(_under(root, photo, [photo.parent]))})\n", encoding="utf-8")
    try:
        typst.Compiler(str(source), root=str(root), font_paths=[], ignore_system_fonts=True).query("image")
    except RuntimeError as error:
        detail = getattr(error, "message", str(error)).split(" (")[0].removeprefix("failed to compile document: ")
        return Problem(shown_path(photo), None, "", f"the PDF's engine (Typst) cannot read this photo ({detail}): "
                                                    "open it in an image editor and save it again as JPEG")
    return None


def _under(root: Path, path: Path, allowed: list[Path]) -> str:
    """``path`` as the Typst source names it (from ``root``); only a file under an ``allowed``
    folder (the run's work folder, the inputs', the templates') is named."""
    return "/" + within(path, allowed).relative_to(root).as_posix()


def start(job: Job) -> TypstOutput:
    """Lay the pages out."""
    return TypstOutput(job)


__all__ = ["start", "quote", "TypstOutput", "TypstError"]
