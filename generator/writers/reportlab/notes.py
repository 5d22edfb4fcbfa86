"""Footnotes inside the text frame, at the foot of the page that calls them.

A paragraph that calls notes (``Noted``) is placed only where its notes fit below it too; once
placed, it raises its frame's foot by their height, so the text that follows stops above them.
At the page's end ``NoteArea.draw`` sets the notes called there in that room, under a short rule.
A note called from a table's cell reserves no room (a grid's cells are not placed in the frame).
"""
from __future__ import annotations

from reportlab.platypus import Paragraph as Para

from generator.writers.geometry import RULE_PT

FOOTNOTE_CALL = "footnote-call"


def call(n: int, size: float) -> str:
    """A note's number raised as a superscript, small enough to stay clear of the line above."""
    return f'<super size="{size * 0.62:.2f}" rise="{size * 0.32:.2f}">{n}</super>'


class NoteArea:
    """The notes of one document (their markup, numbered from 1) and the room they take on the page."""

    def __init__(self, style, width: float):
        self.style, self.width = style, width
        self.notes: list[str] = []
        self.called: list[int] = []        # the notes called on the page being drawn
        self.reserved = 0.0                 # the room kept at the frame's foot on that page

    def add(self, note: str) -> int:
        self.notes.append(note)
        return len(self.notes)

    def paragraph(self, n: int) -> Para:
        return Para(f"{call(n, self.style.fontSize)} {self.notes[n - 1]}", self.style)

    @property
    def gap(self) -> float:
        """The room above the first note of a page: the rule with half a line either side."""
        return self.style.leading

    def room(self, labels: list[int]) -> float:
        """The height the notes ``labels`` add at the foot of the page being laid out."""
        if not labels:
            return 0.0
        height = sum(self.paragraph(n).wrap(self.width, 1e6)[1] for n in labels)
        return height + (0.0 if self.reserved else self.gap)

    def draw(self, canv, left: float, bottom: float) -> None:
        """The notes called on this page, under a rule, from the top of the room kept for them
        (at least their own height above ``bottom``, the frame's foot); then the page is done."""
        called, self.called, reserved, self.reserved = self.called, [], self.reserved, 0.0
        if not called:
            return
        paragraphs = [self.paragraph(n) for n in called]
        heights = [p.wrap(self.width, 1e6)[1] for p in paragraphs]
        top = bottom + max(reserved, sum(heights) + self.gap)
        canv.saveState()
        canv.setLineWidth(RULE_PT)
        canv.line(left, top - self.gap / 2, left + self.width / 3, top - self.gap / 2)
        y = top - self.gap
        for paragraph, height in zip(paragraphs, heights):
            y -= height
            paragraph.drawOn(canv, left, y)
        canv.restoreState()


class Noted(Para):
    """A paragraph that calls notes: placed only with room for them at the frame's foot, which it
    then keeps (``area``: set on a subclass per document, see ``noted_class``)."""
    area: NoteArea

    def labels(self) -> list[int]:
        """The notes this paragraph (or this part of a split one) calls."""
        return list(_calls(self.frags))

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight)
        self._room = self.area.room(self.labels())
        # more than there is when the notes do not fit below it: the frame splits it or moves it on
        return width, height if height + self._room <= availHeight else height + self._room

    def split(self, availWidth, availHeight):
        """The lines that fit with the notes they call (the lines before a call need no room)."""
        parts = super().split(availWidth, availHeight)
        room = self.area.room(parts[0].labels()) if parts else 0.0
        return super().split(availWidth, availHeight - room) if room else parts

    def drawOn(self, canvas, x, y, _sW=0):
        frame = getattr(self, "_frame", None)
        if frame is not None and self._room:
            frame._y1p += self._room
            self.area.reserved += self._room
        super().drawOn(canvas, x, y, _sW)


def _calls(frags):
    """The note numbers of the call marks among a paragraph's fragments, at any depth (a split
    paragraph's fragments are lists of words, each a list of (fragment, text) pairs)."""
    for frag in frags:
        if isinstance(frag, (list, tuple)):
            yield from _calls(frag)
        elif getattr(getattr(frag, "cbDefn", None), "name", "") == FOOTNOTE_CALL:
            yield int(frag.cbDefn.label)


def noted_class(area: NoteArea) -> type[Noted]:
    """The paragraph class of one document's note-calling paragraphs."""
    return type("NotedParagraph", (Noted,), {"area": area})
