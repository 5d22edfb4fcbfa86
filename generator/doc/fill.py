"""The page fill's decisions as a record: made once by the writer that lays out pages, applied by
every writer, so that all of them print the same blocks in the same order on the same pages.

A block is named by its key: its index in the body as built (``Document.body``), which no
decision changes. The record says nothing of any engine: the text moved ahead of a figure, the
scale a photo is printed at (and the resampled copy it is printed from), the short tables let
split, and the blocks that start a page where the page before did not end on purpose.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from generator.doc.model import Diagram, Document, ListBlock, Paragraph, Photo, Table

#: The blocks the fill may move ahead of a figure (GOST 7.32: an illustration may follow its
#: first mention or stand on the next page).
MOVABLE_BLOCKS = (Paragraph, ListBlock, Table)
#: The figures: text moves ahead of them, never one ahead of another (their numbers stay in order).
FIGURE_BLOCKS = (Diagram, Photo)


@dataclass(frozen=True)
class Fill:
    """What the page fill decided, each decision by block key (see the module).

    ``order``: the keys of the body's blocks in the order printed (empty: as built);
    ``scales``: each shrunk photo's share of the profile's photo box; ``copies``: the file a
    shrunk photo is printed from (resampled to keep ``photos.max_dpi`` at its size; a writer may
    scale the original instead); ``splits``: the short tables that may split across pages;
    ``page_starts``: the blocks that start a page in the layout, the page before not ending on
    purpose (a writer that lays out its own pages breaks before them to keep the same pages)."""
    order: tuple[int, ...] = ()
    scales: dict[int, float] = field(default_factory=dict)
    copies: dict[int, str] = field(default_factory=dict)
    splits: frozenset[int] = frozenset()
    page_starts: frozenset[int] = frozenset()

    def keys(self, doc: Document) -> tuple[int, ...]:
        """The keys of ``doc``'s body blocks in the order printed."""
        return self.order or tuple(range(len(doc.body)))

    def printed(self, doc: Document) -> Document:
        """``doc`` as printed: its body in the order decided, the photos at their scales and the
        short tables let split; ``doc`` and its blocks are left as they are."""
        return dataclasses.replace(doc, body=[self._block(doc.body[key], key) for key in self.keys(doc)])

    def _block(self, block, key: int):
        if key in self.scales:
            return dataclasses.replace(block, scale=self.scales[key], path=self.copies.get(key, block.path))
        if key in self.splits:
            return dataclasses.replace(block, may_split=True)
        return block

    def breaks_before(self, doc: Document) -> set[int]:
        """The places (indices in ``printed(doc)``'s body) of the blocks that start a page."""
        return {place for place, key in enumerate(self.keys(doc)) if key in self.page_starts}

    def moved_ahead(self, doc: Document, moves: dict[str, int]) -> tuple[Fill, dict[str, int]]:
        """The record with the ``count`` paragraphs, lists or tables printed after each figure (by
        anchor) moved ahead of it, fewer where another kind of block comes first; where more
        figures follow the figure at once, the text after them moves ahead of them all, the
        figures kept in order (``figure_run``). And how many moved, by anchor (none: left out)."""
        order, moved = list(self.keys(doc)), {}
        keyed = anchors(doc)
        for anchor, count in moves.items():
            at = order.index(keyed[anchor]) if anchor in keyed else -1
            run = max(1, figure_run([doc.body[key] for key in order[at:]])) if at >= 0 else 0
            following = _movable(doc, order[at + run:], count) if at >= 0 else []
            if following:
                order[at:at + run + len(following)] = [*following, *order[at:at + run]]
                moved[anchor] = len(following)
        return dataclasses.replace(self, order=tuple(order) if moved else self.order), moved

    def shrunk(self, doc: Document, photos: dict[str, tuple[float, str]]) -> Fill:
        """The record with each photo named (by anchor) printed at its scale from its copy."""
        keyed = anchors(doc)
        chosen = {keyed[anchor]: value for anchor, value in photos.items() if anchor in keyed}
        return dataclasses.replace(self, scales={**self.scales, **{k: s for k, (s, _) in chosen.items()}},
                                   copies={**self.copies, **{k: path for k, (_, path) in chosen.items()}})

    def split(self, doc: Document, tables: set[str]) -> Fill:
        """The record with the short tables named (by anchor) let split across pages."""
        keyed = anchors(doc)
        return dataclasses.replace(self, splits=self.splits | {keyed[a] for a in tables if a in keyed})

    def starting(self, doc: Document, places: set[int]) -> Fill:
        """The record with the blocks at ``places`` (indices in ``printed(doc)``'s body) starting pages."""
        keys = self.keys(doc)
        return dataclasses.replace(self, page_starts=frozenset(keys[place] for place in places))


def _movable(doc: Document, after: list[int], count: int) -> list[int]:
    """The keys of the first ``count`` blocks ``after`` a figure that may move ahead of it: up to
    the first of another kind, and without a list's lead-in whose list would stay behind."""
    following = after[:count]
    following = following[:next((k for k, key in enumerate(following)
                                 if not isinstance(doc.body[key], MOVABLE_BLOCKS)), len(following))]
    while following and len(following) < len(after) and \
            leads_in(doc.body[following[-1]], doc.body[after[len(following)]]):
        following.pop()
    return following


def figure_run(printed: list, is_figure=lambda block: isinstance(block, FIGURE_BLOCKS)) -> int:
    """How many figures stand one after another at the start of ``printed`` (blocks, or what a
    writer laid them out as, told apart by ``is_figure``): the figure the fill moves text ahead
    of, and those that follow it at once, which the text after them passes too."""
    return next((count for count, item in enumerate(printed) if not is_figure(item)), len(printed))


def leads_in(block, following) -> bool:
    """Whether ``block`` is the lead-in of a list (``following``, the block after it): a paragraph
    of body text right before a list, which every writer keeps on the list's page."""
    return isinstance(block, Paragraph) and block.role == "body" and isinstance(following, ListBlock)


def anchors(doc: Document) -> dict[str, int]:
    """Each anchored body block's key, by anchor."""
    return {block.anchor: key for key, block in enumerate(doc.body) if getattr(block, "anchor", "")}

