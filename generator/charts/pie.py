"""A pie: the first series' values as slices, each with its share in %, a legend of the parts.

Shares go through ``fmt.percent`` (one decimal, the locale's way); the legend gives each part's
label, value and share. A slice too thin to hold its share has it in the legend only. Without any
value (a draft's year not filled in), an empty circle carries the series' mark.
"""
from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Patch

from generator.charts.fit import pie_legend
from generator.charts.geometry import INSIDE, THIN, pie_mark, shares, slices, text_on
from generator.charts.style import colour, label_pt
from generator.config import Profile
from generator.doc.model import ChartSpec

__all__ = ["draw_pie", "shares", "slices"]


def draw_pie(fig: Figure, ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """The slices from twelve o'clock, clockwise, their shares on them, a legend at the right."""
    drawn, size = slices(spec), label_pt(profile)
    ax.set_aspect("equal")
    ax.axis("off")
    if not drawn:
        _empty(ax, spec, profile, size)
    else:
        fills = [colour(profile, c) for c, _ in drawn]
        wedges, _ = ax.pie([v for _, v in drawn], colors=fills, startangle=90, counterclock=False,
                           wedgeprops={"linewidth": 0.8, "edgecolor": "white"})
        whole = sum(v for _, v in drawn)
        for wedge, (_, value), fill, text in zip(wedges, drawn, fills, shares(spec, profile.numbers.locale)):
            if value / whole >= THIN:
                angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
                ax.text(INSIDE * math.cos(angle), INSIDE * math.sin(angle), text, ha="center", va="center",
                        fontsize=size, color=text_on(fill, profile))
    fig.legend(handles=_legend(spec, profile, size_mm), loc="outside right center", handlelength=1.0,
               handleheight=1.0)


def _legend(spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> list[Patch]:
    """A swatch per slice: its label, value and share; every part's label when none is drawn."""
    return [Patch(color=colour(profile, c), label=text) for c, text in pie_legend(spec, profile, size_mm)]


def _empty(ax: Axes, spec: ChartSpec, profile: Profile, size: float) -> None:
    """No value to share: an empty circle with the mark of the missing figure."""
    ax.add_patch(Circle((0, 0), 1, fill=False, edgecolor=profile.charts.axis_colour))
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    mark = pie_mark(spec)
    if mark is not None:
        box = {"facecolor": profile.draft.css_colour, "edgecolor": "none", "pad": 1.0} if mark.gap else None
        ax.text(0, 0, mark.text, ha="center", va="center", fontsize=size, style="italic", bbox=box)
