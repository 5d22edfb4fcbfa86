"""Diagrams drawn from their spec with reportlab.graphics, as the DOCX draws Word's own charts:
no matplotlib, no SVG, no worker to wait for. What a chart shows (bars, labels, totals, marks,
ticks, wrapping) is ``generator.charts.geometry``'s, as the matplotlib charts show it; the look
(sizes, colours, font) is the profile's (``charts.style``). Text stays text, in the bundled font.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing

from generator.charts.fit import (
    ABOVE, COLUMN_GAP, TURN, category_axis, legend_columns, legend_rows, line_label_sides, title_room, value_title,
    value_turn,
)
from generator.charts.geometry import (
    bars, integers_only, marks, no_values, segment_labels, shown_totals, text_on, tick_text, ticks, value_text,
)
from generator.charts.canvas import chart_size_mm
from generator.charts.sizes import HORIZONTAL, MM_PER_PT, STACKED, bar_width
from generator.charts.style import colour, label_pt, text_pt
from generator.config import Profile
from generator.doc.model import ChartSpec
from generator.writers.reportlab.pie import draw_pie
from generator.writers.reportlab.sketch import ASCENT, Sketch

PAD = 4.0                    # drawn points around the chart and between a label and its axis
LEADING = 1.15               # a wrapped label's line height, in em
LINE_PT, MARKER_PT = 1.6, 5.0    # a line's width, its points' diameter (matplotlib's 4 and its edge)
GRID_PT = 0.6                # grid lines and the category axis
MARGIN = {"bar": 0.05, "stacked": 0.05, "barh": 0.15, "stackedh": 0.15, "line": 0.2}   # room beyond the values
TURNED_DROP = 0.5            # em a turned category label's end sits lower, clear of the value axis' lowest tick
UPRIGHT_MARGIN = 0.3         # room above bars whose labels stand upright


def chart(spec: ChartSpec, profile: Profile, printed_width: float) -> Drawing:
    """The diagram as a flowable ``printed_width`` points wide, at its drawn size's proportions."""
    width, height = (mm / MM_PER_PT for mm in chart_size_mm(spec, profile))
    sketch = Sketch(profile, width, height)
    if spec.kind == "pie":
        draw_pie(sketch, spec)
    else:
        top = height - PAD - _legend(sketch, spec)
        Plot(sketch, spec, top).draw()
    return sketch.drawing(printed_width)


def _legend(sketch: Sketch, spec: ChartSpec) -> float:
    """A swatch and name per series above the plot, in the columns ``fit.legend_columns`` gives
    (names wrapped to them), centred (none for one series); returns the height it takes."""
    if len(spec.series) < 2:
        return 0.0
    size, profile = text_pt(sketch.profile), sketch.profile
    columns, names = legend_columns([s.name for s in spec.series], profile, sketch.width - 2 * PAD)
    rows = legend_rows(len(names), columns)
    widths = [max(sketch.key_width(names[row[c]], size) for row in rows if c < len(row)) for c in range(columns)]
    top = sketch.height - PAD
    for row in rows:
        height = max(names[s].count("\n") + 1 for s in row) * size * LEADING
        x = (sketch.width - sum(widths) - COLUMN_GAP * size * (columns - 1)) / 2
        for s, w in zip(row, widths):
            sketch.key(x, top - height / 2, colour(profile, s), names[s], size, size * LEADING)
            x += w + COLUMN_GAP * size
        top -= height + size * 0.4
    return sketch.height - PAD - top + PAD / 2


@dataclass
class Scale:
    """A linear map from values (or category slots) to drawn points."""
    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / ((self.high - self.low) or 1) * (self.end - self.start)


class Plot:
    """The axes of a bar or line chart: value and category scales laid out in the room below ``top``."""

    def __init__(self, sketch: Sketch, spec: ChartSpec, top: float):
        self.sketch, self.spec, self.profile = sketch, spec, sketch.profile
        self.text, self.label = text_pt(self.profile), label_pt(self.profile)
        self.horizontal = spec.kind in HORIZONTAL
        self.size_mm = chart_size_mm(spec, self.profile)
        self.width = 0.0 if spec.kind == "line" else bar_width(spec, self.size_mm)
        locale = self.profile.numbers.locale
        self.bars = [] if spec.kind == "line" else bars(spec, locale, self.width)
        self.turn = value_turn(spec, self.bars, self.profile, self.size_mm)
        low, high = self._range()
        self.ticks = [t for t in ticks(low, high, integers_only(spec)) if low - 1e-9 <= t <= high + 1e-9]
        self.tick_texts = [] if no_values(spec) else [tick_text(spec, t, locale) for t in self.ticks]
        self.axis = category_axis(spec, self.profile, self.size_mm)
        self._lay_out(low, high, top)

    def _range(self) -> tuple[float, float]:
        """The value axis' ends: the values (bars from zero, a line from zero unless it falls below),
        with room beyond them, as matplotlib's margins give it."""
        if no_values(self.spec):
            return 0.0, 1.0
        values = [v for s in self.spec.series for v in s.values if v is not None]
        if self.spec.kind == "line":           # the margins around the points, then the axis from zero
            margin = MARGIN["line"] * ((max(values) - min(values)) or 1)
            return (0.0 if min(values) >= 0 else min(values) - margin), max(values) + margin
        ends = [b.start + b.value for b in self.bars]
        low, high = min(0.0, *ends), max(0.0, *ends)
        margin = (UPRIGHT_MARGIN if self.turn else MARGIN[self.spec.kind]) * ((high - low) or 1)
        return (low - margin if low < 0 else low), (high + margin if high > 0 or low == 0 else high)

    def _lay_out(self, low: float, high: float, top: float) -> None:
        """Room for the tick labels, the category labels and the axis title; the rest is the plot."""
        sketch, size, n = self.sketch, self.text, max(len(self.spec.categories), 1)
        self.title = value_title(self.spec, self.profile, self.size_mm)
        title = title_room(self.spec, self.profile, self.size_mm)
        widest_tick = max((sketch.measure(t, size) for t in self.tick_texts), default=0.0)
        if self.horizontal:
            widest = max((sketch.measure(line, size) for c in self.axis.labels for line in c.split("\n")), default=0)
            x0, y0 = PAD + widest + PAD, PAD + title + size * 1.2 + PAD
            self.value = Scale(low, high, x0, sketch.width - PAD - size)
            self.slot = Scale(-0.5, n - 0.5, top, y0)          # the first category on top
        else:
            drop = TURNED_DROP * size if self.axis.turn else 0.0
            x0, y0 = PAD + title + widest_tick + PAD, PAD + self.axis.room + PAD + drop
            if self.axis.turn and self.axis.labels:     # the first turned label reaches left of its slot
                first = sketch.measure(self.axis.labels[0].split("\n")[0], size)
                reach = (first + size) * math.sin(math.radians(TURN))
                x0 = max(x0, (PAD + reach - (sketch.width - PAD) / (2 * n)) / (1 - 1 / (2 * n)))
            self.value = Scale(low, high, y0, top - size * 0.5 - self._label_room())
            self.title_x = x0 - PAD - widest_tick - title + size * 0.8     # beside the ticks' values
            self.slot = Scale(-0.5, n - 0.5, x0, sketch.width - PAD)

    def _label_room(self) -> float:
        """The points turned value labels reach above the tallest bar, beyond the value margin."""
        if not self.turn:
            return 0.0
        widest = max((self.sketch.measure(b.label, self.label) for b in self.bars), default=0.0)
        return widest * math.sin(math.radians(self.turn))

    def at(self, position: float, value: float) -> tuple[float, float]:
        """The drawn point of a value at a category position."""
        x, y = self.slot(position), self.value(value)
        return (y, x) if self.horizontal else (x, y)

    def draw(self) -> None:
        self._grid()
        if self.spec.kind == "line":
            self._lines()
        else:
            self._bars()
        self._marks()
        self._axes()

    def _grid(self) -> None:
        """A light line at each tick across the plot, and the category axis."""
        grid, axis = self.profile.charts.grid_colour, self.profile.charts.axis_colour
        for t in self.ticks:
            (x0, y0), (x1, y1) = self.at(-0.5, t), self.at(len(self.spec.categories) - 0.5, t)
            self.sketch.line(x0, y0, x1, y1, grid, GRID_PT)
        base = self.value.low
        (x0, y0), (x1, y1) = self.at(-0.5, base), self.at(len(self.spec.categories) - 0.5, base)
        self.sketch.line(x0, y0, x1, y1, axis, GRID_PT)

    def _bars(self) -> None:
        """Each bar in its series' colour, its value at its end (or inside a stack's segment)."""
        stacked = self.spec.kind in STACKED
        for s, _ in enumerate(self.spec.series):
            mine = [bar for bar in self.bars if bar.series == s]
            labels = segment_labels(self.spec, mine, self.label, self.size_mm) if stacked else [b.label for b in mine]
            fill = colour(self.profile, s)
            for bar, label in zip(mine, labels):
                self._bar(bar, fill)
                if label and (stacked or self.turn is not None):
                    self._bar_label(bar, label, fill, stacked)
        for c, total, text in shown_totals(self.spec, self.profile.numbers.locale) if stacked else []:
            x, y = self.at(c, total)
            if self.horizontal:
                self.sketch.centred(x + 3, y, text, self.label, "start", face="Bold")
            else:
                self.sketch.text(x, y + 3, text, self.label, "middle", face="Bold")

    def _bar(self, bar, fill: str) -> None:
        (x0, y0), (x1, y1) = (self.at(bar.position - self.width / 2, bar.start),
                              self.at(bar.position + self.width / 2, bar.start + bar.value))
        self.sketch.rect(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0), fill)

    def _bar_label(self, bar, label: str, fill: str, stacked: bool) -> None:
        """A value inside its segment's middle (stacked), or just beyond its bar's end."""
        size, sketch = self.label, self.sketch
        if stacked:
            x, y = self.at(bar.position, bar.start + bar.value / 2)
            sketch.centred(x, y, label, size, colour=text_on(fill, self.profile))
            return
        x, y = self.at(bar.position, bar.start + bar.value)
        if self.horizontal:
            sketch.centred(x + 2, y, label, size, "start")
        elif self.turn == TURN:
            sketch.text(x - 0.25 * size, y + 2, label, size, turn=TURN)
        elif self.turn:
            sketch.text(x + 0.35 * size, y + 2, label, size, upright=True)
        else:
            sketch.text(x, y + 2, label, size, "middle")

    def _turned(self, x: float, y: float, label: str) -> None:
        """A turned category label: its lines' ends at (x, y), below its slot, reading up to it."""
        size, rows = self.text, label.split("\n")
        along = math.cos(math.radians(self.axis.turn))
        for i, row in enumerate(rows):
            shift = (i - (len(rows) - 1) / 2) * size * LEADING - ASCENT * size
            self.sketch.text(x + shift * along, y - shift * along, row, size, "end", turn=self.axis.turn)

    def _lines(self) -> None:
        """A line per series, broken where a value is missing, each point marked and labelled."""
        locale = self.profile.numbers.locale
        sides = line_label_sides(self.spec, self.profile, self.size_mm)
        for s, series in enumerate(self.spec.series):
            fill = colour(self.profile, s)
            run: list[tuple[float, float]] = []
            for c, value in enumerate([*series.values, None]):
                if value is None:
                    if len(run) > 1:
                        self.sketch.polyline(run, fill, LINE_PT)
                    run = []
                    continue
                run.append(self.at(c, value))
            for c, value in enumerate(series.values):
                if value is not None:
                    x, y = self.at(c, value)
                    self.sketch.dot(x, y, MARKER_PT / 2, fill)
                    if (s, c) in sides:
                        below = sides[(s, c)] != ABOVE
                        self.sketch.text(x, y - 5 - 0.75 * self.label if below else y + 5,
                                         value_text(self.spec, value, locale), self.label, "middle")

    def _marks(self) -> None:
        """A missing value's mark from the value axis' zero where its bar would stand."""
        for _, position, mark in marks(self.spec, self.width):
            x, y = self.at(position, 0)
            self.sketch.marked(x, y, f" {mark.text}", self.label, mark.gap, upright=not self.horizontal)

    def _axes(self) -> None:
        """The ticks' values, the categories (wrapped) and the value axis' title."""
        sketch, size = self.sketch, self.text
        for t, text in zip(self.ticks, self.tick_texts):
            x, y = self.at(-0.5, t)
            if self.horizontal:
                sketch.text(x, self.slot.end - PAD - size * 0.8, text, size, "middle")
            else:
                sketch.centred(x - PAD, y, text, size, "end")
        for c, label in enumerate(self.axis.labels):
            self._category(c, label)
        middle = (self.value.start + self.value.end) / 2
        rows = self.title.split("\n") if self.title else []
        for i, row in enumerate(rows):          # read from the canvas' edge towards the axis
            if self.horizontal:
                sketch.text(middle, PAD + size * (0.3 + (len(rows) - 1 - i) * LEADING), row, size, "middle")
            else:
                sketch.text(self.title_x + i * size * LEADING, middle, row, size, "middle", upright=True)

    def _category(self, c: int, label: str) -> None:
        """A category's label, its lines centred on its slot: left of a horizontal chart, under a vertical one."""
        size = self.text
        x, y = self.at(c, self.value.low)
        if self.horizontal:
            self.sketch.lines(x - PAD, y, label, size, "end", size * LEADING)
            return
        if self.axis.turn:
            self._turned(x, y - PAD - size * (0.3 + TURNED_DROP), label)
            return
        for i, row in enumerate(label.split("\n")):
            self.sketch.text(x, y - PAD - size * 0.8 - i * size * LEADING, row, size, "middle")
