"""The preview's pages laid out by Typst, as the Typst PDF engine lays out the report (its page
fill included; ``generator.writers.typst``), kept warm by Typst's own memory of its last layouts.

A page's key is a digest of its SVG (everything Typst paints on it, pictures included), a few
hundredths of a second for the whole report; only when some page is new is the PDF compiled
(untagged: only its pictures are wanted) and those pages drawn from it (``PageShelf``)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from generator.preview.pages import PX_PER_PT, Laid, PageShelf
from generator.writers.registry import Job, writer


class _Drawn:
    """The preview's pictures, drawn before the layout (``generator.preview.pictures``)."""
    stand_ins: dict = {}

    def wait(self) -> None:
        pass

    for_layout = wait


class TypstPages:
    """Lays the preview's pages out with Typst, in a folder of the preview's own."""

    def __init__(self, work: Path):
        self.work = work / "typst"
        self.work.mkdir(parents=True, exist_ok=True)

    def forget(self, photos: bool) -> None:
        """Nothing to drop: Typst reads the files again and keeps only what did not change."""

    def signature(self, ready) -> str:
        """What the pages show, compared between builds: the document as printed."""
        return repr((ready.doc, ready.profile))

    def lay_out(self, ready, shown: str, roots: list[Path], shelf: PageShelf) -> Laid:
        """The pages of ``ready``'s document, those new drawn on ``shelf``."""
        from generator.writers.typst.fill import starts
        job = Job(ready.doc, ready.profile, self.work, roots, _Drawn(), None)
        output = writer("pdf", "typst").start(job)
        svgs = output.compiler.compile(format="svg")
        keys = [hashlib.sha256(svg).hexdigest()[:24] for svg in (svgs if isinstance(svgs, list) else [svgs])]
        views, lines, drawn = shelf.show(keys, lambda new: (output.compiler.compile(format="pdf"), new))
        placed = starts(output.compiler, list(output.pages))
        return Laid(views, lines, dict(output.pages), {a: p.y * PX_PER_PT for a, p in placed.items()}, drawn)
