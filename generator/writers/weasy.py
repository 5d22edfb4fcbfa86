"""The WeasyPrint PDF writer behind the registry: the HTML laid out into pages (again where a
figure left a page too empty: ``pagefill``), whose anchors' page numbers and page fill (a
``Fill``) the other writers use, then written as the archival PDF."""
from __future__ import annotations

from pathlib import Path

from generator.writers.pagefill import lay_out
from generator.writers.pdf import DEFAULT_PDF_VARIANT, heading_pages, write_pdf
from generator.writers.weasyprint_compat import font_configuration_in
from generator.writers.registry import Job


class WeasyPrintOutput:
    """The pages laid out by WeasyPrint, ready to be written."""

    def __init__(self, job: Job):
        self.job = job
        job.drawn.for_layout()                     # the placeholders; charts are laid out by size
        fonts = font_configuration_in(job.work)         # its font files go with the work folder
        self.rendered, self.fill = lay_out(job.doc, job.profile, job.work, job.allowed_roots, job.drawn.stand_ins,
                                           job.templates, font_config=fonts)
        self.pages = heading_pages(self.rendered)

    def write(self, path: Path):
        """Write the PDF here and now (each chart read when its page is painted)."""
        job = self.job
        write_pdf(self.rendered, path, job.doc.meta, job.pdf_variant or DEFAULT_PDF_VARIANT, job.attachments)
        return lambda: None


def start(job: Job) -> WeasyPrintOutput:
    """Lay the pages out."""
    return WeasyPrintOutput(job)
