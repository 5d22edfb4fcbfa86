"""The Typst PDF writer: the document model as Typst markup (``markup``, the look in
templates/typst/report.typ), compiled in-process by the ``typst`` package (no system library),
with the bundled fonts only. The file is PDF/A-3a and PDF/UA-1 at once (``archive``): tagged,
other-language passages marked, the inputs attached, dated from the inputs, never the clock.

The pages are laid out once, in memory; each anchor's page (headings, tables, diagrams) is read
back from the marks the markup leaves (``markup.PAGE_MARK``) and serves the other writers (the
DOCX's contents). The page fill is applied when another writer decided it (``Job.fill``); this
one decides none of its own yet.
"""
from __future__ import annotations

import json
from pathlib import Path

from generator.config import FONTS_DIR
from generator.writers.pdf_variants import DEFAULT_PDF_VARIANT
from generator.writers.registry import Job
from generator.writers.typst.markup import PAGE_MARK, Ctx, document, quote

TEMPLATE = Path("typst") / "report.typ"


class TypstError(RuntimeError):
    """Typst could not lay the report out: the message says where."""


class TypstOutput:
    """The report compiled by Typst, ready to be written."""

    def __init__(self, job: Job):
        import typst
        from generator.writers.typst.archive import attach, standards
        from generator.writers.typst.style import profile_json
        self.job = job
        variant = job.pdf_variant or DEFAULT_PDF_VARIANT
        job.drawn.wait()                              # the charts are read as the pages are laid out
        doc = job.fill.printed(job.doc) if job.fill else job.doc
        self.fill = None
        template = next(folder / TEMPLATE for folder in (*job.templates,) if (folder / TEMPLATE).is_file())
        root = Path(template.resolve().anchor)
        ctx = Ctx(doc, job.profile, lambda path: _under(root, Path(path), job.allowed_roots))
        self.source = document(ctx, _under(root, template, [template.parent])) + \
            attach(job.work, job.attachments, variant, lambda path: _under(root, path, [job.work]))
        self.standards = standards(variant)
        main = job.work / "report.typ"             # a file: Typst's query cannot read a source given as bytes
        main.write_text(self.source, encoding="utf-8")
        self.compiler = typst.Compiler(str(main), root=str(root), font_paths=[str(FONTS_DIR)],
                                       ignore_system_fonts=True, sys_inputs={"profile": profile_json(job.profile)})
        self.pages = self._pages()

    def _pages(self) -> dict[str, int]:
        """Each anchor → the 1-based page it starts on."""
        found = json.loads(self._run(self.compiler.query, f"<{PAGE_MARK}>", field="value", format="json"))
        return {anchor: page for anchor, page in found}

    def _run(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except RuntimeError as error:          # typst.TypstError, or the query's plain RuntimeError
            detail = " ".join(filter(None, (getattr(error, "message", str(error)), getattr(error, "diagnostic", ""))))
            raise TypstError(f"Typst could not lay the report out: {detail}") from None

    def write(self, path: Path):
        """Write the PDF here and now."""
        from generator.writers.typst.archive import finish, timestamp
        meta = self.job.doc.meta
        data = self._run(self.compiler.compile, format="pdf", pdf_standards=self.standards,
                         timestamp=timestamp(meta))
        finish(data, path, meta)
        return lambda: None


def _under(root: Path, path: Path, allowed: list[Path]) -> str:
    """``path`` as the Typst source names it (from ``root``); only a file under an ``allowed``
    folder (the run's work folder, the inputs', the templates') is named."""
    path = Path(path).resolve()
    if not any(path.is_relative_to(Path(folder).resolve()) for folder in allowed):
        raise TypstError(f"{path} is outside {', '.join(map(str, allowed))}: the PDF does not read it")
    return "/" + path.relative_to(root).as_posix()


def start(job: Job) -> TypstOutput:
    """Lay the pages out."""
    return TypstOutput(job)


__all__ = ["start", "quote", "TypstOutput", "TypstError"]
