"""Chart specs → SVG (for the PDF) and PNG (for the DOCX) with matplotlib.

Only the object API is used (``Figure``, never pyplot), so drawing keeps no global figure state
and is safe in worker processes. The look is one quiet style for every chart, all from the
layout profile (``style``): its colours, no top/right spines, a light grid on the value axis,
its bundled font. The kinds are drawn by ``bars`` (bar, barh, stacked, stackedh, line) and
``pie``. Output is byte-for-byte reproducible.
"""
from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from generator.charts.bars import bar_labels, draw_bars, draw_lines, style_axes
from generator.charts.fit import COLUMN_GAP, PAD, canvas_pt, legend_columns
from generator.charts.pie import draw_pie
from generator.charts.canvas import chart_size_mm
from generator.charts.sizes import MM_PER_INCH
from generator.charts.style import PNG_METADATA, SVG_METADATA, chart_style, colour, register_fonts, words_as_text
from generator.charts.svgtext import merge_glyphs
from generator.config import Profile
from generator.doc.model import CHART_KINDS, FILE_SUFFIXES, PNG, SVG, SVG_TEXT, ChartSpec, RenderedImage

__all__ = ["bar_labels", "build_figure", "chart_style", "draw_chart", "laid_out", "register_fonts"]


def build_figure(spec: ChartSpec, profile: Profile) -> Figure:
    """The chart as a matplotlib Figure (nothing written); call within ``chart_style(profile)``."""
    if spec.kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    register_fonts(profile.charts.font)
    size_mm = chart_size_mm(spec, profile)
    fig = Figure(figsize=(size_mm[0] / MM_PER_INCH, size_mm[1] / MM_PER_INCH),
                 dpi=profile.charts.png_dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if spec.kind == "pie":
        draw_pie(fig, ax, spec, profile, size_mm)
        return fig
    (draw_lines if spec.kind == "line" else draw_bars)(ax, spec, profile, size_mm)
    style_axes(ax, spec, profile, size_mm)
    if len(spec.series) > 1:        # a swatch per series, in its colour even when it has no bar yet
        columns, names = legend_columns([s.name for s in spec.series], profile, canvas_pt(size_mm)[0] - 2 * PAD)
        swatches = [Patch(color=colour(profile, s), label=name) for s, name in enumerate(names)]
        fig.legend(handles=swatches, loc="outside upper center", ncols=columns,
                   handlelength=1.0, handleheight=1.0, columnspacing=COLUMN_GAP)
    return fig


def laid_out(spec: ChartSpec, profile: Profile) -> Figure:
    """The chart built and laid out once, at the PNG's resolution; call within ``chart_style(profile)``.

    The SVG and the PNG saved from it keep that layout: it is not redone per file, and the
    SVG gets the sizes of the high-resolution text (at 72 dpi hinting makes labels up to
    0.7 mm narrower than the outlines the SVG draws).
    """
    fig = build_figure(spec, profile)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


def draw_chart(spec: ChartSpec, profile: Profile, out_dir: Path, name: str,
               forms: tuple[str, ...] = (SVG,)) -> RenderedImage:
    """Draw one chart to ``out_dir/name.svg`` (its words as outlines), ``out_dir/name.text.svg``
    (its words as text in the bundled fonts, placed as in the other) and/or ``out_dir/name.png``:
    the forms (media types) asked for, those some writer takes (the DOCX's charts are Word's own,
    drawn from no file)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(exist_ok=True)            # never its parents: a work folder removed stays removed
    files = {form: str(out_dir / f"{name}{FILE_SUFFIXES[form]}") for form in forms}
    with chart_style(profile):
        fig = laid_out(spec, profile)
        if SVG in files:
            text = io.StringIO()
            fig.savefig(text, format="svg", metadata=SVG_METADATA)
            Path(files[SVG]).write_text(merge_glyphs(text.getvalue()), encoding="utf-8")
        if SVG_TEXT in files:
            with words_as_text():
                fig.savefig(files[SVG_TEXT], format="svg", metadata=SVG_METADATA)
        if PNG in files:
            fig.savefig(files[PNG], format="png", dpi=profile.charts.png_dpi, metadata=PNG_METADATA)
    width_mm, height_mm = chart_size_mm(spec, profile)
    return RenderedImage(files, width_mm, height_mm)
