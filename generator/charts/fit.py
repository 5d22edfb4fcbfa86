"""How a chart's words fit its canvas, decided once for every engine that draws it (this module
loads no matplotlib): the category labels kept flat, wrapped, turned 45° or thinned; the legend's
names wrapped into as many columns as the width holds; which side of its point a line's value
label takes; whether bars' value labels lie flat or turn; how much taller a chart grows for its
words.

Widths are measured with the bundled font's own advance widths (``text_width``), so a decision
holds for matplotlib's SVG and the reportlab drawing alike; sizes are drawn points
(``style.text_pt`` and ``label_pt``). The plot's own size is estimated (``plot_width``, ``plot_height``) on the
safe side, as each engine lays its axes out a little differently.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from generator.charts.geometry import pie_entries, value_text
from generator.charts.sizes import HORIZONTAL, MAX_GROWTH, MM_PER_INCH, bar_width
from generator.charts.style import label_pt, text_pt
from generator.config import FONTS_DIR, Profile
from generator.doc.model import ChartSpec

LEADING = 1.2                # a line of chart text, in em
PAD = 4.0                    # drawn points between the canvas' edge, the legend, the axes' words
FLAT_SHARE = 0.9             # a flat label takes at most this share of its slot
MAX_LINES = 3                # a flat category label wraps to at most this many lines
TURNED_LINES = 4             # a turned category label, to at most this many
TURN = 45                    # degrees a category label turns when flat ones do not fit
SWATCH = 1.7                 # a legend entry's swatch and the gap after it, in em
COLUMN_GAP = 1.5             # em between two legend columns
MAX_COLUMNS = 4
SIDE_SHARE = 0.35            # a horizontal chart's category labels take at most this share of its width
PIE_LEGEND_SHARE = 0.45      # a pie's legend takes at most this share of the chart's width
TITLE_SHARE = 0.55           # the value axis' title wraps to this share of the canvas' side along it
SAFETY = 1.1                 # room asked beyond the measured: kerning, hinting, the engines' own layouts
ABOVE, BELOW = "above", "below"


@cache
def _advances(family: str, face: str) -> tuple[dict[int, int], float]:
    """The bundled font's advance width per character, and its units per em."""
    from fontTools.ttLib import TTFont
    with TTFont(FONTS_DIR / f"{family.replace(' ', '')}-{face}.ttf") as font:
        metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
        return {code: metrics[name][0] for code, name in cmap.items()}, font["head"].unitsPerEm


def text_width(text: str, size: float, family: str = "Liberation Serif", face: str = "Regular") -> float:
    """The widest line of ``text`` (lines broken at "\\n") at ``size`` points, in points."""
    widths, em = _advances(family, face)
    fallback = widths.get(ord("0"), em // 2)
    return max((sum(widths.get(ord(ch), fallback) for ch in line) for line in text.split("\n")),
               default=0) * size / em


def wrap_to(text: str, width: float, size: float, family: str) -> list[str]:
    """``text`` in lines no wider than ``width`` points, words kept whole (a longer word alone);
    only plain spaces break (a no-break space keeps «3 410» and «1 200 теңге» together)."""
    lines: list[str] = []
    for word in filter(None, text.split(" ")):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, size, family) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [text]


def _fits(lines: list[str], width: float, size: float, family: str) -> bool:
    return all(text_width(line, size, family) <= width for line in lines)


@dataclass(frozen=True)
class CategoryAxis:
    """The category labels as drawn: each wrapped ("\\n" between lines; "" where thinned out),
    turned ``turn`` degrees (0 or ``TURN``), and the room they take across the axis in points."""
    labels: list[str]
    turn: int
    room: float


def category_axis(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> CategoryAxis:
    """Flat and wrapped to the slot when that fits, else turned 45° (every k-th when even those
    would touch); a horizontal chart's labels wrapped to their column at its left."""
    size, family = text_pt(profile), profile.charts.font
    if spec.kind in HORIZONTAL:
        column = size_mm[0] / MM_PER_INCH * 72 * SIDE_SHARE
        labels = ["\n".join(wrap_to(c, column, size, family)) for c in spec.categories]
        return CategoryAxis(labels, 0, max((text_width(t, size, family) for t in labels), default=0.0))
    slot = plot_width(spec, profile, size_mm) / max(len(spec.categories), 1)
    flat = [wrap_to(c, slot * FLAT_SHARE, size, family) for c in spec.categories]
    if all(len(lines) <= MAX_LINES and _fits(lines, slot * FLAT_SHARE, size, family) for lines in flat):
        depth = max((len(lines) for lines in flat), default=1) * size * LEADING
        return CategoryAxis(["\n".join(lines) for lines in flat], 0, depth)
    return _turned(spec, profile, size_mm, slot)


def _turned(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float], slot: float) -> CategoryAxis:
    """Labels turned 45°, wrapped to as few lines as neighbours' labels leave room for and the
    chart's growth allows; every k-th label kept only when even one line each would touch."""
    size, family = text_pt(profile), profile.charts.font
    sine, line = math.sin(math.radians(TURN)), size * LEADING * SAFETY
    longest = max((text_width(c, size, family) for c in spec.categories), default=0.0)
    allowed = canvas_pt(size_mm)[1] * (MAX_GROWTH - 1) + 2 * size * LEADING
    choices = []
    for n in range(1, TURNED_LINES + 1):
        wrapped = [wrap_to(c, longest / n * SAFETY, size, family) for c in spec.categories]
        lines = max((len(w) for w in wrapped), default=1)
        step = max(1, math.ceil(lines * line / (slot * sine)))
        widest = max((text_width(t, size, family) for w in wrapped for t in w), default=0.0)
        room = (widest + lines * size * LEADING) * sine
        choices.append((step, room > allowed, n, wrapped, room))
    step, _, _, wrapped, room = min(choices, key=lambda choice: choice[:3])
    return CategoryAxis(["\n".join(w) if c % step == 0 else "" for c, w in enumerate(wrapped)], TURN, room)


def legend_columns(names: list[str], profile: Profile, width: float) -> tuple[int, list[str]]:
    """The legend's columns and each series' name wrapped to its column, so that the legend is
    no wider than ``width`` points: as many columns (up to four) as hold each name's words in
    two lines at most, else as many as hold its words at all."""
    size, family = text_pt(profile), profile.charts.font
    for most_lines in (2, None):
        for columns in range(min(len(names), MAX_COLUMNS), 0, -1):
            room = ((width - (columns - 1) * COLUMN_GAP * size) / columns - SWATCH * size) / SAFETY
            wrapped = [wrap_to(name, room, size, family) for name in names]
            if all(_fits(lines, room, size, family) and len(lines) <= (most_lines or len(lines))
                   for lines in wrapped):
                return columns, ["\n".join(lines) for lines in wrapped]
    return 1, ["\n".join(wrap_to(name, width - SWATCH * size, size, family)) for name in names]


def legend_rows(count: int, columns: int) -> list[list[int]]:
    """The entries' indices row by row, filled column by column as matplotlib fills its legend:
    the first ``count % columns`` columns one entry longer."""
    rows = math.ceil(count / max(columns, 1))
    long = count % columns or columns
    starts = [c * rows - max(0, c - long) for c in range(columns + 1)]
    grid = [list(range(starts[c], starts[c + 1])) for c in range(columns)]
    return [[column[r] for column in grid if r < len(column)] for r in range(rows)]


def legend_height(names: list[str], profile: Profile, width: float) -> float:
    """The points a legend above the plot takes (none for one series)."""
    if len(names) < 2:
        return 0.0
    columns, wrapped = legend_columns(names, profile, width)
    lines = sum(max(wrapped[i].count("\n") + 1 for i in row) for row in legend_rows(len(names), columns))
    return lines * text_pt(profile) * LEADING * 1.2 + PAD


def pie_legend_width(size_mm: tuple[float, float]) -> float:
    """The widest a pie's legend may be, in points."""
    return size_mm[0] / MM_PER_INCH * 72 * PIE_LEGEND_SHARE


def canvas_pt(size_mm: tuple[float, float]) -> tuple[float, float]:
    return size_mm[0] / MM_PER_INCH * 72, size_mm[1] / MM_PER_INCH * 72


def value_title(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> str:
    """The value axis' title wrapped ("\\n" between lines) to the axis' length, estimated short."""
    width, height = canvas_pt(size_mm)
    length = width * TITLE_SHARE if spec.kind in HORIZONTAL else height * TITLE_SHARE
    return "\n".join(wrap_to(spec.value_label, length, text_pt(profile), profile.charts.font)) if spec.value_label else ""


def title_room(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> float:
    """The points the value axis' title takes across the axis (none without a title)."""
    title = value_title(spec, profile, size_mm)
    return text_pt(profile) * (0.4 + LEADING * (title.count("\n") + 1)) if title else 0.0


def plot_width(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> float:
    """The category axis' length of a vertical chart, estimated short: the canvas less the value
    axis' title and widest tick label."""
    size = text_pt(profile)
    widest = max((text_width(_tick_guess(v), size, profile.charts.font)
                  for s in spec.series for v in s.values if v is not None), default=size)
    return canvas_pt(size_mm)[0] - 3 * PAD - title_room(spec, profile, size_mm) - widest * SAFETY


def _tick_guess(value: float) -> str:
    """A tick label as long as the longest the value axis may show (digits and group spaces)."""
    digits = len(str(int(abs(value) * 1.3))) + 2
    return "0" * digits


def plot_height(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float], axis: CategoryAxis) -> float:
    """The value axis' length of a vertical chart, estimated short: the canvas less the legend,
    the category labels, the value labels' room at the top."""
    width, height = canvas_pt(size_mm)
    legend = legend_height([s.name for s in spec.series], profile, width - 2 * PAD)
    return (height - legend - axis.room - 4 * PAD - label_pt(profile) * LEADING) / SAFETY


Box = tuple[float, float, float, float]        # left, bottom, right, top, in points


def _scale(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float],
           headroom: float) -> tuple[float, float, float]:
    """A vertical chart's estimated slot width, lowest value and points per value unit, the
    values' span stretched by ``headroom`` (the margin an engine leaves above them)."""
    values = [v for s in spec.series for v in s.values if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values]) or 1.0
    height = plot_height(spec, profile, size_mm, category_axis(spec, profile, size_mm))
    slot = plot_width(spec, profile, size_mm) / max(len(spec.categories), 1)
    return slot, low, height / ((high - low) * headroom or 1)


def line_label_sides(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> dict[tuple[int, int], str]:
    """Where each point's value label of a line chart goes, by (series, category): ``ABOVE`` its
    point, ``BELOW`` it (never under the axis) when a label above would touch one placed before
    (the higher values first), or left out (missing) when both would."""
    size, family, locale = label_pt(profile), profile.charts.font, profile.numbers.locale
    slot, low, per_unit = _scale(spec, profile, size_mm, 1.2)
    points = sorted(((v, s, c) for s, series in enumerate(spec.series) for c, v in enumerate(series.values)
                     if v is not None), key=lambda p: (-p[0], p[1], p[2]))
    placed: list[Box] = []
    sides: dict[tuple[int, int], str] = {}
    for value, s, c in points:
        w, h = text_width(value_text(spec, value, locale), size, family) * SAFETY, size * LEADING * SAFETY
        x, y = c * slot, (value - low) * per_unit
        free = [(side, box) for side, box in ((ABOVE, (x - w / 2, y + 3, x + w / 2, y + 3 + h)),
                                              (BELOW, (x - w / 2, y - 3 - h, x + w / 2, y - 3)))
                if box[1] >= 0 and not any(_overlap(box, other) for other in placed)]
        if free:
            sides[(s, c)] = free[0][0]
            placed.append(free[0][1])
    return sides


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def value_turn(spec: ChartSpec, bars: list, profile: Profile, size_mm: tuple[float, float]) -> int | None:
    """How far upright bars' value labels turn (``geometry.Bar``s): 0 when no two flat labels
    over their bars would touch, else 45°, else 90°; None (no value labels: the table beside the
    chart gives them) when the bars are thinner than even an upright label's line."""
    if spec.kind != "bar" or not bars:
        return 0
    size, family = label_pt(profile), profile.charts.font
    slot, low, per_unit = _scale(spec, profile, size_mm, 1.3)
    line = size * LEADING * SAFETY
    boxes = []
    for bar in bars:        # measured exactly, two points apart: only the value scale is estimated
        w, x, y = text_width(bar.label, size, family) + 2, bar.position * slot, (bar.value - low) * per_unit
        boxes.append((x - w / 2, y, x + w / 2, y + line))
    if not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
        return 0
    pitch = slot * bar_width(spec, size_mm)
    if pitch * math.sin(math.radians(TURN)) >= line:
        return TURN
    return 90 if pitch >= line else None


def grown_height_mm(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> float:
    """The height a chart needs for its words beyond its bars: a pie's legend, a horizontal
    chart's wrapped category labels, turned category labels, a legend of several rows."""
    if spec.kind == "pie":
        return _pie_height(spec, profile, size_mm) / 72 * MM_PER_INCH
    width_pt, height_pt = canvas_pt(size_mm)
    size, axis = text_pt(profile), category_axis(spec, profile, size_mm)
    legend = legend_height([s.name for s in spec.series], profile, width_pt - 2 * PAD)
    extra = max(0.0, legend - size * LEADING * 1.2 - PAD) if len(spec.series) > 1 else 0.0
    if spec.kind in HORIZONTAL:
        needed = sum(t.count("\n") + 1 for t in axis.labels) * size * LEADING * SAFETY
        return max(height_pt, needed + extra + 2 * size * LEADING + 4 * PAD) / 72 * MM_PER_INCH
    extra += max(0.0, axis.room - 2 * size * LEADING) if axis.turn else 0.0
    return (height_pt + extra) / 72 * MM_PER_INCH


def _pie_height(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> float:
    """The points a pie's canvas needs: its own, or its legend's lines and gaps."""
    texts = [t for _, t in pie_legend(spec, profile, size_mm)]
    needed = (sum(t.count("\n") + 1 for t in texts) * LEADING + 0.5 * len(texts)) * text_pt(profile) + 2 * PAD
    return max(canvas_pt(size_mm)[1], needed * SAFETY)


def pie_legend(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> list[tuple[int, str]]:
    """``pie_entries`` wrapped ("\n" between lines) to the legend's width."""
    width, size = pie_legend_width(size_mm) / 1.1, text_pt(profile)
    return [(c, "\n".join(wrap_to(text, width, size, profile.charts.font)))
            for c, text in pie_entries(spec, profile.numbers.locale)]
