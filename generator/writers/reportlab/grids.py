"""A report table as a reportlab table whose continued parts carry the profile's words over them
(«Кестенің жалғасы»), as the WeasyPrint PDF shows them over each page a table continues on."""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from generator.doc.model import plain_text


class ContinuedTable(Table):
    """A table that, split across pages, puts ``continued`` (a paragraph) over each later part."""

    def __init__(self, *args, continued: Paragraph | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.continued = continued

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) < 2 or self.continued is None:
            return parts
        for part in parts[1:]:
            part.continued = self.continued
        return [parts[0], Paragraph(self.continued.text, self.continued.style), *parts[1:]]


def fitted_widths(widths: list[float], placed, font_of, size: float, padding: float) -> list[float]:
    """The columns' widths with each at least as wide as the widest word of its own cells (words
    part at spaces only: a number with its unit, «100,0 %», is one), the room taken from the
    columns that have more than their words need; as given when the words do not fit side by side.
    ``font_of(cell)``: the face a cell is set in (its bold face for a total)."""
    least = [0.0] * len(widths)
    for _, c, _, colspan, cell in placed:
        if colspan == 1:
            words = plain_text(cell.inlines).split(" ")
            least[c] = max(least[c], *(stringWidth(w, font_of(cell), size) + 2 * padding + 1 for w in words))
    if sum(least) > sum(widths):
        return widths
    fitted = list(widths)
    for _ in widths:
        short = [i for i, w in enumerate(fitted) if w < least[i]]
        if not short:
            break
        need = sum(least[i] - fitted[i] for i in short)
        spare = {i: fitted[i] - least[i] for i, w in enumerate(fitted) if i not in short and w > least[i]}
        for i in short:
            fitted[i] = least[i]
        for i, room in spare.items():
            fitted[i] -= need * room / sum(spare.values())
    return fitted
