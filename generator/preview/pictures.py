"""The document's pictures for the preview, each drawn once per content and kept across builds.

A chart's files are named by a digest of its data and the layout profile, a placeholder's by
its caption, a turned photo's by the photo's size and time: a build draws only what is new, and
a page whose pictures did not change keeps its key (see ``generator.preview.pages``).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.charts.jobs import diagrams, photos, placeholder_at, placeholders
from generator.doc.model import SVG, Document, RenderedImage


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


class PictureShelf:
    """Charts, placeholders and upright photos drawn so far, in ``folder``; counts what it drew."""

    def __init__(self, folder: Path, forms: tuple[str, ...] = (SVG,)):
        self.folder, self.forms = folder, forms         # the forms the engine laying the pages out takes
        self.drawn = 0
        self.charts: dict[str, RenderedImage] = {}      # by digest of the chart and the profile

    def fill(self, doc: Document, profile) -> None:
        """Give every diagram and photo of ``doc`` its picture, drawing only those not drawn yet."""
        look = _digest(profile.model_dump_json())
        for name, diagram in diagrams(doc).items():
            key = _digest(diagram.chart, look)
            if key not in self.charts:
                from generator.charts.draw import draw_chart
                self.charts[key] = draw_chart(diagram.chart, profile, self.folder, f"chart-{key}", self.forms)
                self.drawn += 1
            doc.images[name] = self.charts[key]
        for block in placeholders(doc):
            block.path = self._placeholder(block.caption, profile.terms.placeholder, look)
        for block in photos(doc):
            block.path = self._upright(block.path)

    def _placeholder(self, caption: str, mark: str, look: str) -> str:
        path = self.folder / f"placeholder-{_digest(caption, look)}.png"
        if not path.exists():
            placeholder_at(caption, path, mark)
            self.drawn += 1
        return str(path)

    def _upright(self, source: str) -> str:
        """The photo itself, or its turned copy (made again when the photo changes)."""
        from generator.charts.upright import upright
        stat = os.stat(source)
        dest = self.folder / f"upright-{_digest(source, stat.st_size, stat.st_mtime_ns)}"
        found = [p for p in (dest.with_suffix(".png"), dest.with_suffix(".jpg")) if p.exists()]
        return str(found[0]) if found else upright(source, dest)
