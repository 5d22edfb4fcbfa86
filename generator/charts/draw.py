"""Chart specs → SVG (for the PDF) and PNG (for the DOCX) with matplotlib.

Only the object API is used (``Figure``, never pyplot), so drawing keeps no global figure state
and is safe in worker processes. The look is one quiet style for every chart: muted colours,
no top/right spines, a light grid on the value axis, the bundled Liberation Serif font.
Every number shown goes through ``fmt.number``. Output is byte-for-byte reproducible.
"""
from __future__ import annotations

import io
import textwrap
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from generator import fmt
from generator.charts.sizes import BARH_OVERHEAD_MM, GROUP_WIDTH, MM_PER_INCH, chart_size_mm, n_slots
from generator.charts.svgtext import merge_glyphs
from generator.config import FONTS_DIR, Profile
from generator.doc.model import PNG, SVG, ChartSpec, RenderedImage

FONT_FAMILY = "Liberation Serif"
# Muted colours, in series order: slate blue, ochre, sage, dusty rose, grey violet, stone.
PALETTE = ("#4F6D8F", "#C49A4E", "#7C9C7E", "#B07A78", "#8A80A3", "#9A9488")
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#DDDDDD"
SPINE_COLOUR = "#888888"
TICK_PT = 9
LABEL_PT = 8
MIN_LABEL_PT = 6
PLOT_SHARE = 0.85            # share of the figure's width or height the axes get, roughly
MAX_BAR_MM = 22              # vertical bars no wider than this, however few they are

STYLE = {
    "font.family": [FONT_FAMILY],
    "font.size": TICK_PT,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": SPINE_COLOUR,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.unicode_minus": True,
    "xtick.color": SPINE_COLOUR,
    "ytick.color": SPINE_COLOUR,
    "xtick.labelcolor": TEXT_COLOUR,
    "ytick.labelcolor": TEXT_COLOUR,
    "xtick.labelsize": TICK_PT,
    "ytick.labelsize": TICK_PT,
    "grid.color": GRID_COLOUR,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": TICK_PT,
    "svg.fonttype": "path",      # glyphs as paths: the PDF needs no font for the chart
    "svg.hashsalt": "museum-report",
    "svg.id": None,
}
SVG_METADATA = {"Date": None, "Creator": None}
PNG_METADATA = {"Software": None}


@dataclass(frozen=True)
class Bar:
    """One bar to draw: its slot position, value and shown label."""
    series: int
    category: int
    position: float
    value: float
    label: str


@cache
def register_fonts() -> str:
    """Make the bundled Liberation Serif the one matplotlib finds; returns its regular file.

    A system copy of the same family may already be known; the bundled entries are moved in
    front so font lookup (which keeps the first best match) picks them on every machine.
    """
    files = sorted(FONTS_DIR.glob("LiberationSerif-*.ttf"))
    if not files:
        raise FileNotFoundError(f"no Liberation Serif fonts in {FONTS_DIR}")
    manager = font_manager.fontManager
    for path in files:
        manager.addfont(path)                       # also clears the lookup cache
    bundled = str(FONTS_DIR)
    manager.ttflist.sort(key=lambda entry: not str(entry.fname).startswith(bundled))
    return str(FONTS_DIR / "LiberationSerif-Regular.ttf")


def bars(spec: ChartSpec, locale: str = "kk", width: float | None = None) -> list[Bar]:
    """The bars a chart shows, in series order; None values give no bar."""
    n_series = len(spec.series)
    width = width or GROUP_WIDTH / max(n_series, 1)
    out = []
    for s, series in enumerate(spec.series):
        if len(series.values) != len(spec.categories):
            raise ValueError(f"series {series.name!r} has {len(series.values)} values "
                             f"for {len(spec.categories)} categories")
        offset = (s - (n_series - 1) / 2) * width
        for c, value in enumerate(series.values):
            if value is not None:
                out.append(Bar(s, c, c + offset, value, fmt.number(value, locale)))
    return out


def bar_labels(spec: ChartSpec, locale: str = "kk") -> list[str]:
    """The value labels the chart will show, in series order."""
    return [bar.label for bar in bars(spec, locale)]


def wrap(label: str, width: int) -> str:
    """A category label broken into lines of at most ``width`` characters, words kept whole."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False,
                                   break_on_hyphens=False)) or label


def _wrap_width(spec: ChartSpec, profile: Profile) -> int:
    """Characters per category line: the slot width for bars, a fixed column for barh."""
    if spec.kind == "barh":
        return 28
    slot_pt = profile.charts.width_mm / MM_PER_INCH * 72 * PLOT_SHARE / max(len(spec.categories), 1)
    return max(8, int(slot_pt / (TICK_PT * 0.5)))


def _value_formatter(locale: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: fmt.number(round(value, 6), locale))


def _integers_only(spec: ChartSpec) -> bool:
    return all(float(v).is_integer() for s in spec.series for v in s.values if v is not None)


def _bar_width(spec: ChartSpec, size_mm: tuple[float, float]) -> float:
    """Bar thickness in category units: the group's share, but no bar fatter than MAX_BAR_MM."""
    width = GROUP_WIDTH / max(len(spec.series), 1)
    if spec.kind == "bar":
        slot_mm = size_mm[0] * PLOT_SHARE / max(len(spec.categories), 1)
        width = min(width, MAX_BAR_MM / slot_mm)
    return width


def _label_size(spec: ChartSpec, size_mm: tuple[float, float]) -> float:
    """Value-label size in points: smaller when many bars share the chart's length."""
    length_mm = size_mm[1] - BARH_OVERHEAD_MM if spec.kind == "barh" else size_mm[0] * PLOT_SHARE
    bar_pt = length_mm / MM_PER_INCH * 72 / n_slots(spec) * GROUP_WIDTH
    limit = bar_pt * 0.95 if spec.kind == "barh" else bar_pt / 3.2
    return max(MIN_LABEL_PT, min(LABEL_PT, limit))


def _draw_bars(ax: Axes, spec: ChartSpec, profile: Profile, size_mm: tuple[float, float]) -> None:
    """The bars of every series with their value labels, and the marks of missing values."""
    width = _bar_width(spec, size_mm)
    label_pt = _label_size(spec, size_mm)
    all_bars = bars(spec, profile.numbers.locale, width)
    _draw_marks(ax, spec, width, label_pt, profile.draft.css_colour)
    for s, series in enumerate(spec.series):
        mine = [bar for bar in all_bars if bar.series == s]
        colour = PALETTE[s % len(PALETTE)]
        positions = [bar.position for bar in mine]
        values = [bar.value for bar in mine]
        if spec.kind == "barh":
            container = ax.barh(positions, values, height=width, color=colour, label=series.name)
        else:
            container = ax.bar(positions, values, width=width, color=colour, label=series.name)
        ax.bar_label(container, labels=[bar.label for bar in mine], padding=2,
                     fontsize=label_pt, color=TEXT_COLOUR)


def _draw_marks(ax: Axes, spec: ChartSpec, width: float, size_pt: float, highlight: str) -> None:
    """A missing value's mark where its bar would stand, from the value axis' zero: «дерек жоқ»,
    or «толтырылмаған» highlighted as in the text of a draft."""
    n_series = len(spec.series)
    for s, series in enumerate(spec.series):
        offset = (s - (n_series - 1) / 2) * width
        for c, value in enumerate(series.values):
            mark = series.mark(c)
            if value is not None or mark is None:
                continue
            box = {"facecolor": highlight, "edgecolor": "none", "pad": 1.0} if mark.gap else None
            if spec.kind == "barh":
                ax.text(0, c + offset, f" {mark.text}", ha="left", va="center", fontsize=size_pt,
                        style="italic", color=TEXT_COLOUR, bbox=box)
            else:
                ax.text(c + offset, 0, f" {mark.text}", ha="center", va="bottom", rotation=90,
                        fontsize=size_pt, style="italic", color=TEXT_COLOUR, bbox=box)


def _style_axes(ax: Axes, spec: ChartSpec, profile: Profile) -> None:
    """Category ticks with wrapped labels, the value axis formatted and gridded."""
    locale = profile.numbers.locale
    labels = [wrap(c, _wrap_width(spec, profile)) for c in spec.categories]
    ticks = list(range(len(spec.categories)))
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if spec.kind == "barh" else (ax.yaxis, ax.xaxis)
    category_axis.set_ticks(ticks, labels)
    category_axis.set_tick_params(length=0, pad=4)
    value_axis.set_major_formatter(_value_formatter(locale))
    value_axis.set_major_locator(MaxNLocator(nbins=5, integer=_integers_only(spec)))
    value_axis.grid(True)
    value_axis.set_tick_params(length=0)
    slots = (-0.5, len(spec.categories) - 0.5)   # every category a full slot, bars centred
    if spec.kind == "barh":
        ax.set_ylim(slots[::-1])                # first category on top, as it reads
        ax.spines["bottom"].set_visible(False)
        ax.margins(x=0.12)                      # room for the value labels
        ax.set_xlabel(spec.value_label)
    else:
        ax.set_xlim(slots)
        ax.spines["left"].set_visible(False)
        ax.margins(y=0.1)
        ax.set_ylabel(spec.value_label)
    if not any(series.values[i] for series in spec.series for i in range(len(series.values))):
        # no value yet (a new figure in a draft), or only zeros: a scale from 0, not -0,05…0,05
        (ax.set_xlim if spec.kind == "barh" else ax.set_ylim)(0, 1)
        value_axis.set_major_formatter(NullFormatter())


def build_figure(spec: ChartSpec, profile: Profile) -> Figure:
    """The chart as a matplotlib Figure (nothing written); call within ``chart_style()``."""
    if spec.kind not in ("bar", "barh"):
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    register_fonts()
    size_mm = chart_size_mm(spec, profile)
    fig = Figure(figsize=(size_mm[0] / MM_PER_INCH, size_mm[1] / MM_PER_INCH),
                 dpi=profile.charts.png_dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _draw_bars(ax, spec, profile, size_mm)
    _style_axes(ax, spec, profile)
    if len(spec.series) > 1:        # a swatch per series, in its colour even when it has no bar yet
        swatches = [Patch(color=PALETTE[s % len(PALETTE)], label=series.name) for s, series in enumerate(spec.series)]
        fig.legend(handles=swatches, loc="outside upper center", ncols=len(spec.series),
                   handlelength=1.0, handleheight=1.0, columnspacing=1.5)
    return fig


def chart_style() -> AbstractContextManager[None]:
    """The rcParams every chart is built and saved under."""
    return mpl.rc_context(STYLE)


def laid_out(spec: ChartSpec, profile: Profile) -> Figure:
    """The chart built and laid out once, at the PNG's resolution; call within ``chart_style()``.

    The SVG and the PNG saved from it keep that layout: it is not redone per file, and the
    SVG gets the sizes of the high-resolution text (at 72 dpi hinting makes labels up to
    0.7 mm narrower than the outlines the SVG draws).
    """
    fig = build_figure(spec, profile)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


def draw_chart(spec: ChartSpec, profile: Profile, out_dir: Path, name: str) -> RenderedImage:
    """Draw one chart to ``out_dir/name.svg`` and ``out_dir/name.png``: its SVG and PNG forms."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    svg, png = out_dir / f"{name}.svg", out_dir / f"{name}.png"
    with chart_style():
        fig = laid_out(spec, profile)
        text = io.StringIO()
        fig.savefig(text, format="svg", metadata=SVG_METADATA)
        svg.write_text(merge_glyphs(text.getvalue()), encoding="utf-8")
        fig.savefig(png, format="png", dpi=profile.charts.png_dpi, metadata=PNG_METADATA)
    width_mm, height_mm = chart_size_mm(spec, profile)
    return RenderedImage({SVG: str(svg), PNG: str(png)}, width_mm, height_mm)
