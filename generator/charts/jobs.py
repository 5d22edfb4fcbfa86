"""The pictures a document needs, handed to ``Workers``: each chart, each placeholder photo, and a
copy of each photo a phone stored sideways (turned upright) or finer than print needs (scaled down).

This module imports neither matplotlib nor Pillow: the main process hands the work over by name
and the workers import what drawing needs. ``start_drawing`` returns at once, so the main process
can do other work meanwhile (load WeasyPrint, lay the pages out); the ``Drawing`` it returns
waits for the pictures when they are needed.
"""
from __future__ import annotations

import os
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Callable

from generator.charts.canvas import StandIn, chart_size_mm, svg_stand_in
from generator.charts.upright import upright      # Pillow is imported when it runs
from generator.config import Profile
from generator.doc.model import FILE_SUFFIXES, SVG, SVG_TEXT, ChartSpec, Diagram, Document, Photo, RenderedImage


#: The forms drawn as SVG, of one size: a layout may take ``svg_stand_in`` in place of each.
SVG_FORMS = {SVG, SVG_TEXT}


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


def photos(doc: Document) -> list[Photo]:
    """The photos supplied, in reading order: each is checked for a sideways EXIF tag."""
    return [block for block in doc.body if isinstance(block, Photo) and not block.placeholder]


class Drawing:
    """The pictures of one document, being drawn by workers in the order they are needed.

    The page layout needs the placeholder photos (their pixels set their size) but only the
    size of each chart, known beforehand: ``stand_ins`` gives, for each chart's SVG (plain or text form), an
    empty SVG of that size to lay the pages out with and the wait for the real file, which
    the PDF writer reads when it paints that page. So the pages are laid out, and the first ones
    painted, while the charts are still being drawn.
    """

    def __init__(self) -> None:
        self.photos: list[tuple[Photo, Future, Callable[[], str], Path]] = []  # block, job, same job here, its file
        self._done_here: dict[int, str] = {}       # the photos' jobs this process did itself, by index
        self.charts: list[Future] = []
        self.stand_ins: dict[Path, StandIn] = {}

    def for_layout(self) -> None:
        """Wait for the photos (placeholders, print copies) and give each block its file.

        The layout cannot start without them, so this process does those no worker has
        begun (``claim``: a job queued to a worker still warming up too), from the last one
        back, while the workers go on from the first.
        """
        for i, (_, future, here, path) in reversed(list(enumerate(self.photos))):
            if not future.done() and (future.cancel() or claim(path)):
                self._done_here[i] = here()
        for i, (block, future, _, _) in enumerate(self.photos):
            block.path = self._done_here[i] if i in self._done_here else future.result()

    def wait(self) -> None:
        """Wait for every picture; a drawing error is raised here."""
        self.for_layout()
        for future in self.charts:
            future.result()


def claim(path: Path) -> bool:
    """True for the first process to ask for the job that writes ``path`` (it makes the empty
    file ``<path>.claim`` at once; the file system says who came first), False for any other."""
    Path(path).parent.mkdir(exist_ok=True)    # never its parents: a work folder removed stays removed
    try:
        os.close(os.open(f"{path}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def if_claimed(path: Path, target: str, *args) -> str | None:
    """In a worker: ``target(*args)`` (``run_named``), the job that writes ``path``, unless the
    main process has claimed it first (then None: the main process does it)."""
    from generator.charts.workers import run_named
    return run_named(target, *args) if claim(path) else None


def _photo_job(drawing: Drawing, workers, block: Photo, path: Path, target: str, here: Callable, *args) -> None:
    """Hand the photo job ``target(*args)`` (it writes ``path``) to ``workers``, claimed first by
    whichever process begins it; ``here(*args)`` is the same function, for this process."""
    future = workers.call("generator.charts.jobs:if_claimed", path, target, *args)
    drawing.photos.append((block, future, partial(here, *args), path))


def placeholder_at(caption: str, path: Path, mark: str) -> str:
    """A placeholder picture for a photo not supplied yet, drawn at ``path``; returns that path."""
    from generator.charts.placeholder import make_placeholder
    make_placeholder(caption, path, mark)
    return str(path)


def start_drawing(doc: Document, profile: Profile, charts_dir: Path, workers,
                  photos_dir: Path | None = None, forms: tuple[str, ...] = (SVG,),
                  drawn: dict | None = None) -> Drawing:
    """Hand every chart (``charts_dir/<anchor>.svg``, and the other ``forms`` the writers take:
    ``registry.image_forms()``; none without forms) and, given ``photos_dir``, a placeholder
    for each photo not supplied yet (``photos_dir/placeholder-<n>.png``) to ``workers``; returns
    at once, with ``doc.images`` already naming the files to come.

    The work is queued in the order it is needed: the placeholders (the layout waits for them),
    then each chart, in reading order (the PDF's pages are painted in that order).

    ``drawn``: the charts handed over already in this run (the other editions'), by anchor and
    ``chart_key``; a chart found there is not drawn again, and the ones drawn here are added.
    """
    drawing, drawn = Drawing(), {} if drawn is None else drawn
    for i, block in enumerate(placeholders(doc) if photos_dir is not None else []):
        path = photos_dir / f"placeholder-{i + 1}.png"
        mark = profile.terms.placeholder
        _photo_job(drawing, workers, block, path, "generator.charts.jobs:placeholder_at", placeholder_at,
                   block.caption, path, mark)
    box, max_dpi = profile.photo_box_mm(), profile.photos.max_dpi
    for i, block in enumerate(photos(doc) if photos_dir is not None else []):
        path = photos_dir / f"print-{i + 1}"
        _photo_job(drawing, workers, block, path, "generator.charts.upright:upright", upright,
                   block.path, path, box, max_dpi)
    for name, diagram in (diagrams(doc) if forms else {}).items():     # no form: its writers draw their own
        key = (name, chart_key(diagram.chart, profile))
        if key not in drawn:
            drawn[key] = _chart(diagram.chart, profile, charts_dir, name, workers, forms)
        image, future, stand_in = drawn[key]
        doc.images[name] = image
        drawing.charts.append(future)
        for form in SVG_FORMS & set(forms):
            drawing.stand_ins[Path(image.forms[form])] = stand_in
    return drawing


def chart_key(spec: ChartSpec, profile: Profile) -> str:
    """What drawing a chart reads (``generator.charts``): its spec and the profile's page, charts,
    numbers and draft parts, never its words (``terms``). Two charts of the same key are one picture."""
    return repr((spec, profile.page, profile.charts, profile.numbers, profile.draft))


def _chart(spec: ChartSpec, profile: Profile, charts_dir: Path, name: str, workers, forms: tuple[str, ...]):
    """One chart handed to the workers: its image (the files to come), their job, and its stand-in."""
    width_mm, height_mm = chart_size_mm(spec, profile)
    image = RenderedImage({form: str(charts_dir / f"{name}{FILE_SUFFIXES[form]}") for form in forms},
                          width_mm, height_mm)
    future = workers.call("generator.charts.draw:draw_chart", spec, profile, charts_dir, name, forms)
    stand_in = StandIn(svg_stand_in(spec, profile), future.result) if SVG_FORMS & set(forms) else None
    return image, future, stand_in


def draw_all(doc: Document, profile: Profile, out_dir: Path, workers: int | None = None,
             forms: tuple[str, ...] = (SVG,)) -> None:
    """Draw every diagram of the body to ``out_dir/<anchor>.svg`` (or the other ``forms``) and
    fill ``doc.images``.

    With two or more diagrams the charts are drawn in forked worker processes (measured on
    2 cores: 4 charts 0.62 s against 1.05 s one by one); ``workers=1`` draws them here. The
    pipeline instead starts its ``Workers`` before the inputs are read (see ``start_drawing``).
    """
    from generator.charts.workers import Workers, cpu_count
    n_workers = min(workers or cpu_count(), len(diagrams(doc)))
    if n_workers < 2:
        n_workers = 0                        # no processes: drawn here, in turn
    else:
        from generator.charts.style import register_fonts
        register_fonts(profile.charts.font)  # once, inherited by the forked workers
    with Workers(n_workers) as pool:
        start_drawing(doc, profile, Path(out_dir), pool, forms=forms).wait()
