"""The measures a chart's geometry is made of: bar widths, slots, scales (no matplotlib).

The drawn size itself, which depends on how the chart's words fit, is ``charts.canvas``'s.
"""
from __future__ import annotations

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
