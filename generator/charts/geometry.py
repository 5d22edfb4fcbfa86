"""What a chart shows, worked out once for every engine that draws it (this module loads no
matplotlib): the bars' positions and labels, the stacks' totals, the pie's slices and shares,
the value axis' ticks (how the words fit the canvas is ``fit``'s), the text colour on a fill.

Every number shown goes through ``fmt.number`` with the spec's pattern and unit. Value labels
have the profile's ``label_pt`` at printed size: never smaller, however many bars; a label
that does not fit inside its stacked segment is left out (the stack's total is shown).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from generator import fmt
from generator.charts.sizes import BARH_OVERHEAD_MM, GROUP_WIDTH, HORIZONTAL, MM_PER_INCH, PLOT_SHARE, STACKED
from generator.config import Profile
from generator.doc.model import PERCENT, ChartSpec

CHAR_EM = 0.5                # a character's width in em, roughly (Liberation Serif digits)
LIGHT = 0.45                 # a fill lighter than this takes dark text, else white
INSIDE = 0.68                # where a share sits inside its pie slice, in radii
THIN = 0.06                  # a slice narrower than this share of the whole shows its share in the legend only
SHARE_PLACES = 1             # digits after the comma of a share
TICK_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)   # a value axis' tick step: one of these times a power of ten
TICK_BINS = 5                # at most this many steps between ticks


@dataclass(frozen=True)
class Bar:
    """One bar (or segment) to draw: its slot position, value, start and shown label."""
    series: int
    category: int
    position: float
    value: float
    label: str
    start: float = 0.0


def value_text(spec: ChartSpec, value: float, locale: str) -> str:
    """A value as the chart shows it: the spec's number pattern, then its unit (a percent the
    locale's way)."""
    if spec.unit == PERCENT:
        return fmt.percent(value, locale, _places(spec.number_format))
    text = fmt.number(value, locale, pattern=spec.number_format or None)
    return f"{text}{fmt.NBSP}{spec.unit}" if spec.unit else text


def tick_text(spec: ChartSpec, value: float, locale: str) -> str:
    """A value axis' tick label: the spec's number pattern, no unit."""
    return fmt.number(round(value, 6), locale, pattern=spec.number_format or None)


def _places(pattern: str) -> int | None:
    """The digits after the comma a number pattern fixes ("#,##0.0" → 1); None: not fixed."""
    if not pattern:
        return None
    return pattern.partition(".")[2].count("0")


def bars(spec: ChartSpec, locale: str = "kk", width: float | None = None) -> list[Bar]:
    """The bars a chart shows, in series order; None values give no bar. Stacked kinds start
    each series' bar where the series before it ended."""
    check_lengths(spec)
    stacked = spec.kind in STACKED
    n_series = len(spec.series)
    width = width or (GROUP_WIDTH if stacked else GROUP_WIDTH / max(n_series, 1))
    ends = [0.0] * len(spec.categories)
    out = []
    for s, series in enumerate(spec.series):
        offset = 0.0 if stacked else (s - (n_series - 1) / 2) * width
        for c, value in enumerate(series.values):
            if value is not None:
                start = ends[c] if stacked else 0.0
                out.append(Bar(s, c, c + offset, value, value_text(spec, value, locale), start))
                ends[c] += value if stacked else 0.0
    return out


def check_lengths(spec: ChartSpec) -> None:
    """Each series has one value per category, or ValueError."""
    for series in spec.series:
        if len(series.values) != len(spec.categories):
            raise ValueError(f"series {series.name!r} has {len(series.values)} values "
                             f"for {len(spec.categories)} categories")


def bar_labels(spec: ChartSpec, locale: str = "kk") -> list[str]:
    """The value labels the chart will show, in series order."""
    return [bar.label for bar in bars(spec, locale)]


def totals(spec: ChartSpec) -> list[float | None]:
    """Each category's sum over the series (a stack's height); None where no value is given."""
    sums = []
    for c in range(len(spec.categories)):
        given = [s.values[c] for s in spec.series if s.values[c] is not None]
        sums.append(sum(given) if given else None)
    return sums


def plot_length_pt(spec: ChartSpec, size_mm: tuple[float, float]) -> tuple[float, float]:
    """The value axis' and the category axis' lengths in points, roughly."""
    width_pt, height_pt = (mm / MM_PER_INCH * 72 for mm in size_mm)
    if spec.kind in HORIZONTAL:
        return width_pt * PLOT_SHARE * 0.7, height_pt - BARH_OVERHEAD_MM / MM_PER_INCH * 72
    return height_pt * PLOT_SHARE * 0.8, width_pt * PLOT_SHARE


def rgb(colour: str) -> tuple[float, float, float]:
    """A colour "#RRGGBB" (or "white", "black") as three shares of 1."""
    named = {"white": "#ffffff", "black": "#000000"}
    code = named.get(colour.lower(), colour).lstrip("#")
    return tuple(int(code[i:i + 2], 16) / 255 for i in (0, 2, 4))


def text_on(fill: str, profile: Profile) -> str:
    """Dark text on a light fill, white on a dark one."""
    r, g, b = rgb(fill)
    return profile.charts.text_colour if 0.2126 * r + 0.7152 * g + 0.0722 * b > LIGHT else "white"


def segment_labels(spec: ChartSpec, mine: list[Bar], size: float, size_mm: tuple[float, float]) -> list[str]:
    """Each segment's value, or nothing where the segment is too small to hold it."""
    value_pt, _ = plot_length_pt(spec, size_mm)
    top = max((t for t in totals(spec) if t), default=0) or 1
    out = []
    for bar in mine:
        length_pt = abs(bar.value) / top * value_pt
        needed = len(bar.label) * size * CHAR_EM if spec.kind in HORIZONTAL else size * 1.2
        out.append(bar.label if length_pt >= needed else "")
    return out


def shown_totals(spec: ChartSpec, locale: str) -> list[tuple[int, float, str]]:
    """(category, where the stack ends, the total's text) of each stack whose total is shown (two
    series or more): the stated total where the spec gives one (``ChartSpec.totals``: the figure's
    own value, acknowledged though its parts add up to another), else the parts' sum."""
    if len(spec.series) < 2:
        return []
    return [(c, t, value_text(spec, stated_total(spec, c, t), locale)) for c, t in enumerate(totals(spec))
            if t is not None]


def stated_total(spec: ChartSpec, category: int, parts_sum: float) -> float:
    """A category's total as printed: the stated one, if any, else the sum of its parts."""
    stated = spec.totals[category] if category < len(spec.totals) else None
    return parts_sum if stated is None else stated


def marks(spec: ChartSpec, width: float) -> list[tuple[int, float, object]]:
    """(category, position, mark) of each missing value's mark: where its bar would stand. A stack
    or a line point shows the mark only where no series has a value, and once."""
    n_series, one_slot = len(spec.series), spec.kind in (*STACKED, "line")
    sums = totals(spec)
    out = []
    for s, series in enumerate(spec.series):
        offset = 0.0 if one_slot else (s - (n_series - 1) / 2) * width
        for c, value in enumerate(series.values):
            mark = series.mark(c)
            if value is None and mark is not None and not (one_slot and (sums[c] is not None or _marked_before(spec, s, c))):
                out.append((c, c + offset, mark))
    return out


def _marked_before(spec: ChartSpec, s: int, c: int) -> bool:
    return any(spec.series[i].mark(c) is not None for i in range(s))


def no_values(spec: ChartSpec) -> bool:
    """No value yet (a new figure in a draft), or only zeros: the scale runs 0…1, unlabelled."""
    return not any(v for series in spec.series for v in series.values)


def integers_only(spec: ChartSpec) -> bool:
    return all(float(v).is_integer() for s in spec.series for v in s.values if v is not None)


def ticks(low: float, high: float, integer: bool = False, bins: int = TICK_BINS) -> list[float]:
    """The value axis' ticks between ``low`` and ``high``: the smallest step of ``TICK_STEPS`` times
    a power of ten that makes at most ``bins`` steps (whole steps if ``integer``), as matplotlib's
    MaxNLocator (its default steps) picks them."""
    span = (high - low) or 1.0
    raw = span / bins
    scale = 10 ** math.floor(math.log10(raw))
    steps = sorted(s * scale * k for k in (1, 10) for s in TICK_STEPS)
    if integer:
        steps = [s for s in steps if s < 1 or abs(s - round(s)) < 1e-3]
    step = next((s for s in steps if s >= raw * (1 - 1e-9)), steps[-1])
    if integer:
        step = max(1.0, step)
    first, count = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, count + 1)]


def slices(spec: ChartSpec) -> list[tuple[int, float]]:
    """(category index, value) of each slice drawn: the positive values of the first series."""
    if len(spec.series) != 1:
        raise ValueError(f"a pie shows one series, not {len(spec.series)}")
    values = spec.series[0].values
    if len(values) != len(spec.categories):
        raise ValueError(f"the pie's series has {len(values)} values for {len(spec.categories)} categories")
    return [(c, v) for c, v in enumerate(values) if v is not None and v > 0]


def shares(spec: ChartSpec, locale: str = "kk") -> list[str]:
    """Each slice's share of the whole, as printed on it."""
    drawn = slices(spec)
    whole = sum(v for _, v in drawn)
    return [fmt.percent(v / whole * 100, locale, SHARE_PLACES) for _, v in drawn]


def pie_entries(spec: ChartSpec, locale: str) -> list[tuple[int, str]]:
    """(colour index, text) of each legend entry: a slice's label, value and share; every part's
    label when no slice is drawn."""
    drawn = slices(spec)
    if not drawn:
        return list(enumerate(spec.categories))
    return [(c, f"{spec.categories[c]} – {value_text(spec, v, locale)} ({share})")
            for (c, v), share in zip(drawn, shares(spec, locale))]


def pie_mark(spec: ChartSpec):
    """The mark an empty pie carries: its series' first, or None."""
    return next((spec.series[0].mark(c) for c in range(len(spec.categories)) if spec.series[0].mark(c)), None)
