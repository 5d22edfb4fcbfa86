"""Page fill: how empty each laid-out page is at its foot, and what is done where a figure moved
to the next page leaves a gap.

A diagram, photo or short table that does not fit the rest of a page goes whole to the next one.
Where that leaves more than the profile's ``page.max_empty_foot`` of a page empty: a photo
shrinks to stay (down to ``photos.min_scale`` of its box; a chart never shrinks, its text would
fall below its printed size); else the paragraphs, lists and tables after the figure move ahead
of it (GOST 7.32 lets an illustration follow its first mention or stand on the next page), as
many as fill the gap; a short table kept whole may split instead (its header repeats). A figure
never passes another, so the numbers stay in order: where figures follow the figure at once, the
text after them moves ahead of them all (``Fill.moved_ahead``). Each change is written down in a ``Fill``
(``generator.doc.fill``), with the blocks that start a page, which every writer applies: the
DOCX then has the PDF's order and pages. The pages are laid out again, at most ``MAX_PASSES`` times in all: where
only text moved, from the page before the first figure on (the pages before it are kept).

The cover, the last page and a page the report ends on purpose (a page break: after the table of
contents, before an appendix) may stay as empty as they are.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from generator.config import TEMPLATES_DIR, Profile
from generator.doc.fill import Fill, figure_run
from generator.doc.model import Document
from generator.writers.html import render_html
from generator.writers.pdf import first_layout_of, render_again, render_pdf
from generator.writers.shrunk import resampled
from generator.writers.relayout import (
    FIGURE_TAG, MOVABLE_TAGS, anchor_pages, is_figure_box, main_box, page_main, reorder_blocks,
)
from generator.writers.weasyprint_compat import boxes, page_box

MAX_PASSES = 5
SHRINK_SLACK = 0.02                              # a shrunk photo a little smaller than just fitting
FORCED = ("page", "left", "right", "recto", "verso")


def lay_out(doc: Document, profile: Profile, work: Path, allowed_roots: list[Path],
            stand_ins: Mapping[Path, object] | None = None, templates: tuple[Path, ...] = (TEMPLATES_DIR,),
            again: bool = True, html: str | None = None, memo: dict | None = None, **render_options):
    """The pages laid out after the fixes of the module, and the ``Fill`` that records them (the
    other writers apply it: ``Fill.printed``, ``Fill.breaks_before``); ``doc`` is left as built. A
    shrunk photo's copy at ``work`` keeps ``photos.max_dpi``. ``render_options`` go to
    ``render_pdf`` (the preview's warm fonts and images).

    Where only text moved ahead of figures, the pages before the first gap are kept and the rest
    laid out again from the same box tree (``again``; False: the whole document every time, as a
    reference for tests); a shrunk photo or a table let split lays the whole document out again.
    ``html``: ``doc``'s HTML when the caller has made it already (the preview).

    ``memo``: what a process that lays out one report again and again (the preview) keeps between
    builds: the first layout of the last build (``memo["first"]``), whose pages are kept where the
    blocks on them did not change (``render_pdf(before=…)``); this build's is put there. The
    record then has no page starts (the preview shows these pages and writes no other file)."""
    html = html or render_html(doc, profile, templates)
    before = memo.get("first") if memo is not None else None
    rendered = render_pdf(html, allowed_roots, stand_ins, before=before, **render_options)
    if memo is not None:
        memo["first"] = first_layout_of(rendered, html)
    fill = Fill()
    for _ in range(MAX_PASSES - 1):
        decided, moved = _decided(fill, doc, rendered, profile, work)
        if decided == fill:
            break
        only_moved = decided.scales == fill.scales and decided.splits == fill.splits
        if again and only_moved and reorder_blocks(rendered, moved):
            rendered = render_again(rendered, _first_page(rendered, moved))
        else:
            rendered = render_pdf(render_html(decided.printed(doc), profile, templates), allowed_roots, stand_ins,
                                  **render_options)
        fill = decided
    if memo is None:                            # kept pages hold the last build's elements: see ``memo``
        fill = fill.starting(doc, page_starts(rendered))
    rendered.report_layout = None               # the box tree is not needed to paint: let it go
    return rendered, fill


def _decided(fill: Fill, doc: Document, rendered, profile: Profile, work: Path) -> tuple[Fill, dict[str, int]]:
    """``fill`` with this layout's fixes added (see the module), and how many blocks moved ahead
    of each figure (by anchor)."""
    limit = profile.page.max_empty_foot
    shrinks, moves = figure_fixes(rendered, limit, profile.photos.min_scale)
    decided, moved = fill.moved_ahead(doc, moves)
    decided = decided.shrunk(doc, resampled(doc, shrinks, profile, work))
    return decided.split(doc, kept_tables(rendered, limit)), moved


def _first_page(rendered, anchors) -> int:
    """The index of the page before the first of the figures named (the first page changed)."""
    pages = anchor_pages(rendered)
    return min(pages[anchor] for anchor in anchors) - 1


def page_starts(rendered) -> set[int]:
    """The places (indices among <main>'s blocks) of the blocks that start a page whose page
    before did not end on purpose; a block continued from the page before does not start one."""
    printed = main_box(rendered.report_layout[0]).children       # the box tree's order: blocks moved there too
    index = {id(box.element): place for place, box in enumerate(printed)}
    seen, starts = set(), set()
    for number, page in enumerate(rendered.pages):
        flow = page_main(page_box(page))
        if number and flow and id(flow[0].element) not in seen and not _ends_on_purpose(rendered, number - 1):
            starts.add(index[id(flow[0].element)])
        seen.update(id(box.element) for box in flow)
    return starts


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
        for box in flow[at + figure_run(flow[at:], is_figure_box):]:     # past the figures that follow it at once
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


def kept_tables(rendered, limit: float) -> set[str]:
    """The anchors of tables kept whole that start a page and left the page before too empty."""
    found = set()
    for number in gappy_pages(rendered, limit):
        flow = page_main(page_box(rendered.pages[number]))
        if flow and flow[0].element_tag == "table" and "keep" in (flow[0].element.get("class") or "").split():
            found.add(flow[0].element.get("id"))
    return found


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
