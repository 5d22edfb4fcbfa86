"""The charts' look, all from the layout profile's ``charts``: font, text sizes, colours (matplotlib
is loaded only by the functions that set it up).

Text sizes are the sizes at printed size: a chart drawn wider than it is printed (a profile
whose chart is wider than the text) gets its text drawn larger by the same ratio, so no chart
text is printed smaller than the profile says.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

from generator.charts.sizes import printed_scale
from generator.config import FONTS_DIR, Profile

SVG_METADATA = {"Date": None, "Creator": None}
PNG_METADATA = {"Software": None}


@cache
def register_fonts(family: str = "Liberation Serif") -> str:
    """Make the bundled ``family`` the one matplotlib finds; returns its regular file.

    A system copy of the same family may already be known; the bundled entries are moved in
    front so font lookup (which keeps the first best match) picks them on every machine.
    """
    from matplotlib import font_manager
    stem = family.replace(" ", "")
    files = sorted(FONTS_DIR.glob(f"{stem}-*.ttf"))
    if not files:
        raise FileNotFoundError(f"no {family} fonts in {FONTS_DIR}")
    manager = font_manager.fontManager
    for path in files:
        manager.addfont(path)                       # also clears the lookup cache
    bundled = str(FONTS_DIR)
    manager.ttflist.sort(key=lambda entry: not str(entry.fname).startswith(bundled))
    return str(FONTS_DIR / f"{stem}-Regular.ttf")


def text_pt(profile: Profile) -> float:
    """Ticks, legend and axis titles, in drawn points."""
    return profile.charts.text_pt / printed_scale(profile)


def label_pt(profile: Profile) -> float:
    """Values on bars, points and slices, in drawn points."""
    return profile.charts.label_pt / printed_scale(profile)


def colour(profile: Profile, index: int) -> str:
    """The colour of the ``index``-th series (or slice)."""
    colours = profile.charts.colours
    return colours[index % len(colours)]


def rc_params(profile: Profile) -> dict:
    """The matplotlib settings every chart is built and saved under."""
    charts, size = profile.charts, text_pt(profile)
    return {
        "font.family": [charts.font],
        "font.size": size,
        "text.color": charts.text_colour,
        "axes.labelcolor": charts.text_colour,
        "axes.edgecolor": charts.axis_colour,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "axes.labelsize": size,
        "xtick.color": charts.axis_colour,
        "ytick.color": charts.axis_colour,
        "xtick.labelcolor": charts.text_colour,
        "ytick.labelcolor": charts.text_colour,
        "xtick.labelsize": size,
        "ytick.labelsize": size,
        "grid.color": charts.grid_colour,
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": size,
        "svg.fonttype": "path",      # glyphs as paths: the PDF needs no font for the chart (words_as_text: as text)
        "svg.hashsalt": "museum-report",
        "svg.id": None,
    }


def words_as_text() -> AbstractContextManager[None]:
    """Within ``chart_style``: an SVG saved here writes each word as ``<text>`` naming its font
    family (a bundled one, which the PDF embeds), at the place the outlines have."""
    import matplotlib as mpl
    return mpl.rc_context({"svg.fonttype": "none"})


def chart_style(profile: Profile) -> AbstractContextManager[None]:
    """The profile's chart settings, for building and saving a chart; global settings untouched."""
    import matplotlib as mpl
    return mpl.rc_context(rc_params(profile))
