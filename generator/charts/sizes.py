"""A chart's drawn size, known before it is drawn (this module loads no matplotlib).

The page layout needs only the charts' sizes, so it can start while they are being drawn:
``svg_stand_in`` is an empty SVG exactly as large as the one matplotlib will write, and a
``StandIn`` pairs it with the wait for the real file, which the PDF writer reads when it
paints the chart's page.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from generator.config import Profile
from generator.doc.model import ChartSpec

MM_PER_INCH = 25.4
MM_PER_PT = MM_PER_INCH / 72
GROUP_WIDTH = 0.8            # share of a category's slot taken by its group of bars
BAR_PER_LABEL = 1.0          # a horizontal bar at least this many times its value label's height
BARH_OVERHEAD_MM = 22        # legend and value axis of a barh chart
MAX_GROWTH = 1.7
HORIZONTAL = ("barh", "stackedh")
STACKED = ("stacked", "stackedh")
PLOT_SHARE = 0.85            # share of the figure's width or height the axes get, roughly
MAX_BAR_MM = 22              # vertical bars no wider than this, however few they are


class StandIn(NamedTuple):
    """What the PDF writer lays out in place of a chart being drawn, and how to wait for it."""
    svg: bytes                      # an empty SVG of the chart's size (``svg_stand_in``)
    ready: Callable[[], object]     # returns once the chart's file is drawn (or raises)


def chart_size_mm(spec: ChartSpec, profile: Profile) -> tuple[float, float]:
    """The drawn size: the profile's, but taller when its words need it (``fit.grown_height_mm``:
    wrapped or turned labels, a long legend) or, for horizontal bars, when its bars would be
    thinner than their value labels; at most ``MAX_GROWTH`` times the profile's height."""
    from generator.charts.fit import grown_height_mm
    width, height = profile.charts.width_mm, profile.charts.height_mm
    needed = grown_height_mm(spec, profile, (width, height))
    if spec.kind in HORIZONTAL:
        needed = max(needed, n_slots(spec) * min_bar_mm(profile) / GROUP_WIDTH + BARH_OVERHEAD_MM)
    return width, round(min(max(height, needed), height * MAX_GROWTH), 1)


def min_bar_mm(profile: Profile) -> float:
    """The thinnest horizontal bar that holds a value label, drawn (not printed) millimetres."""
    return profile.charts.label_pt * MM_PER_PT * BAR_PER_LABEL / printed_scale(profile)


def bar_width(spec: ChartSpec, size_mm: tuple[float, float]) -> float:
    """Bar thickness in category units: the group's share, but no bar fatter than MAX_BAR_MM."""
    width = GROUP_WIDTH if spec.kind in STACKED else GROUP_WIDTH / max(len(spec.series), 1)
    if spec.kind not in HORIZONTAL:
        slot_mm = size_mm[0] * PLOT_SHARE / max(len(spec.categories), 1)
        width = min(width, MAX_BAR_MM / slot_mm)
    return width


def printed_scale(profile: Profile) -> float:
    """Printed width over drawn width: a chart wider than the text is printed smaller."""
    width = profile.charts.width_mm
    return min(width, profile.page.text_width_mm) / width


def n_slots(spec: ChartSpec) -> int:
    """Bars the chart has room for: one per category and series (one per category if stacked)."""
    per_category = 1 if spec.kind in STACKED else len(spec.series)
    return max(len(spec.categories) * per_category, 1)


def svg_stand_in(spec: ChartSpec, profile: Profile) -> bytes:
    """An empty SVG with the width, height and view box matplotlib writes for this chart.

    Matplotlib's SVG is ``figsize × 72`` points (``figsize`` in inches, from the size in mm),
    written with ``'{:f}'`` and trailing zeros dropped; the same arithmetic gives the same text.
    """
    width, height = (_points(mm / MM_PER_INCH * 72) for mm in chart_size_mm(spec, profile))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
            f'viewBox="0 0 {width} {height}"/>').encode("ascii")


def _points(value: float) -> str:
    return f"{value:f}".rstrip("0").rstrip(".")
