"""The reportlab PDF writer: the document model drawn with reportlab's platypus, needing nothing
but wheels (no system library), made archival (PDF/A-3b) with pikepdf.

``blocks`` turns each block kind into flowables, ``pages`` lays them out on the profile's pages
(cover, contents, page numbers, outline), ``charts`` draws the diagrams from their data (no
drawn file: the pipeline draws none for this engine), ``figures`` places photos, ``archive``
writes the archival file. The layout is done once, in memory; its anchors' pages serve the
other writers (the DOCX's contents) as WeasyPrint's do.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from generator.doc.model import Photo
from generator.writers.registry import Job
from generator.writers.roots import within


class ReportlabOutput:
    """The pages laid out by reportlab, ready to be written."""

    def __init__(self, job: Job):
        from generator.writers.reportlab.blocks import Ctx
        from generator.writers.reportlab.pages import build
        from generator.writers.reportlab.styles import make_styles
        self.job = job
        job.drawn.for_layout()            # the photos (placeholders, print copies)
        for block in job.doc.blocks():
            if isinstance(block, Photo):
                within(block.path, job.allowed_roots)       # read only from the run's folders
        page = job.profile.page
        width = (page.width_mm - page.margin_left_mm - page.margin_right_mm) * mm
        ctx = Ctx(job.doc, make_styles(job.profile), width)
        self.data, self.pages = build(ctx)

    def write(self, path: Path):
        from generator.writers.reportlab.archive import archive
        archive(self.data, path, self.job.doc.meta, self.job.pdf_variant, self.job.attachments)
        return lambda: None


def start(job: Job) -> ReportlabOutput:
    """Lay the pages out."""
    return ReportlabOutput(job)
