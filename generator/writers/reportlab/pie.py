"""A pie drawn with reportlab.graphics: the slices from twelve o'clock, clockwise, their shares on
them, a legend of the parts at the right (``charts.geometry``'s slices, shares and legend texts,
as the matplotlib pie shows them)."""
from __future__ import annotations

import math

from generator.charts.fit import pie_legend
from generator.charts.geometry import INSIDE, THIN, pie_mark, shares, slices, text_on
from generator.charts.sizes import MM_PER_PT
from generator.charts.style import colour, label_pt, text_pt
from generator.doc.model import ChartSpec
from generator.writers.reportlab.sketch import Sketch

PAD = 4.0                    # drawn points around the pie and its legend
ENTRY_GAP = 0.5              # em between two legend entries
LEADING = 1.2                # a legend line's height, in em


def draw_pie(sketch: Sketch, spec: ChartSpec) -> None:
    """The pie left of its legend, centred in the room the legend leaves."""
    legend_width = _legend(sketch, spec)
    radius = max(1.0, min(sketch.width - legend_width - 3 * PAD, sketch.height - 2 * PAD) / 2)
    x, y = PAD + (sketch.width - legend_width - 2 * PAD) / 2, sketch.height / 2
    drawn = slices(spec)
    if not drawn:
        _empty(sketch, spec, x, y, radius)
        return
    whole, done = sum(v for _, v in drawn), 0.0
    texts = shares(spec, sketch.profile.numbers.locale)
    for (c, value), text in zip(drawn, texts):
        fill = colour(sketch.profile, c)
        start, end = 90 - (done + value) / whole * 360, 90 - done / whole * 360
        if len(drawn) == 1:
            sketch.dot(x, y, radius, fill, "white")
        else:
            sketch.wedge(x, y, radius, start, end, fill)
        if value / whole >= THIN:
            angle = math.radians((start + end) / 2)
            sketch.centred(x + INSIDE * radius * math.cos(angle), y + INSIDE * radius * math.sin(angle), text,
                           label_pt(sketch.profile), colour=text_on(fill, sketch.profile))
        done += value


def _legend(sketch: Sketch, spec: ChartSpec) -> float:
    """A swatch per part and its text (label, value, share), at the right, centred in height;
    returns the width it takes."""
    size, profile = text_pt(sketch.profile), sketch.profile
    entries = pie_legend(spec, profile, (sketch.width * MM_PER_PT, sketch.height * MM_PER_PT))
    width = max((sketch.key_width(text, size) for _, text in entries), default=0.0)
    heights = [(text.count("\n") + 1) * LEADING * size for _, text in entries]
    y = (sketch.height + sum(heights) + ENTRY_GAP * size * (len(entries) - 1)) / 2
    x = sketch.width - PAD - width
    for (c, text), height in zip(entries, heights):
        middle = y - height / 2
        sketch.key(x, middle, colour(profile, c), text, size, LEADING * size)
        y -= height + ENTRY_GAP * size
    return width


def _empty(sketch: Sketch, spec: ChartSpec, x: float, y: float, radius: float) -> None:
    """No value to share: an empty circle with the mark of the missing figure."""
    sketch.dot(x, y, radius, "", sketch.profile.charts.axis_colour)
    mark = pie_mark(spec)
    if mark is not None:
        size = label_pt(sketch.profile)
        sketch.marked(x - sketch.measure(mark.text, size, "Italic") / 2, y, mark.text, size, mark.gap, upright=False)
