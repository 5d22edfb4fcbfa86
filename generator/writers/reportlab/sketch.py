"""A chart's drawing surface for reportlab.graphics: text in the bundled chart font, rectangles,
lines, wedges, all in drawn points (the chart's own size, ``charts.canvas.chart_size_mm``), scaled
to the printed width when laid out."""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.config import Profile
from generator.writers.reportlab.styles import face_name, register_family

ASCENT = 0.35                # half a digit's height in em: a text centred on a point sits this far below it
SWATCH = 0.9                 # a legend swatch's side, in em
SWATCH_GAP = 0.8             # em between a swatch and its text


class Sketch:
    """Shapes added to one group, drawn ``width`` × ``height`` points, in the profile's chart font."""

    def __init__(self, profile: Profile, width: float, height: float):
        self.profile, self.width, self.height = profile, width, height
        family = profile.charts.font
        register_family(family)
        self.faces = {face: face_name(family, face) for face in ("Regular", "Bold", "Italic")}
        self.group = Group()

    def measure(self, text: str, size: float, face: str = "Regular") -> float:
        """The width of one line of ``text``."""
        return stringWidth(text, self.faces[face], size)

    def text(self, x: float, y: float, text: str, size: float, anchor: str = "start", colour: str = "",
             face: str = "Regular", upright: bool = False, turn: float = 0) -> None:
        """One line of text, its baseline at ``y``; turned ``turn`` degrees left around (x, y)
        (``upright``: a quarter)."""
        shape = String(0, 0, text, fontName=self.faces[face], fontSize=size, textAnchor=anchor,
                       fillColor=colors.toColor(colour or self.profile.charts.text_colour))
        angle = math.radians(90 if upright else turn)
        cos, sin = round(math.cos(angle), 12), round(math.sin(angle), 12)
        self.group.add(Group(shape, transform=(cos, sin, -sin, cos, x, y)))

    def centred(self, x: float, y: float, text: str, size: float, anchor: str = "middle", **kw) -> None:
        """One line of text centred on ``y`` (by its digits' height)."""
        self.text(x, y - ASCENT * size, text, size, anchor, **kw)

    def lines(self, x: float, y: float, text: str, size: float, anchor: str, leading: float) -> None:
        """Lines of ``text`` (broken at "\\n"), the block centred on ``y``."""
        rows = text.split("\n")
        top = y + (len(rows) - 1) * leading / 2
        for i, row in enumerate(rows):
            self.centred(x, top - i * leading, row, size, anchor)

    def key(self, x: float, y: float, fill: str, text: str, size: float, leading: float) -> float:
        """A legend entry: a swatch, then its text (lines broken at "\\n"), centred on ``y``;
        returns its width."""
        self.rect(x, y - SWATCH * size / 2, SWATCH * size, SWATCH * size, fill)
        self.lines(x + (SWATCH + SWATCH_GAP) * size, y, text, size, "start", leading)
        return self.key_width(text, size)

    def key_width(self, text: str, size: float) -> float:
        """A legend entry's width: its swatch and its widest line."""
        return (SWATCH + SWATCH_GAP) * size + max(self.measure(line, size) for line in text.split("\n"))

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.group.add(Rect(x, y, w, h, fillColor=colors.toColor(fill), strokeColor=None, strokeWidth=0))

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: str, width: float) -> None:
        self.group.add(Line(x0, y0, x1, y1, strokeColor=colors.toColor(colour), strokeWidth=width))

    def polyline(self, points: list[tuple[float, float]], colour: str, width: float) -> None:
        self.group.add(PolyLine([c for p in points for c in p], strokeColor=colors.toColor(colour),
                                strokeWidth=width, strokeLineJoin=1, strokeLineCap=1))

    def dot(self, x: float, y: float, radius: float, fill: str, stroke: str | None = None) -> None:
        self.group.add(Circle(x, y, radius, fillColor=colors.toColor(fill) if fill else None,
                              strokeColor=colors.toColor(stroke) if stroke else None, strokeWidth=0.8))

    def wedge(self, x: float, y: float, radius: float, start: float, end: float, fill: str) -> None:
        """A slice from ``start`` to ``end`` degrees (counter-clockwise from three o'clock), edged white."""
        self.group.add(Wedge(x, y, radius, start, end, fillColor=colors.toColor(fill),
                             strokeColor=colors.white, strokeWidth=0.8, strokeLineJoin=1))

    def marked(self, x: float, y: float, text: str, size: float, gap: bool, upright: bool) -> None:
        """A missing value's mark in italics, starting at (x, y) and centred across that line;
        highlighted as a draft's marks are when it is a figure not filled in."""
        width, height = self.measure(text, size, "Italic"), size * 1.2
        if gap:
            box = Rect(0, -height / 2, width, height, fillColor=colors.toColor(self.profile.draft.css_colour),
                       strokeColor=None, strokeWidth=0)
            self.group.add(Group(box, transform=(0, 1, -1, 0, x, y) if upright else (1, 0, 0, 1, x, y)))
        if upright:
            self.text(x + ASCENT * size, y, text, size, face="Italic", upright=True)
        else:
            self.centred(x, y, text, size, "start", face="Italic")

    def drawing(self, printed_width: float) -> Drawing:
        """The shapes as a flowable ``printed_width`` wide, centred on the line; the bundled font
        stands where reportlab would set Helvetica."""
        scale = printed_width / self.width
        self.group.transform = (scale, 0, 0, scale, 0, 0)
        drawing = Drawing(printed_width, self.height * scale, initialFontName=self.faces["Regular"])
        drawing.add(self.group)
        drawing.hAlign = "CENTER"
        return drawing
