"""DOCX writer: the document model as a Word file with named styles and real fields."""
from pathlib import Path

from generator.writers.docx.writer import write_docx

__all__ = ["write_docx", "start"]


class DocxOutput:
    """The DOCX, written in a worker once the photos are ready (its charts are Word's own, drawn
    from no file), with the contents' page numbers another writer laid out (or none: Word fills
    them when it updates the fields)."""
    pages = None

    def __init__(self, job):
        self.job = job

    def write(self, path: Path):
        job = self.job
        future = job.workers.call_when(job.drawn.for_layout, "generator.writers.docx:write_docx",
                                       job.doc, job.profile, path, job.pages)
        return future.result


def start(job) -> DocxOutput:
    return DocxOutput(job)
