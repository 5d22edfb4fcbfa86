"""Diagrams as native Word charts: python-pptx writes the chart XML and, with XlsxWriter, the
embedded workbook Word's «Edit Data» opens; this module dresses them in the charts' look and
adds both parts to the DOCX package (the route of python-docx's pull request #392).

A chart part (``/word/charts/chartN.xml``) is related from the document part; its workbook
(``/word/embeddings/Microsoft_Excel_SheetN.xlsx``) from the chart part (``c:externalData``).
"""
from __future__ import annotations

import locale
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_MARK,
)
from pptx.oxml import parse_xml
from pptx.util import Pt

from generator.charts.fit import ABOVE, line_label_sides, value_turn
from generator.charts.geometry import THIN, bars, pie_entries, segment_labels, shown_totals, slices, text_on
from generator.charts.canvas import chart_size_mm
from generator.charts.sizes import GROUP_WIDTH, HORIZONTAL, STACKED, bar_width
from generator.charts.style import label_pt
from generator.config import Charts, Profile
from generator.doc.languages import subtags
from generator.doc.model import PERCENT, ChartSpec, Meta
from generator.writers.docx import oxml

#: ChartSpec.kind → Word's chart type.
CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "stackedh": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}
CHART_PART = "/word/charts/chart%d.xml"
WORKBOOK_PART = "/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"
SHARE_FORMAT = "0.0%"          # a pie's slices as shares, as the PDF prints them: 26,3%
LINE_PT = 2.0
MAX_GAP = 500                  # Word's largest gap between groups of bars
_LCIDS = {name: lcid for lcid, name in locale.windows_locale.items()}   # 'kk_KZ' → 0x43F
MARKER_SIZE = 6
WORD_PLOT_SHARE = 0.9          # Word's (and LibreOffice's) plot area against the drawn chart's, roughly


class _DatedWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's workbook writer, the workbook dated ``created`` (XlsxWriter reads the clock)."""

    def __init__(self, chart_data, created: datetime) -> None:
        super().__init__(chart_data)
        self._created = created

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
            workbook.set_properties({"created": self._created})
            yield workbook, worksheet


class _ChartData(CategoryChartData):
    """python-pptx's category chart data, its workbook written by ``_DatedWorkbookWriter``."""

    def __init__(self, created: datetime, number_format: str) -> None:
        super().__init__(number_format)
        self._writer = _DatedWorkbookWriter(self, created)

    @property
    def _workbook_writer(self):
        return self._writer


@dataclass(frozen=True)
class Look:
    """What a chart takes from the profile and the document: font, the charts' sizes and colours
    (the drawn charts' own), drawn size, number format."""
    font: str
    charts: Charts
    size_mm: tuple[float, float]
    number_format: str
    profile: Profile
    language: str                   # the report's, as Word names it: kk-KZ

    def colour(self, index: int) -> RGBColor:
        """The ``index``-th series' (or slice's) colour, as the drawn charts have it."""
        return _rgb(self.charts.colours[index % len(self.charts.colours)])


def chart_data(spec: ChartSpec, created: datetime, number_format: str, locale: str = "kk",
               total: str = "") -> _ChartData:
    """The spec's categories and series (None values left empty: gaps) as python-pptx data: a
    pie's categories named as the PDF's legend names them (label, value, share); a stacked
    chart of several series one more, ``total``, of zeros on top of each stack, which carries
    its total's label (``_totals``)."""
    data = _ChartData(created, number_format)
    data.categories = pie_categories(spec, locale) if spec.kind == "pie" else spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    if _has_totals(spec):
        data.add_series(total, [0 if t is not None else None for t in _stack_ends(spec)])
    return data


def pie_categories(spec: ChartSpec, locale: str) -> list[str]:
    """A pie's parts as its legend shows them: each slice's label, value and share (the PDF's
    legend text); a part without a slice by its label."""
    entries = dict(pie_entries(spec, locale))
    return [entries.get(c, label) for c, label in enumerate(spec.categories)]


def _has_totals(spec: ChartSpec) -> bool:
    return spec.kind in STACKED and len(spec.series) > 1


def _stack_ends(spec: ChartSpec) -> list[float | None]:
    ends: list[float | None] = [None] * len(spec.categories)
    for c, end, _ in shown_totals(spec, "kk"):
        ends[c] = end
    return ends


def number_format(spec: ChartSpec, language: str) -> str:
    """The values' Excel number format in the report's language (``[$-43F]`` for kk-KZ: its
    separators, 1 234 567): the spec's own, else grouped thousands, one decimal for fractions; the
    unit after the number, as the drawn charts print it (12,5%, 1 200 теңге)."""
    whole = all(float(v).is_integer() for s in spec.series for v in s.values if v is not None)
    pattern = spec.number_format or ("#,##0" if whole else "#,##0.0")
    if spec.unit:
        pattern += '"%"' if spec.unit == PERCENT else f'"\u00a0{spec.unit}"'
    return localised(pattern, language)


def localised(pattern: str, language: str) -> str:
    """An Excel number format in the report's language (``[$-43F]`` for kk-KZ: its separators;
    the Latin edition's kk-Latn-KZ has no Windows locale of its own, and Kazakh's separators)."""
    code, _, region = subtags(language)
    lcid = _LCIDS.get(f"{code}_{region}")
    return f"[$-{lcid:X}]{pattern}" if lcid and not pattern.startswith("[$") else pattern


def add_chart_part(document_part, spec: ChartSpec, profile: Profile, meta: Meta) -> tuple[str, str]:
    """Add the chart of ``spec`` and its workbook, dated by ``meta``, to the package; returns the
    chart's rId and its part's name in the package (``word/charts/chart1.xml``)."""
    look = Look(profile.fonts.docx_body, profile.charts, chart_size_mm(spec, profile),
                number_format(spec, meta.language), profile, meta.language)
    data = chart_data(spec, datetime.fromisoformat(meta.date), look.number_format, profile.numbers.locale,
                      profile.terms.total)
    package = document_part.package
    chart_space = parse_xml(data.xml_bytes(CHART_TYPES[spec.kind]))
    part = XmlPart(package.next_partname(CHART_PART), CT.DML_CHART, chart_space, package)
    workbook = Part(PackURI(package.next_partname(WORKBOOK_PART)), CT.SML_SHEET, data.xlsx_blob, package)
    chart_space.get_or_add_externalData().rId = part.relate_to(workbook, RT.PACKAGE)
    dress(Chart(chart_space, None), spec, look)
    oxml.finish_chart_space(chart_space, meta.language)
    return document_part.relate_to(part, RT.CHART), str(part.partname).lstrip("/")


def dress(chart: Chart, spec: ChartSpec, look: Look) -> None:
    """The drawn charts' look: font, palette, value labels, legend, quiet axes."""
    chart.has_title = False               # the caption is the title; Word would repeat a series name
    chart.font.name, chart.font.size = look.font, Pt(look.charts.text_pt)
    chart.font.color.rgb = _rgb(look.charts.text_colour)
    _legend(chart, spec)
    plot = chart.plots[0]
    if spec.kind == "pie":
        _slices(plot, spec, look)
        return
    _series(plot, spec, look)
    _labels(plot, spec, look)
    if spec.kind == "line":
        _line_sides(plot, spec, look)
    elif spec.kind == "bar":
        _turn_labels(plot, spec, look)
    elif spec.kind in STACKED:
        _thin_segments(plot, spec, look)
    if _has_totals(spec):
        _totals(chart, plot, spec, look)
    _axes(chart, spec, look)


def _legend(chart: Chart, spec: ChartSpec) -> None:
    """A legend above the plot when there is more than one series, or slices to name."""
    chart.has_legend = len(spec.series) > 1 or spec.kind == "pie"
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP if spec.kind != "pie" else XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False


def _series(plot, spec: ChartSpec, look: Look) -> None:
    """Each series in its palette colour: filled bars as thick as the drawn chart's, or a line
    with round markers."""
    if spec.kind != "line":
        plot.gap_width = _gap_width(spec, look.size_mm)
        plot.overlap = 100 if spec.kind in STACKED else 0
    for index, series in enumerate(plot.series):
        rgb = look.colour(index)
        if spec.kind == "line":
            series.smooth = False
            series.format.line.color.rgb, series.format.line.width = rgb, Pt(LINE_PT)
            series.marker.style, series.marker.size = XL_MARKER_STYLE.CIRCLE, MARKER_SIZE
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb
            series.marker.format.line.color.rgb = rgb
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb
            series.invert_if_negative = False


def _gap_width(spec: ChartSpec, size_mm: tuple[float, float]) -> int:
    """Word's gap between groups of bars, in % of a bar's thickness (``sizes.bar_width``)."""
    stacked = spec.kind in STACKED
    width = GROUP_WIDTH if stacked else bar_width(spec, size_mm)
    per_group = 1 if stacked else max(len(spec.series), 1)
    return max(0, min(MAX_GAP, round((1 - per_group * width) / width * 100)))


def _labels(plot, spec: ChartSpec, look: Look) -> None:
    """Every value shown on its bar or point, in the values' number format."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = look.number_format, False
    labels.show_value = True
    labels.font.size = Pt(look.charts.label_pt)
    labels.position = (XL_LABEL_POSITION.CENTER if spec.kind in STACKED
                       else XL_LABEL_POSITION.ABOVE if spec.kind == "line"
                       else XL_LABEL_POSITION.OUTSIDE_END)


def _turn_labels(plot, spec: ChartSpec, look: Look) -> None:
    """Upright bars' values turned as the PDF turns them (``fit.value_turn``), or left to the
    table where the PDF leaves them out."""
    narrower = (look.size_mm[0] * WORD_PLOT_SHARE, look.size_mm[1])
    shown = bars(spec, look.profile.numbers.locale, bar_width(spec, look.size_mm))
    turn = value_turn(spec, shown, look.profile, narrower)
    if turn is None:
        plot.has_data_labels = False
    elif turn:
        oxml.turn_labels(plot.data_labels._element, turn)


def _thin_segments(plot, spec: ChartSpec, look: Look) -> None:
    """No value on a stacked segment too thin to hold it (``geometry.segment_labels``), as in
    the PDF: the stack's total is shown."""
    shown = bars(spec, look.profile.numbers.locale)
    for s, series in enumerate(spec.series):
        mine = [bar for bar in shown if bar.series == s]
        for bar, text in zip(mine, segment_labels(spec, mine, label_pt(look.profile), look.size_mm)):
            if not text:
                oxml.delete_data_label(plot.series[s]._element, bar.category)


def _line_sides(plot, spec: ChartSpec, look: Look) -> None:
    """Each point's value on the side of it the PDF prints it (``fit.line_label_sides``): below
    it where a label above would touch another, none where both would."""
    sides = line_label_sides(spec, look.profile, look.size_mm)
    for s, series in enumerate(plot.series):
        for c, value in enumerate(spec.series[s].values):
            side = sides.get((s, c))
            if value is None or side == ABOVE:
                continue
            if side is None:
                oxml.delete_data_label(series._element, c)
                continue
            label = series.points[c].data_label
            label.position, label.font.size = XL_LABEL_POSITION.BELOW, Pt(look.charts.label_pt)
            oxml.label_format(label._dLbl, look.number_format)


def _slices(plot, spec: ChartSpec, look: Look) -> None:
    """A pie's slices in the palette's colours, each labelled inside with its share as the PDF
    prints it (one decimal, in the text colour its fill takes); a slice too thin for its share
    has it in the legend only, as in the PDF."""
    plot.vary_by_categories = True
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value, labels.show_percentage, labels.show_category_name = False, True, False
    labels.number_format, labels.number_format_is_linked = localised(SHARE_FORMAT, look.language), False
    labels.font.size = Pt(look.charts.label_pt)
    labels.position = XL_LABEL_POSITION.INSIDE_END
    values = spec.series[0].values
    whole = sum(v for _, v in slices(spec)) or 1
    for index, point in enumerate(plot.series[0].points):
        fill = look.charts.colours[index % len(look.charts.colours)]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(fill)
        value = values[index] if index < len(values) else None
        if value is None or value <= 0 or value / whole < THIN:
            oxml.delete_data_label(plot.series[0]._element, index)
        else:
            label = point.data_label
            label.font.color.rgb, label.font.size = _rgb(_hex(text_on(fill, look.profile))), Pt(look.charts.label_pt)
            label.position = XL_LABEL_POSITION.INSIDE_END
            oxml.label_format(label._dLbl, localised(SHARE_FORMAT, look.language), share=True)


def _totals(chart: Chart, plot, spec: ChartSpec, look: Look) -> None:
    """Each stack's total at its end, bold, as the PDF shows it (the stated total, ``geometry.
    shown_totals``): the label of the series of zeros on top, its text written out. That series
    has no fill; its legend entry, the word «total» without a swatch, names those numbers
    (LibreOffice reads a deleted legend entry's index in the order it shows a horizontal chart's
    legend, reversed, and would hide another series' name)."""
    totals = plot.series[len(spec.series)]
    totals.format.fill.background()
    texts = {c: text for c, _, text in shown_totals(spec, look.profile.numbers.locale)}
    for c in range(len(spec.categories)):
        if c not in texts:
            oxml.delete_data_label(totals._element, c)
            continue
        label = totals.points[c].data_label
        label.text_frame.text = texts[c]
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.bold, run.font.size = True, Pt(look.charts.label_pt)
        label.position = XL_LABEL_POSITION.INSIDE_BASE


def _axes(chart: Chart, spec: ChartSpec, look: Look) -> None:
    """Category labels without ticks; the value axis formatted, gridded, its line hidden; the
    first category on top in a horizontal chart, as it reads."""
    category, value = chart.category_axis, chart.value_axis
    category.major_tick_mark = value.major_tick_mark = XL_TICK_MARK.NONE
    category.format.line.color.rgb = _rgb(look.charts.axis_colour)
    value.format.line.fill.background()
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = _rgb(look.charts.grid_colour)
    value.tick_labels.number_format, value.tick_labels.number_format_is_linked = look.number_format, False
    if spec.kind in HORIZONTAL:
        category.reverse_order = True
        oxml.value_axis_at_last_category(chart.element)
    if spec.value_label:
        value.has_title = True
        value.axis_title.text_frame.text = spec.value_label


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _hex(colour: str) -> str:
    """A colour as "#RRGGBB" ("white" and "black" too)."""
    return {"white": "#FFFFFF", "black": "#000000"}.get(colour.lower(), colour)
