"""The WeasyPrint PDF writer behind the registry: the HTML laid out once into pages, whose anchors'
page numbers the other writers use, then written as the archival PDF."""
from __future__ import annotations

from pathlib import Path

from generator.writers.html import render_html
from generator.writers.pdf import (
    DEFAULT_PDF_VARIANT,
    heading_pages,
    render_pdf,
    write_pdf,
)
from generator.writers.registry import Job


class WeasyPrintOutput:
    """The pages laid out by WeasyPrint, ready to be written."""

    def __init__(self, job: Job):
        self.job = job
        job.drawn.for_layout()                     # the placeholders; charts are laid out by size
        self.rendered = render_pdf(render_html(job.doc, job.profile), allowed_roots=job.allowed_roots,
                                   stand_ins=job.drawn.stand_ins)
        self.pages = heading_pages(self.rendered)

    def write(self, path: Path):
        """Write the PDF here and now (each chart read when its page is painted)."""
        job = self.job
        write_pdf(self.rendered, path, job.doc.meta, job.pdf_variant or DEFAULT_PDF_VARIANT, job.attachments)
        return lambda: None


def start(job: Job) -> WeasyPrintOutput:
    """Lay the pages out."""
    return WeasyPrintOutput(job)
