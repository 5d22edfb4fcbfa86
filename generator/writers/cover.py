"""The cover's geometry, for every writer that places it: which blocks sit where on page 1."""
from __future__ import annotations

from dataclasses import dataclass

from generator.doc.model import Block, PageBreak

COVER_TITLE_TOP = 1 / 3        # the cover title's top, as a fraction of the text area's height


@dataclass(frozen=True)
class Cover:
    """The cover's blocks grouped by where they sit on page 1."""
    top: list[Block]
    middle: list[Block]
    bottom: list[Block]


def group_cover(blocks: list[Block]) -> Cover:
    """Ministry lines at the top, the title in the upper middle, the city at the foot.

    The cover fills page 1 and ends it by itself, so its page breaks are dropped (another break
    would leave page 2 blank).
    """
    top, middle, bottom = [], [], []
    for block in blocks:
        role = getattr(block, "role", "")
        if isinstance(block, PageBreak):
            continue
        if role == "cover-city":
            bottom.append(block)
        elif role == "cover-title" or middle:
            middle.append(block)
        else:
            top.append(block)
    return Cover(top, middle, bottom)
