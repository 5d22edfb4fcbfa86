"""A chart's drawn size, known before it is drawn (this module loads no matplotlib).

The page layout needs only the charts' sizes, so it can start while they are being drawn:
``svg_stand_in`` is an empty SVG exactly as large as the one matplotlib will write, and a
``StandIn`` pairs it with the wait for the real file, which the PDF writer reads when it
paints the chart's page.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from generator.charts.fit import grown_height_mm
from generator.charts.sizes import (
    BARH_OVERHEAD_MM, GROUP_WIDTH, HORIZONTAL, MAX_GROWTH, MM_PER_INCH, min_bar_mm, n_slots,
)
from generator.config import Profile
from generator.doc.model import ChartSpec


class StandIn(NamedTuple):
    """What the PDF writer lays out in place of a chart being drawn, and how to wait for it."""
    svg: bytes                      # an empty SVG of the chart's size (``svg_stand_in``)
    ready: Callable[[], object]     # returns once the chart's file is drawn (or raises)


def chart_size_mm(spec: ChartSpec, profile: Profile) -> tuple[float, float]:
    """The drawn size: the profile's, but taller when its words need it (``fit.grown_height_mm``:
    wrapped or turned labels, a long legend) or, for horizontal bars, when its bars would be
    thinner than their value labels; at most ``MAX_GROWTH`` times the profile's height."""
    width, height = profile.charts.width_mm, profile.charts.height_mm
    needed = grown_height_mm(spec, profile, (width, height))
    if spec.kind in HORIZONTAL:
        needed = max(needed, n_slots(spec) * min_bar_mm(profile) / GROUP_WIDTH + BARH_OVERHEAD_MM)
    return width, round(min(max(height, needed), height * MAX_GROWTH), 1)


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
