"""Bars (side by side or stacked, vertical or horizontal) and lines over categories, drawn with
matplotlib; what they show (positions, labels, ticks' texts) is ``geometry``'s, shared with the
reportlab engine's own drawing.
"""
from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from generator.charts.fit import ABOVE, TURN, category_axis, line_label_sides, value_title, value_turn
from generator.charts.geometry import (
    Bar, bar_labels, bars, check_lengths, integers_only, marks, no_values, segment_labels, shown_totals, text_on,
    tick_text, totals, value_text,
)
from generator.charts.sizes import HORIZONTAL, STACKED, bar_width
from generator.charts.style import colour, label_pt
from generator.config import Profile
from generator.doc.model import ChartSpec

__all__ = ["Bar", "bar_labels", "bars", "draw_bars", "draw_lines", "style_axes", "text_on", "totals",
           "value_text"]


def draw_bars(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """The bars of every series with their value labels, and the marks of missing values."""
    width = bar_width(spec, size_mm)
    size = label_pt(profile)
    all_bars = bars(spec, profile.numbers.locale, width)
    _draw_marks(ax, spec, width, size, profile)
    turn = value_turn(spec, all_bars, profile, size_mm)
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
            labels = segment_labels(spec, mine, size, size_mm)
            ax.bar_label(container, labels=labels, label_type="center", fontsize=size, color=text_on(fill, profile))
        elif turn is not None:
            texts = ax.bar_label(container, labels=[bar.label for bar in mine], padding=2, fontsize=size,
                                 color=profile.charts.text_colour, rotation=turn)
            for text in texts if turn == TURN else []:      # reads up and away from its bar's top
                text.set(ha="left", rotation_mode="anchor")
    if stacked:
        _draw_totals(ax, spec, profile, size)
    if turn:
        ax.margins(y=0.3)


def _draw_totals(ax: Axes, spec: ChartSpec, profile: Profile, size: float) -> None:
    """A stack's total at its end, bold."""
    for c, total, text in shown_totals(spec, profile.numbers.locale):
        if spec.kind in HORIZONTAL:
            ax.annotate(text, (total, c), xytext=(3, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=size, fontweight="bold")
        else:
            ax.annotate(text, (c, total), xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize=size, fontweight="bold")


def _draw_marks(ax: Axes, spec: ChartSpec, width: float, size_pt: float, profile: Profile) -> None:
    """A missing value's mark where its bar would stand, from the value axis' zero: «дерек жоқ»,
    or «толтырылмаған» highlighted as in the text of a draft (``geometry.marks``)."""
    for c, position, mark in marks(spec, width):
        box = {"facecolor": profile.draft.css_colour, "edgecolor": "none", "pad": 1.0} if mark.gap else None
        if spec.kind in HORIZONTAL:
            ax.text(0, position, f" {mark.text}", ha="left", va="center", fontsize=size_pt,
                    style="italic", color=profile.charts.text_colour, bbox=box)
        else:
            ax.text(position, 0, f" {mark.text}", ha="center", va="bottom", rotation=90,
                    fontsize=size_pt, style="italic", color=profile.charts.text_colour, bbox=box)


def draw_lines(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """One line per series over the categories, each point labelled with its value."""
    check_lengths(spec)
    size = label_pt(profile)
    _draw_marks(ax, spec, 0.0, size, profile)
    locale, sides = profile.numbers.locale, line_label_sides(spec, profile, size_mm)
    for s, series in enumerate(spec.series):
        ys = [math.nan if v is None else v for v in series.values]
        ax.plot(range(len(ys)), ys, color=colour(profile, s), marker="o", markersize=4,
                linewidth=1.6, label=series.name)
        for c, value in enumerate(series.values):
            side = sides.get((s, c))
            if value is not None and side:
                ax.annotate(value_text(spec, value, locale), (c, value), xytext=(0, 5 if side == ABOVE else -5),
                            textcoords="offset points", ha="center", va="bottom" if side == ABOVE else "top",
                            fontsize=size)
    ax.margins(y=0.2)


def style_axes(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """Category ticks with their labels as ``fit`` lays them out (wrapped, turned, thinned), the
    value axis formatted and gridded."""
    fitted = category_axis(spec, profile, size_mm)
    ticks = list(range(len(spec.categories)))
    horizontal = spec.kind in HORIZONTAL
    value_axis, categories = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    turned = {"rotation": fitted.turn, "ha": "right", "rotation_mode": "anchor"} if fitted.turn else {}
    categories.set_ticks(ticks, fitted.labels, **turned)
    categories.set_tick_params(length=0, pad=4)
    value_axis.set_major_formatter(_value_formatter(spec, profile.numbers.locale))
    value_axis.set_major_locator(MaxNLocator(nbins=5, integer=integers_only(spec)))
    value_axis.grid(True)
    value_axis.set_tick_params(length=0)
    slots = (-0.5, len(spec.categories) - 0.5)   # every category a full slot, bars centred
    if horizontal:
        ax.set_ylim(slots[::-1])                # first category on top, as it reads
        ax.spines["bottom"].set_visible(False)
        ax.margins(x=0.15)                      # room for the value labels
        ax.set_xlabel(value_title(spec, profile, size_mm))
    else:
        ax.set_xlim(slots)
        ax.spines["left"].set_visible(False)
        ax.set_ylabel(value_title(spec, profile, size_mm))
    if spec.kind == "line" and all(v >= 0 for s in spec.series for v in s.values if v is not None):
        ax.set_ylim(bottom=0)
    if no_values(spec):
        # no value yet (a new figure in a draft), or only zeros: a scale from 0, not -0,05…0,05
        (ax.set_xlim if horizontal else ax.set_ylim)(0, 1)
        value_axis.set_major_formatter(NullFormatter())


def _value_formatter(spec: ChartSpec, locale: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: tick_text(spec, value, locale))
