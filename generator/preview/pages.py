"""The laid-out pages as pictures: each page drawn once per content, only changed pages again.

A page's ``key`` is a digest of what is painted on it, given by the engine that laid it out:
WeasyPrint's from its laid-out boxes (``page_key``: every box's kind, place, size, colours, text
and picture), Typst's from the page's SVG (``generator.preview.typst_pages``). Pages whose key is new
are drawn by PDFium (pypdfium2) from a PDF of them (without tags or attachments: only the
pictures are wanted) to PNG files named by their key; a page that did not change keeps its
picture and its lines of text, and the browser, seeing the same address, keeps the picture too.
Only the pictures of the last two builds are kept.
"""
from __future__ import annotations

import hashlib
import re
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The pictures' resolution: A4 is 794 pixels wide, a screen's page at 100 %.
DPI = 96
#: CSS pixels (WeasyPrint's unit) per PDF point.
PX_PER_PT = 96 / 72


@dataclass(frozen=True)
class PageView:
    """One page as the browser shows it: its picture's key, its printed text, its size in pixels."""
    key: str
    text: str
    width: int
    height: int


@dataclass
class PageLines:
    """Each line of text on a page with its height from the top (CSS px), for finding a place."""
    lines: list[tuple[float, str]] = field(default_factory=list)

    def find(self, needle: str, below: float = 0.0) -> float | None:
        """The height of the first line at or below ``below`` holding ``needle``; None if none."""
        wanted = _squeeze(needle)
        for top, text in self.lines:
            if top >= below and wanted and wanted in _squeeze(text):
                return top
        return None


def _squeeze(text: str) -> str:
    """Text compared without its spaces (line breaking and no-break spaces differ)."""
    return re.sub(r"\s+", "", text)


def page_key(page) -> tuple[str, PageLines]:
    """A digest of everything painted on a WeasyPrint page, and its lines of text."""
    digest = hashlib.sha256()
    lines = PageLines()
    from generator.writers.weasyprint_compat import page_boxes     # WeasyPrint's laid-out boxes, fenced
    for box in page_boxes(page):
        text = getattr(box, "text", None)
        image = getattr(box, "replacement", None)
        style = box.style
        digest.update(repr((type(box).__name__, box.position_x, box.position_y, box.width, box.height,
                            text, _picture(image), style["color"], style["background_color"],
                            style["font_size"], style["font_weight"], style["font_style"],
                            style["border_top_width"], style["border_bottom_width"])).encode())
        if text:
            lines.lines.append((box.position_y, text))
    digest.update(repr((page.width, page.height)).encode())
    return digest.hexdigest()[:24], _joined(lines)


def _picture(image) -> str:
    """What identifies a picture's content: photos are named by their bytes' digest, charts by
    their content-addressed file (see ``generator.preview.pictures``)."""
    if image is None:
        return ""
    return str(getattr(image, "id", "")) + str(getattr(image, "_base_url", ""))


def _joined(lines: PageLines) -> PageLines:
    """Text boxes of one line merged, so a phrase split over words is found."""
    merged: list[tuple[float, str]] = []
    for top, text in lines.lines:
        if merged and abs(merged[-1][0] - top) < 1:
            merged[-1] = (merged[-1][0], merged[-1][1] + text)
        else:
            merged.append((top, text))
    return PageLines(merged)


@dataclass
class Laid:
    """One layout's pages: their views and lines, each anchor's page (from 1) and height on it
    (CSS px), and how many pictures were drawn for it."""
    views: list[PageView]
    lines: list[PageLines]
    anchor_pages: dict[str, int]
    anchor_tops: dict[str, float]
    drawn: int


#: A PDF of some pages: given the pages' indexes, its bytes and the index of each of them in it.
PagesPdf = Callable[[list[int]], tuple[bytes, Sequence[int]]]


class PageShelf:
    """The pictures of pages drawn so far, by key, in a folder of this process's own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.views: dict[str, PageView] = {}
        self.read: dict[str, PageLines] = {}    # each drawn page's lines, as PDFium reads them
        self.shown: set[str] = set()        # the keys of the last build's pages

    def path(self, key: str) -> Path | None:
        """The picture of ``key`` if this shelf drew it (the only files the server hands out)."""
        return self.folder / f"{key}.png" if key in self.views else None

    def update(self, rendered) -> tuple[list[PageView], list[PageLines], int]:
        """The views of every page WeasyPrint laid out in ``rendered``, in order, their lines, and
        how many were drawn now."""
        keys, lines = zip(*(page_key(page) for page in rendered.pages)) if rendered.pages else ((), ())
        views, _, drawn = self.show(list(keys), partial(_weasyprint_pdf, rendered))
        return views, list(lines), drawn

    def show(self, keys: list[str], pdf: PagesPdf) -> tuple[list[PageView], list[PageLines], int]:
        """The views of the pages of ``keys`` in order, their lines, and how many were drawn now:
        those of a key not drawn yet, from ``pdf`` of them."""
        new = [i for i, key in enumerate(keys) if key not in self.views and key not in keys[:i]]
        if new:
            self._draw(*pdf(new), new, keys)
        self._keep_only({*keys, *self.shown})
        self.shown = set(keys)
        return [self.views[key] for key in keys], [self.read[key] for key in keys], len(new)

    def _keep_only(self, keys: set[str]) -> None:
        """Forget the pictures of neither this build nor the one before (a browser may still be
        fetching those), so a long session's folder does not grow with every edit."""
        for key in [key for key in self.views if key not in keys]:
            del self.views[key]
            self.read.pop(key, None)
            (self.folder / f"{key}.png").unlink(missing_ok=True)

    def _draw(self, data: bytes, at: Sequence[int], indexes: list[int], keys) -> None:
        """Draw the pages at ``indexes`` (pages ``at`` of the PDF ``data``) to ``<key>.png`` with PDFium."""
        import pypdfium2
        pdf = pypdfium2.PdfDocument(data)
        try:
            for number, i in zip(at, indexes):
                page = pdf[number]
                image = page.render(scale=DPI / 72).to_pil()
                image.save(self.folder / f"{keys[i]}.png", compress_level=1)
                text = page.get_textpage()
                self.views[keys[i]] = PageView(keys[i], " ".join(text.get_text_range().split()), image.width, image.height)
                self.read[keys[i]] = _lines(text, page.get_height())
                page.close()
        finally:
            pdf.close()


def _weasyprint_pdf(rendered, indexes: list[int]) -> tuple[bytes, range]:
    """WeasyPrint's pages at ``indexes`` as one small PDF."""
    from generator.writers.pdf import can_subset_fonts
    pages = rendered.copy([rendered.pages[i] for i in indexes])
    return pages.write_pdf(uncompressed_pdf=True, full_fonts=not can_subset_fonts()), range(len(indexes))


def _lines(text, height_pt: float) -> PageLines:
    """The lines of a page's text (PDFium's text runs, those of one height joined), from the top in CSS px."""
    runs = []
    for i in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(i)
        runs.append(((height_pt - top) * PX_PER_PT, text.get_text_bounded(left, bottom, right, top)))
    return _joined(PageLines(sorted(runs, key=lambda run: run[0])))
