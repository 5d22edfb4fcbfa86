"""DOCX writer: the document model as a Word file with named styles and real fields.

The writer's code (python-docx, python-pptx's chart XML) is loaded where the DOCX is written: in
a worker process. Handing the work over loads none of it here (it cost the main process 0.16 s
while it laid out the PDF's pages)."""
from importlib import import_module
from pathlib import Path

__all__ = ["write_docx", "start"]

WRITE = "generator.writers.docx.writer:write_docx"


def __getattr__(name: str):
    if name == "write_docx":
        return import_module("generator.writers.docx.writer").write_docx
    raise AttributeError(f"module 'generator.writers.docx' has no attribute {name!r}")


class DocxOutput:
    """The DOCX, written in a worker once the photos are ready (its charts are Word's own, drawn
    from no file), with the contents' page numbers another writer laid out (or none: Word fills
    them when it updates the fields), in the order and on the pages of that writer's page fill."""
    pages = None

    def __init__(self, job):
        self.job = job

    def write(self, path: Path):
        job = self.job
        future = job.workers.call_when(job.drawn.for_layout, WRITE,
                                       job.doc, job.profile, path, job.pages, job.fill)
        return future.result


def start(job) -> DocxOutput:
    return DocxOutput(job)
