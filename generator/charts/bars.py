"""Bars (side by side or stacked, vertical or horizontal) and lines over categories.

Every number shown goes through ``fmt.number`` with the spec's pattern and unit. Value labels
have the profile's ``label_pt`` at printed size: never smaller, however many bars; a label
that does not fit inside its stacked segment is left out (the stack's total is shown).
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from generator import fmt
from generator.charts.sizes import (
    BARH_OVERHEAD_MM, GROUP_WIDTH, HORIZONTAL, MM_PER_INCH, PLOT_SHARE, STACKED, bar_width,
)
from generator.charts.style import colour, label_pt, text_pt
from generator.config import Profile
from generator.doc.model import PERCENT, ChartSpec

CHAR_EM = 0.5                # a character's width in em, roughly (Liberation Serif digits)
LIGHT = 0.45                 # a fill lighter than this takes dark text, else white


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


def _places(pattern: str) -> int | None:
    """The digits after the comma a number pattern fixes ("#,##0.0" → 1); None: not fixed."""
    if not pattern:
        return None
    return pattern.partition(".")[2].count("0")


def bars(spec: ChartSpec, locale: str = "kk", width: float | None = None) -> list[Bar]:
    """The bars a chart shows, in series order; None values give no bar. Stacked kinds start
    each series' bar where the series before it ended."""
    _check_lengths(spec)
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


def _check_lengths(spec: ChartSpec) -> None:
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


def wrap(label: str, width: int) -> str:
    """A category label broken into lines of at most ``width`` characters, words kept whole."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False,
                                   break_on_hyphens=False)) or label


def _wrap_width(spec: ChartSpec, profile: Profile) -> int:
    """Characters per category line: the slot width for vertical kinds, a column for horizontal."""
    if spec.kind in HORIZONTAL:
        return 28
    slot_pt = profile.charts.width_mm / MM_PER_INCH * 72 * PLOT_SHARE / max(len(spec.categories), 1)
    return max(8, int(slot_pt / (text_pt(profile) * CHAR_EM)))


def _plot_length_pt(spec: ChartSpec, size_mm: tuple[float, float]) -> tuple[float, float]:
    """The value axis' and the category axis' lengths in points, roughly."""
    width_pt, height_pt = (mm / MM_PER_INCH * 72 for mm in size_mm)
    if spec.kind in HORIZONTAL:
        return width_pt * PLOT_SHARE * 0.7, height_pt - BARH_OVERHEAD_MM / MM_PER_INCH * 72
    return height_pt * PLOT_SHARE * 0.8, width_pt * PLOT_SHARE


def text_on(fill: str, profile: Profile) -> str:
    """Dark text on a light fill, white on a dark one."""
    r, g, b = to_rgb(fill)
    return profile.charts.text_colour if 0.2126 * r + 0.7152 * g + 0.0722 * b > LIGHT else "white"


def draw_bars(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """The bars of every series with their value labels, and the marks of missing values."""
    width = bar_width(spec, size_mm)
    size = label_pt(profile)
    all_bars = bars(spec, profile.numbers.locale, width)
    _draw_marks(ax, spec, width, size, profile)
    rotate = spec.kind == "bar" and _labels_too_wide(spec, all_bars, width, size, size_mm)
    horizontal, stacked = spec.kind in HORIZONTAL, spec.kind in STACKED
    for s, series in enumerate(spec.series):
        mine = [bar for bar in all_bars if bar.series == s]
        fill = colour(profile, s)
        positions, values, starts = ([getattr(b, k) for b in mine] for k in ("position", "value", "start"))
        if horizontal:
            container = ax.barh(positions, values, height=width, left=starts, color=fill, label=series.name)
        else:
            container = ax.bar(positions, values, width=width, bottom=starts, color=fill, label=series.name)
        if stacked:
            labels = _segment_labels(spec, mine, size, size_mm)
            ax.bar_label(container, labels=labels, label_type="center", fontsize=size, color=text_on(fill, profile))
        else:
            ax.bar_label(container, labels=[bar.label for bar in mine], padding=2, fontsize=size,
                         color=profile.charts.text_colour, rotation=90 if rotate else 0)
    if stacked:
        _draw_totals(ax, spec, profile, size)
    if rotate:
        ax.margins(y=0.3)


def _labels_too_wide(spec: ChartSpec, all_bars: list[Bar], width: float, size: float,
                     size_mm: tuple[float, float]) -> bool:
    """Whether the widest value label is wider than a vertical bar (then the labels stand upright)."""
    slot_pt = size_mm[0] / MM_PER_INCH * 72 * PLOT_SHARE / max(len(spec.categories), 1)
    widest = max((len(bar.label) for bar in all_bars), default=0) * size * CHAR_EM
    return widest > slot_pt * width * 1.2


def _segment_labels(spec: ChartSpec, mine: list[Bar], size: float, size_mm: tuple[float, float]) -> list[str]:
    """Each segment's value, or nothing where the segment is too small to hold it."""
    value_pt, _ = _plot_length_pt(spec, size_mm)
    top = max((t for t in totals(spec) if t), default=0) or 1
    out = []
    for bar in mine:
        length_pt = abs(bar.value) / top * value_pt
        needed = len(bar.label) * size * CHAR_EM if spec.kind in HORIZONTAL else size * 1.2
        out.append(bar.label if length_pt >= needed else "")
    return out


def _draw_totals(ax: Axes, spec: ChartSpec, profile: Profile, size: float) -> None:
    """A stack's total at its end, bold."""
    for c, total in enumerate(totals(spec)):
        if total is None or len(spec.series) < 2:
            continue
        text = value_text(spec, total, profile.numbers.locale)
        if spec.kind in HORIZONTAL:
            ax.annotate(text, (total, c), xytext=(3, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=size, fontweight="bold")
        else:
            ax.annotate(text, (c, total), xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize=size, fontweight="bold")


def _draw_marks(ax: Axes, spec: ChartSpec, width: float, size_pt: float, profile: Profile) -> None:
    """A missing value's mark where its bar would stand, from the value axis' zero: «дерек жоқ»,
    or «толтырылмаған» highlighted as in the text of a draft. A stack or a line point shows the
    mark only where no series has a value."""
    n_series, one_slot = len(spec.series), spec.kind in (*STACKED, "line")
    sums = totals(spec)
    for s, series in enumerate(spec.series):
        offset = 0.0 if one_slot else (s - (n_series - 1) / 2) * width
        for c, value in enumerate(series.values):
            mark = series.mark(c)
            if value is not None or mark is None or (one_slot and (sums[c] is not None or _marked_before(spec, s, c))):
                continue
            box = {"facecolor": profile.draft.css_colour, "edgecolor": "none", "pad": 1.0} if mark.gap else None
            if spec.kind in HORIZONTAL:
                ax.text(0, c + offset, f" {mark.text}", ha="left", va="center", fontsize=size_pt,
                        style="italic", color=profile.charts.text_colour, bbox=box)
            else:
                ax.text(c + offset, 0, f" {mark.text}", ha="center", va="bottom", rotation=90,
                        fontsize=size_pt, style="italic", color=profile.charts.text_colour, bbox=box)


def _marked_before(spec: ChartSpec, s: int, c: int) -> bool:
    return any(spec.series[i].mark(c) is not None for i in range(s))


def draw_lines(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """One line per series over the categories, each point labelled with its value."""
    _check_lengths(spec)
    size = label_pt(profile)
    _draw_marks(ax, spec, 0.0, size, profile)
    locale = profile.numbers.locale
    for s, series in enumerate(spec.series):
        ys = [math.nan if v is None else v for v in series.values]
        ax.plot(range(len(ys)), ys, color=colour(profile, s), marker="o", markersize=4,
                linewidth=1.6, label=series.name)
        for c, value in enumerate(series.values):
            if value is not None:
                ax.annotate(value_text(spec, value, locale), (c, value), xytext=(0, 5),
                            textcoords="offset points", ha="center", va="bottom", fontsize=size)
    ax.margins(y=0.2)


def style_axes(ax: Axes, spec: ChartSpec, profile: Profile) -> None:
    """Category ticks with wrapped labels, the value axis formatted and gridded."""
    labels = [wrap(c, _wrap_width(spec, profile)) for c in spec.categories]
    ticks = list(range(len(spec.categories)))
    horizontal = spec.kind in HORIZONTAL
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    category_axis.set_ticks(ticks, labels)
    category_axis.set_tick_params(length=0, pad=4)
    value_axis.set_major_formatter(_value_formatter(spec, profile.numbers.locale))
    value_axis.set_major_locator(MaxNLocator(nbins=5, integer=_integers_only(spec)))
    value_axis.grid(True)
    value_axis.set_tick_params(length=0)
    slots = (-0.5, len(spec.categories) - 0.5)   # every category a full slot, bars centred
    if horizontal:
        ax.set_ylim(slots[::-1])                # first category on top, as it reads
        ax.spines["bottom"].set_visible(False)
        ax.margins(x=0.15)                      # room for the value labels
        ax.set_xlabel(spec.value_label)
    else:
        ax.set_xlim(slots)
        ax.spines["left"].set_visible(False)
        ax.set_ylabel(spec.value_label)
    if spec.kind == "line" and all(v >= 0 for s in spec.series for v in s.values if v is not None):
        ax.set_ylim(bottom=0)
    if not any(series.values[i] for series in spec.series for i in range(len(series.values))):
        # no value yet (a new figure in a draft), or only zeros: a scale from 0, not -0,05…0,05
        (ax.set_xlim if horizontal else ax.set_ylim)(0, 1)
        value_axis.set_major_formatter(NullFormatter())


def _value_formatter(spec: ChartSpec, locale: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: fmt.number(round(value, 6), locale, pattern=spec.number_format or None))


def _integers_only(spec: ChartSpec) -> bool:
    return all(float(v).is_integer() for s in spec.series for v in s.values if v is not None)

