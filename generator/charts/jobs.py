"""The pictures a document needs, handed to ``Workers``: each chart, each placeholder photo.

This module imports neither matplotlib nor Pillow: the main process hands the work over by name
and the workers import what drawing needs. ``start_drawing`` returns at once, so the main process
can do other work meanwhile (load WeasyPrint, lay the pages out); the ``Drawing`` it returns
waits for the pictures when they are needed.
"""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from generator.charts.sizes import StandIn, chart_size_mm, svg_stand_in
from generator.config import Profile
from generator.doc.model import Diagram, Document, Photo, RenderedImage


def diagrams(doc: Document) -> dict[str, Diagram]:
    """The document's diagrams by anchor, in reading order; each anchor drawn once."""
    found: dict[str, Diagram] = {}
    for block in doc.body:
        if isinstance(block, Diagram):
            if not block.anchor:
                raise ValueError(f"diagram {block.title!r} has no anchor; number the document first")
            if block.anchor in found and found[block.anchor].chart != block.chart:
                raise ValueError(f"two different diagrams share the anchor {block.anchor!r}")
            found[block.anchor] = block
    return found


def placeholders(doc: Document) -> list[Photo]:
    """The photos not supplied yet, in reading order: each gets a marked placeholder picture."""
    return [block for block in doc.body if isinstance(block, Photo) and block.placeholder]


class Drawing:
    """The pictures of one document, being drawn by workers in the order they are needed.

    The page layout needs the placeholder photos (their pixels set their size) but only the
    size of each chart, known beforehand: ``stand_ins`` gives, for each chart's SVG, an empty
    SVG of that size to lay the pages out with and the wait for the real file, which the PDF
    writer reads when it paints that page. So the pages are laid out, and the first ones
    painted, while the charts are still being drawn.
    """

    def __init__(self) -> None:
        self.photos: list[tuple[Photo, Path, Future]] = []
        self.charts: list[Future] = []
        self.stand_ins: dict[Path, StandIn] = {}

    def for_layout(self) -> None:
        """Wait for the placeholder photos and give each its path.

        The layout cannot start without them, so this process draws those no worker has
        started yet, from the last one back, while the workers go on from the first.
        """
        for block, path, future in reversed(self.photos):
            if not future.done() and future.cancel():
                from generator.charts.placeholder import make_placeholder
                make_placeholder(block.caption, path)
        for block, path, future in self.photos:
            if not future.cancelled():
                future.result()
            block.path = str(path)

    def wait(self) -> None:
        """Wait for every picture (the DOCX needs them all); a drawing error is raised here."""
        self.for_layout()
        for future in self.charts:
            future.result()


def start_drawing(doc: Document, profile: Profile, charts_dir: Path, workers,
                  photos_dir: Path | None = None) -> Drawing:
    """Hand every chart (``charts_dir/<anchor>.svg|png``) and, given ``photos_dir``, a placeholder
    for each photo not supplied yet (``photos_dir/placeholder-<n>.png``) to ``workers``; returns
    at once, with ``doc.images`` already naming the files to come.

    The work is queued in the order it is needed: the placeholders (the layout waits for them),
    then each chart, SVG and PNG together (laid out once), in reading order (the PDF's pages
    are painted in that order).
    """
    drawing = Drawing()
    for i, block in enumerate(placeholders(doc) if photos_dir is not None else []):
        path = photos_dir / f"placeholder-{i + 1}.png"
        future = workers.call("generator.charts.placeholder:make_placeholder", block.caption, path)
        drawing.photos.append((block, path, future))
    for name, diagram in diagrams(doc).items():
        width_mm, height_mm = chart_size_mm(diagram.chart, profile)
        image = RenderedImage(svg=str(charts_dir / f"{name}.svg"), png=str(charts_dir / f"{name}.png"),
                              width_mm=width_mm, height_mm=height_mm)
        doc.images[name] = image
        future = workers.call("generator.charts.draw:draw_chart", diagram.chart, profile, charts_dir, name)
        drawing.charts.append(future)
        drawing.stand_ins[Path(image.svg)] = StandIn(svg_stand_in(diagram.chart, profile), future.result)
    return drawing
