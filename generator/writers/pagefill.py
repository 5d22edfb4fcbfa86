"""Page fill: how empty each laid-out page is at its foot, and what is done where a figure moved
to the next page leaves a gap.

A diagram, photo or short table that does not fit the rest of a page goes whole to the next one.
Where that leaves more than the profile's ``page.max_empty_foot`` of a page empty: a photo
shrinks to stay (down to ``photos.min_scale`` of its box; a chart never shrinks, its text would
fall below its printed size); else the paragraphs, lists and tables after the figure move ahead
of it (GOST 7.32 lets an illustration follow its first mention or stand on the next page), as
many as fill the gap; a short table kept whole may split instead (its header repeats). A figure
never passes another, so the numbers stay in order. Each change is made to the document model,
so both writers get it; the pages are laid out again, at most ``MAX_PASSES`` times in all: where
only text moved, from the page before the first figure on (the pages before it are kept).

The cover, the last page and a page the report ends on purpose (a page break: after the table of
contents, before an appendix) may stay as empty as they are.
"""
from __future__ import annotations

import copy
import dataclasses

from pathlib import Path
from typing import Mapping

from generator.charts.upright import upright
from generator.config import TEMPLATES_DIR, Profile
from generator.doc.model import Document, ListBlock, Paragraph, Photo, Table
from generator.writers.html import render_html
from generator.writers.weasyprint_compat import (
    anchor_pages, boxes, has_footnote_call, main_box, page_box, page_main,
)
from generator.writers.pdf import first_layout_of, render_again, render_pdf

MAX_PASSES = 5
SHRINK_SLACK = 0.02                              # a shrunk photo a little smaller than just fitting
MOVABLE_TAGS = ("p", "ol", "ul", "table")        # what Paragraph, ListBlock and Table are written as
MOVABLE_BLOCKS = (Paragraph, ListBlock, Table)
FORCED = ("page", "left", "right", "recto", "verso")
FIGURE_TAG = "figure"


def lay_out(doc: Document, profile: Profile, work: Path, allowed_roots: list[Path],
            stand_ins: Mapping[Path, object] | None = None, templates: tuple[Path, ...] = (TEMPLATES_DIR,),
            again: bool = True, html: str | None = None, memo: dict | None = None, **render_options):
    """The pages laid out, after shrinking a photo or moving text ahead of a figure that left a
    gap (see the module); a shrunk photo's copy at ``work`` keeps ``photos.max_dpi``. The fixes
    change ``doc``: hand in ``printed_copy(doc)`` to keep the document as built. ``render_options``
    go to ``render_pdf`` (the preview's warm fonts and images).

    Where only text moved ahead of figures, the pages before the first gap are kept and the rest
    laid out again from the same box tree (``again``; False: the whole document every time, as a
    reference for tests); a shrunk photo or a table let split lays the whole document out again.
    ``html``: ``doc``'s HTML when the caller has made it already (the preview).

    ``memo``: what a process that lays out one report again and again (the preview) keeps between
    builds: the first layout of the last build (``memo["first"]``), whose pages are kept where the
    blocks on them did not change (``render_pdf(before=…)``); this build's is put there."""
    html = html or render_html(doc, profile, templates)
    before = memo.get("first") if memo is not None else None
    rendered = render_pdf(html, allowed_roots, stand_ins, before=before, **render_options)
    if memo is not None:
        memo["first"] = first_layout_of(rendered, html)
    for _ in range(MAX_PASSES - 1):
        limit = profile.page.max_empty_foot
        shrinks, moves = figure_fixes(rendered, limit, profile.photos.min_scale)
        shrunk, moved = shrink(doc, shrinks, profile, work), move_ahead(doc, moves)
        split = let_split(doc, kept_tables(rendered, limit))
        if not (shrunk or moved or split):
            break
        if again and not (shrunk or split) and reorder_blocks(rendered, moved):
            rendered = render_again(rendered, _first_page(rendered, moved))
        else:
            rendered = render_pdf(render_html(doc, profile, templates), allowed_roots, stand_ins, **render_options)
    rendered.report_layout = None               # the box tree is not needed to paint: let it go
    return rendered


def _first_page(rendered, anchors) -> int:
    """The index of the page before the first of the figures named (the first page changed)."""
    pages = anchor_pages(rendered)
    return min(pages[anchor] for anchor in anchors) - 1


def printed_copy(doc: Document) -> Document:
    """A copy of ``doc`` whose blocks the page fill may move, shrink or split, leaving ``doc`` as
    built: the DOCX (which Word lays out by itself) keeps the inputs' order, and review finds its
    pieces in that order."""
    return dataclasses.replace(doc, body=[copy.copy(block) for block in doc.body])


def empty_shares(rendered) -> list[float]:
    """Each page's share of the text height left empty under its last line, table or picture
    (above its footnotes, where it has some)."""
    shares = []
    for page in rendered.pages:
        box = page_box(page)
        top, height = box.content_box_y(), box.height
        notes = [child for child in box.children if isinstance(child, boxes.FootnoteAreaBox) and child.children]
        foot = notes[0].position_y if notes else top + height       # footnotes stand at the foot
        shares.append(max(0.0, (foot - _lowest(box, top)) / height))
    return shares


def gappy_pages(rendered, limit: float) -> list[int]:
    """The pages (from 1) more than ``limit`` empty at the foot, but for the cover, the last page
    and a page the report ends on purpose."""
    shares = empty_shares(rendered)
    return [i + 1 for i, share in enumerate(shares[:-1])
            if i > 0 and share > limit and not _ends_on_purpose(rendered, i)]


def figure_fixes(rendered, limit: float, min_scale: float) -> tuple[dict[str, float], dict[str, int]]:
    """For each figure that starts a page and left the page before it too empty, by anchor: the
    scale a photo shrinks to, to stay on that page, or else how many blocks after the figure
    move ahead of it."""
    pages, shares = rendered.pages, empty_shares(rendered)
    shrinks, moves = {}, {}
    for number in gappy_pages(rendered, limit):
        flow = page_main(page_box(pages[number]))         # the next page's blocks
        at = 1 if len(flow) > 1 and flow[0].element_tag in _HEADINGS else 0
        if len(flow) <= at or flow[at].element_tag != FIGURE_TAG or not flow[at].element.get("id"):
            continue
        figure, gap = flow[at], shares[number - 1] * page_box(pages[number - 1]).height
        scale = _fitting_scale(figure, gap - (flow[0].margin_height() if at else 0))
        if at == 0 and scale >= min_scale:
            shrinks[figure.element.get("id")] = scale
            continue
        count, filled = 0, 0.0
        for box in flow[at + 1:]:
            if box.element_tag not in MOVABLE_TAGS or filled >= gap:     # fill the gap, not just enough
                break
            count, filled = count + 1, filled + box.margin_height()
        if count:
            moves[figure.element.get("id")] = count
    return shrinks, moves


def _fitting_scale(figure, room: float) -> float:
    """The scale at which a photo's figure fits ``room``; 0 for a chart (it never shrinks)."""
    if "photo" not in (figure.element.get("class") or "").split():
        return 0.0
    image = next((b for b in figure.descendants() if isinstance(b, boxes.ReplacedBox)), None)
    if image is None or image.height <= 0:
        return 0.0
    return min(1.0, 1 - (figure.margin_height() - room) / image.height - SHRINK_SLACK)


def shrink(doc: Document, scales: dict[str, float], profile: Profile, work: Path) -> bool:
    """Print each photo named (by anchor) at its scale, from a copy that keeps ``photos.max_dpi``
    at the smaller size; whether any shrank."""
    photos = {block.anchor: block for block in doc.body if isinstance(block, Photo)}
    for anchor, scale in scales.items():
        photo = photos[anchor]
        photo.scale = round(scale, 3)
        dest = Path(work) / "photos" / f"shrunk-{anchor}"
        photo.path = upright(photo.path, dest, profile.photo_box_mm(photo.scale), profile.photos.max_dpi)
    return bool(scales)


def kept_tables(rendered, limit: float) -> set[str]:
    """The anchors of tables kept whole that start a page and left the page before too empty."""
    found = set()
    for number in gappy_pages(rendered, limit):
        flow = page_main(page_box(rendered.pages[number]))
        if flow and flow[0].element_tag == "table" and "keep" in (flow[0].element.get("class") or "").split():
            found.add(flow[0].element.get("id"))
    return found


def let_split(doc: Document, anchors: set[str]) -> bool:
    """Let the tables named split across pages; whether any was kept whole before."""
    tables = [b for b in doc.body if isinstance(b, Table) and b.anchor in anchors and not b.may_split]
    for table in tables:
        table.may_split = True
    return bool(tables)


def move_ahead(doc: Document, moves: dict[str, int]) -> dict[str, int]:
    """Move the ``count`` paragraphs, lists or tables after each figure (by anchor) ahead of it,
    fewer where another kind of block comes first; how many moved, by anchor (empty: none)."""
    moved = {}
    for anchor, count in moves.items():
        at = next((i for i, block in enumerate(doc.body) if getattr(block, "anchor", "") == anchor), None)
        if at is None:
            continue
        following = doc.body[at + 1:at + 1 + count]
        following = following[:next((k for k, b in enumerate(following) if not isinstance(b, MOVABLE_BLOCKS)),
                                    len(following))]
        if following:
            doc.body[at:at + 1 + len(following)] = [*following, doc.body[at]]
            moved[anchor] = len(following)
    return moved


def reorder_blocks(rendered, moves: Mapping[str, int]) -> bool:
    """Move, in ``rendered``'s box tree, the ``count`` top-level blocks after each figure (by
    anchor) ahead of it, as ``pagefill.move_ahead`` does in the document; whether that could be
    done the same way (no footnote call in a figure: footnotes are numbered in the tree's order)."""
    main = main_box(rendered.report_layout[0])
    if main is None:
        return False
    children = list(main.children)
    for anchor, count in moves.items():
        at = next((i for i, box in enumerate(children) if box.element is not None and
                   box.element.get("id") == anchor), None)
        following = children[at + 1:at + 1 + count] if at is not None else []
        if len(following) != count or has_footnote_call(children[at]) or \
                any(box.element_tag not in MOVABLE_TAGS for box in following):
            return False
        children[at:at + 1 + count] = [*following, children[at]]
    main.children = children
    return True


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _lowest(box, lowest: float) -> float:
    """The foot of the lowest line, table or picture in ``box`` (margin boxes left out)."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return lowest
    if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableBox)):
        return max(lowest, box.border_box_y() + box.border_height())
    for child in getattr(box, "children", ()):
        lowest = _lowest(child, lowest)
    return lowest


def _ends_on_purpose(rendered, index: int) -> bool:
    """Whether page ``index`` (from 0) ends at a forced break: its last block breaks after it,
    or the next page's first block before it."""
    here, after = page_main(page_box(rendered.pages[index])), page_main(page_box(rendered.pages[index + 1]))
    return bool((here and here[-1].style["break_after"] in FORCED) or
                (after and after[0].style["break_before"] in FORCED))
