"""The page fill of the Typst pages (the rule of ``generator.writers.pagefill``, read from Typst's
layout): where a diagram or photo that does not fit the rest of a page goes whole to the next one
and leaves more than ``page.max_empty_foot`` of the page empty, a photo shrinks to stay (down to
``photos.min_scale`` of its box), else the paragraphs, lists and tables after the figure move
ahead of it, as many as fill the gap. Each decision goes into the ``Fill`` record the other
writers apply. Not yet read from Typst's pages: footnotes at a page's foot (the gap is measured
to the text area's foot) and a short table kept whole (it is never let split)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.config import Profile
from generator.doc.fill import MOVABLE_BLOCKS, Fill
from generator.doc.model import Diagram, Document, PageBreak, Photo, TableOfContents
from generator.writers.shrunk import resampled
from generator.writers.typst.markup import END_MARK, photo_size_mm

PT_PER_MM = 72 / 25.4
SHRINK_SLACK = 0.02              # a shrunk photo a little smaller than just fitting
FIGURES = (Diagram, Photo)


@dataclass(frozen=True)
class Place:
    """Where a block ends, or an anchored element starts: its page (from 1) and height on it (pt)."""
    page: int
    y: float


def ends(compiler, count: int) -> list[Place | None]:
    """Where each of the ``count`` body blocks (in the order printed) ends; None for a block kept
    with the next (it has no mark)."""
    found = json.loads(compiler.eval(
        f'range({count}).map(i => {{ let q = query(label("{END_MARK}" + str(i))); '
        f"if q.len() > 0 {{ let p = q.first().location().position(); (p.page, p.y.pt()) }} }})", format="json"))
    return [Place(*place) if place else None for place in found]


def starts(compiler, anchors: list[str]) -> dict[str, Place]:
    """Where each anchored element starts (its label's element), by anchor."""
    found = json.loads(compiler.eval(
        f"({''.join(json.dumps(a) + ', ' for a in anchors)}).map(a => {{ let q = query(label(a)); "
        f"if q.len() > 0 {{ let p = q.first().location().position(); (a, p.page, p.y.pt()) }} }})",
        format="json"))
    return {anchor: Place(page, y) for anchor, page, y in filter(None, found)}


def decided(fill: Fill, doc: Document, profile: Profile, work: Path, placed: list[Place | None],
            anchored: dict[str, Place]) -> Fill:
    """``fill`` with this layout's fixes added: photos shrunk, text moved ahead of figures."""
    printed = fill.printed(doc).body
    shrinks, moves = {}, {}
    for place, block in enumerate(printed):
        gap = _gap(profile, printed, placed, anchored, place)
        if gap is None:
            continue
        scale = _fitting_scale(profile, block, placed[place], gap) if isinstance(block, Photo) else 0.0
        if scale >= profile.photos.min_scale:
            shrinks[block.anchor] = scale
        elif count := _moving(printed, placed, place, gap):
            moves[block.anchor] = count
    moved, _ = fill.moved_ahead(doc, moves)
    return moved.shrunk(doc, resampled(doc, shrinks, profile, work))


def _gap(profile: Profile, printed, placed: list[Place | None], anchored: dict[str, Place], place: int) -> float | None:
    """The room (pt) a figure at ``place`` left empty at the foot of the page before it, when it
    starts a page and that page is more than the profile's share empty; else None."""
    block = printed[place]
    if not isinstance(block, FIGURES) or not block.anchor or place == 0 or block.anchor not in anchored:
        return None
    before, page = placed[place - 1], anchored[block.anchor].page
    if before is None or isinstance(printed[place - 1], (PageBreak, TableOfContents)) or \
            before.page != page - 1 or before.page < 2:
        return None
    foot = (profile.page.height_mm - profile.page.margin_bottom_mm) * PT_PER_MM
    room = foot - before.y
    return room if room > profile.page.max_empty_foot * profile.page.text_height_mm * PT_PER_MM else None


def _fitting_scale(profile: Profile, photo: Photo, end: Place, room: float) -> float:
    """The scale at which a photo's figure fits ``room``."""
    height = (end.y - profile.page.margin_top_mm * PT_PER_MM)
    image = photo_size_mm(profile, photo)[1] * PT_PER_MM
    return min(1.0, 1 - (height - room) / image - SHRINK_SLACK) if image > 0 else 0.0


def _moving(printed, placed: list[Place | None], place: int, room: float) -> int:
    """How many blocks after the figure at ``place`` move ahead of it to fill ``room``."""
    count, filled = 0, 0.0
    for at in range(place + 1, len(printed)):
        if not isinstance(printed[at], MOVABLE_BLOCKS) or filled >= room or None in placed[at - 1:at + 1] or \
                placed[at].page != placed[at - 1].page:
            break
        count, filled = count + 1, filled + placed[at].y - placed[at - 1].y
    return count
