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

from generator import fmt
from generator.charts.bars import text_on, value_text, wrap
from generator.charts.style import colour, label_pt
from generator.config import Profile
from generator.doc.model import ChartSpec

INSIDE = 0.68               # where a share sits inside its slice, in radii
THIN = 0.06                 # a slice narrower than this share of the whole shows its share in the legend only
LEGEND_WRAP = 32            # characters per legend line
SHARE_PLACES = 1            # digits after the comma of a share


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


def draw_pie(fig: Figure, ax: Axes, spec: ChartSpec, profile: Profile) -> None:
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
    fig.legend(handles=_legend(spec, profile, drawn), loc="outside right center", handlelength=1.0, handleheight=1.0)


def _legend(spec: ChartSpec, profile: Profile, drawn: list[tuple[int, float]]) -> list[Patch]:
    """A swatch per slice: its label, value and share; every part's label when none is drawn."""
    locale = profile.numbers.locale
    if not drawn:
        return [Patch(color=colour(profile, c), label=wrap(label, LEGEND_WRAP)) for c, label in enumerate(spec.categories)]
    return [Patch(color=colour(profile, c), label=wrap(f"{spec.categories[c]} – {value_text(spec, v, locale)} ({share})",
                                                       LEGEND_WRAP))
            for (c, v), share in zip(drawn, shares(spec, locale))]


def _empty(ax: Axes, spec: ChartSpec, profile: Profile, size: float) -> None:
    """No value to share: an empty circle with the mark of the missing figure."""
    ax.add_patch(Circle((0, 0), 1, fill=False, edgecolor=profile.charts.axis_colour))
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    mark = next((spec.series[0].mark(c) for c in range(len(spec.categories)) if spec.series[0].mark(c)), None)
    if mark is not None:
        box = {"facecolor": profile.draft.css_colour, "edgecolor": "none", "pad": 1.0} if mark.gap else None
        ax.text(0, 0, mark.text, ha="center", va="center", fontsize=size, style="italic", bbox=box)
