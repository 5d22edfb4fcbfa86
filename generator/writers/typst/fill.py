"""The page fill of the Typst pages (the rule of ``generator.writers.pagefill``, read from Typst's
layout): where a diagram, photo or short table that does not fit the rest of a page goes whole to
the next one and leaves more than ``page.max_empty_foot`` of the page empty (down to its
footnotes, where it has some), a photo shrinks to stay (down to ``photos.min_scale`` of its box),
a short table kept whole may split, else the paragraphs, lists and tables after the figure (and
after the figures that follow it at once) move ahead of it, as many as fill the gap. Each
decision goes into the ``Fill`` record the other writers apply, with the blocks that start a page
(``page_starts``): the DOCX then breaks its pages where these do."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.config import Profile
from generator.doc.fill import FIGURE_BLOCKS, MOVABLE_BLOCKS, Fill, figure_run
from generator.doc.model import Document, Heading, PageBreak, Photo, Table
from generator.writers.geometry import line_pt
from generator.writers.shrunk import resampled
from generator.writers.typst.markup import END_MARK, START_MARK, photo_size_mm

PT_PER_MM = 72 / 25.4
SHRINK_SLACK = 0.02              # a shrunk photo a little smaller than just fitting


@dataclass(frozen=True)
class Place:
    """Where a block starts or ends: its page (from 1) and height on it (pt)."""
    page: int
    y: float


@dataclass(frozen=True)
class Laid:
    """The body as Typst laid it out: where each block (in the order printed) starts and ends
    (None: a block kept with the next has no end mark), and the top of each page's footnotes (pt)."""
    starts: list[Place | None]
    ends: list[Place | None]
    notes: dict[int, float]

    def last_page(self, place: int) -> int | None:
        """The page the block at ``place`` ends on (a block kept with the next: where it starts)."""
        end = self.ends[place] or self.starts[place]
        return end.page if end else None


def laid_out(compiler, printed: list, clearance_pt: float) -> Laid:
    """Where the ``printed`` body blocks start and end, and where the footnotes of each page start
    (``clearance_pt`` above the first note: the rule and the space over it), read from the
    compiler's layout in one query."""
    names = [getattr(block, "anchor", "") or f"{START_MARK}{at}" for at, block in enumerate(printed)]
    found = json.loads(compiler.eval(
        "{ let at(name) = { let q = query(label(name)); if q.len() > 0 { let p = q.first().location().position(); "
        "(p.page, p.y.pt()) } }; "
        f"(({''.join(json.dumps(n) + ', ' for n in names)}).map(at), "
        f'range({len(printed)}).map(i => at("{END_MARK}" + str(i))), '
        "query(footnote.entry).map(e => { let p = e.location().position(); (p.page, p.y.pt()) })) }",
        format="json"))
    starts, ends, entries = found
    notes: dict[int, float] = {}
    for page, y in entries:
        notes[page] = min(notes.get(page, y), y - clearance_pt)
    return Laid([_place(s) for s in starts], [_place(e) for e in ends], notes)


def _place(found) -> Place | None:
    return Place(*found) if found else None


def starts(compiler, anchors: list[str]) -> dict[str, Place]:
    """Where each anchored element starts (its label's element), by anchor."""
    found = json.loads(compiler.eval(
        f"({''.join(json.dumps(a) + ', ' for a in anchors)}).map(a => {{ let q = query(label(a)); "
        f"if q.len() > 0 {{ let p = q.first().location().position(); (a, p.page, p.y.pt()) }} }})",
        format="json"))
    return {anchor: Place(page, y) for anchor, page, y in filter(None, found)}


def decided(fill: Fill, doc: Document, profile: Profile, work: Path, laid: Laid) -> Fill:
    """``fill`` with this layout's fixes added: photos shrunk, short tables let split, text moved
    ahead of figures."""
    printed = fill.printed(doc).body
    shrinks, moves, splits = {}, {}, set()
    for place, block in enumerate(printed):
        gap = _gap(profile, printed, laid, place)
        if gap is None:
            continue
        after_heading = isinstance(printed[place - 1], Heading)
        scale = _fitting_scale(profile, block, laid, place, gap) if isinstance(block, Photo) else 0.0
        if isinstance(block, Table):
            splits.add(block.anchor)
        elif scale >= profile.photos.min_scale and not after_heading:
            shrinks[block.anchor] = scale
        elif count := _moving(printed, laid, place, gap):
            moves[block.anchor] = count
    moved, _ = fill.moved_ahead(doc, moves)
    return moved.shrunk(doc, resampled(doc, shrinks, profile, work)).split(doc, splits)


def _kept_whole(profile: Profile, block) -> bool:
    return isinstance(block, FIGURE_BLOCKS) or \
        isinstance(block, Table) and block.kept_whole(profile.tables.keep_together_rows)


def _gap(profile: Profile, printed, laid: Laid, place: int) -> float | None:
    """The room (pt) a figure or short table at ``place`` (after its heading, if one is kept with
    it) left empty at the foot of the page before it, down to its footnotes, when it starts a page
    that did not start on purpose and that page is more than the profile's share empty; else None."""
    block, start = printed[place], laid.starts[place]
    if not _kept_whole(profile, block) or not block.anchor or start is None:
        return None
    before = place - 1 - (place > 1 and isinstance(printed[place - 1], Heading))
    if before < 0 or laid.ends[before] is None or _on_purpose(printed, before + 1) or \
            laid.ends[before].page != start.page - 1 or start.page < 3 or \
            any(laid.starts[at] is None or laid.starts[at].page != start.page for at in range(before + 1, place)):
        return None
    foot = laid.notes.get(start.page - 1, (profile.page.height_mm - profile.page.margin_bottom_mm) * PT_PER_MM)
    room = foot - laid.ends[before].y
    return room if room > profile.page.max_empty_foot * profile.page.text_height_mm * PT_PER_MM else None


def _on_purpose(printed, place: int) -> bool:
    """Whether the page before the block at ``place`` ends on purpose, if the block starts a page:
    the cover, a page break, the page before an appendix (as ``pagefill`` tells forced breaks)."""
    before = printed[place - 1] if place else None
    return before is None or isinstance(before, PageBreak) or isinstance(printed[place], Heading) and printed[place].appendix


def _fitting_scale(profile: Profile, photo: Photo, laid: Laid, place: int, room: float) -> float:
    """The scale (a share of the photo box) at which the photo's figure at ``place``, printed at its
    own scale now, fits ``room`` with the line's space the template leaves beside a figure (as
    ``pagefill`` counts a figure's margin): its end mark stands after that space where the next
    block follows on its page, before it where the figure ends the page's flow."""
    start, end = laid.starts[place], laid.ends[place]
    following = laid.starts[place + 1] if place + 1 < len(laid.starts) else None
    spaced = following is not None and following.page == end.page
    height = end.y - start.y + (0.0 if spaced else line_pt(profile))
    image = photo_size_mm(profile, photo)[1] * PT_PER_MM
    return min(1.0, photo.scale * (1 - (height - room) / image - SHRINK_SLACK)) if image > 0 else 0.0


def _moving(printed, laid: Laid, place: int, room: float) -> int:
    """How many blocks after the figure at ``place`` (and the figures that follow it at once) move
    ahead of it to fill ``room``: those on its page."""
    count, filled, page = 0, 0.0, laid.starts[place].page
    for at in range(place + figure_run(printed[place:]), len(printed)):
        if not isinstance(printed[at], MOVABLE_BLOCKS) or filled >= room or \
                None in laid.ends[at - 1:at + 1] or laid.ends[at].page != page or laid.ends[at - 1].page != page:
            break
        count, filled = count + 1, filled + laid.ends[at].y - laid.ends[at - 1].y
    return count


def page_starts(printed, laid: Laid) -> set[int]:
    """The places (indices in the body as printed) of the blocks that start a page whose page
    before did not end on purpose (the first block's: the cover's page, as the HTML engine counts
    it); a block continued from the page before does not start one."""
    starts = set()
    for place, start in enumerate(laid.starts):
        before = laid.last_page(place - 1) if place else 1
        if start is not None and before is not None and start.page > before and \
                not (place and _on_purpose(printed, place)):
            starts.add(place)
    return starts
