"""Native Word charts in the DOCX: one chart part per diagram, its data in an embedded workbook."""
from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.config import load_profile

PALETTE = load_profile().charts.colours
from generator.doc.model import ChartSeries, ChartSpec, Diagram
from generator.doc.numbering import assign_numbers
from generator.writers.docx import write_docx
from tests.sample_doc import sample_document

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"c": C, "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/package/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "dcterms": "http://purl.org/dc/terms/"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
YEARS = ["2019 жыл", "2020 жыл", "2021 жыл"]
TWO = [ChartSeries("Көрмелер", [12, None, 30]), ChartSeries("Іс-шаралар", [215625, 20.5, 25])]
SPECS = {
    "bar": ChartSpec("bar", YEARS, TWO),
    "barh": ChartSpec("barh", YEARS, TWO),
    "stacked": ChartSpec("stacked", YEARS, TWO),
    "stackedh": ChartSpec("stackedh", YEARS, TWO),
    "line": ChartSpec("line", YEARS, TWO),
    "pie": ChartSpec("pie", ["Негізгі", "Ғылыми-көмекші"], [ChartSeries("Қор", [80, 20])]),
}
# ChartSpec.kind → the plot element, its direction and grouping
PLOTS = {"bar": ("barChart", "col", "clustered"), "barh": ("barChart", "bar", "clustered"),
         "stacked": ("barChart", "col", "stacked"), "stackedh": ("barChart", "bar", "stacked"),
         "line": ("lineChart", None, "standard"), "pie": ("pieChart", None, None)}


def written(tmp_path: Path, specs: dict[str, ChartSpec] = SPECS, name: str = "charts.docx") -> Path:
    """The sample document with one more diagram per spec, written."""
    doc = sample_document()
    doc.body[2:2] = [Diagram(title=f"Диаграмма {kind}", chart=spec, alt=f"{kind}: мәтін", anchor=f"d-{kind}")
                     for kind, spec in specs.items()]
    assign_numbers(doc)
    write_docx(doc, load_profile(), tmp_path / name)
    return tmp_path / name


def rels(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: rId → (type, target part name)."""
    folder, name = posixpath.split(part)
    root = etree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
    return {r.get("Id"): (r.get("Type"), posixpath.normpath(posixpath.join(folder, r.get("Target"))))
            for r in root.iterfind("r:Relationship", NS)}


def charts(path: Path) -> list[tuple[etree._Element, etree._Element, zipfile.ZipFile]]:
    """Each chart in reading order: its inline drawing, its chart XML, its embedded workbook."""
    package = zipfile.ZipFile(path)
    body = etree.fromstring(package.read("word/document.xml"))
    document_rels = rels(package, "word/document.xml")
    found = []
    for ref in body.iterfind(".//c:chart", NS):
        kind, chart_part = document_rels[ref.get(R_ID)]
        assert kind == CHART_REL
        chart = etree.fromstring(package.read(chart_part))
        r_id = chart.find("c:externalData", NS).get(R_ID)
        kind, workbook = rels(package, chart_part)[r_id]
        assert kind == PACKAGE_REL and workbook.startswith("word/embeddings/") and workbook.endswith(".xlsx")
        inline = next(ref.iterancestors(f"{{{NS['wp']}}}inline"))
        found.append((inline, chart, zipfile.ZipFile(io.BytesIO(package.read(workbook)))))
    return found


def sheet(workbook: zipfile.ZipFile) -> dict[str, str]:
    """The first sheet's cells: 'B2' → shown value ('' for an empty cell), strings resolved."""
    strings = [("".join(si.itertext())) for si in
               etree.fromstring(workbook.read("xl/sharedStrings.xml")).iterfind("x:si", NS)]
    cells = {}
    for c in etree.fromstring(workbook.read("xl/worksheets/sheet1.xml")).iterfind(".//x:c", NS):
        v = c.findtext("x:v", "", NS)
        cells[c.get("r")] = strings[int(v)] if c.get("t") == "s" else v
    return cells


def cached(chart, series: int) -> dict[int, float]:
    """A series' values as the chart XML caches them, by category index."""
    ser = chart.findall(".//c:ser", NS)[series]
    return {int(pt.get("idx")): float(pt.findtext("c:v", "", NS)) for pt in ser.iterfind("c:val//c:pt", NS)}


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    return charts(written(tmp_path_factory.mktemp("charts")))


def test_each_diagram_is_a_chart_part_with_its_own_workbook(six):
    assert len(six) == len(SPECS) + 1                  # the sample's own diagram comes after them
    assert len({id(c) for _, c, _ in six}) == len(six)
    assert [inline.find("wp:docPr", NS).get("descr") for inline, _, _ in six[:len(SPECS)]] \
        == [f"{kind}: мәтін" for kind in SPECS]


@pytest.mark.parametrize("index, kind", list(enumerate(SPECS)))
def test_each_kind_is_its_word_chart_type(six, index, kind):
    chart = six[index][1]
    plot_tag, direction, grouping = PLOTS[kind]
    plot = chart.find(f".//c:plotArea/c:{plot_tag}", NS)
    assert plot is not None
    assert plot.find("c:barDir", NS) is None if direction is None else \
        plot.find("c:barDir", NS).get("val") == direction
    if grouping:
        assert plot.find("c:grouping", NS).get("val") == grouping


def test_values_in_chart_and_workbook_equal_the_figures_with_gaps_for_missing_ones(six):
    _, chart, workbook = six[0]
    assert cached(chart, 0) == {0: 12, 2: 30}                       # 2020's value is missing
    assert cached(chart, 1) == {0: 215625, 1: 20.5, 2: 25}
    assert chart.find(".//c:dispBlanksAs", NS).get("val") == "gap"
    cells = sheet(workbook)
    assert [cells["A2"], cells["A3"], cells["A4"]] == YEARS
    assert [cells["B1"], cells["C1"]] == ["Көрмелер", "Іс-шаралар"]
    assert [cells["B2"], cells.get("B3", ""), cells["B4"]] == ["12", "", "30"]
    assert [float(cells[f"C{r}"]) for r in (2, 3, 4)] == [215625, 20.5, 25]


def test_series_and_slices_take_the_palettes_colours(six):
    fills = [s.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val") for s in six[0][1].iterfind(".//c:ser", NS)]
    assert fills == [PALETTE[0].lstrip("#"), PALETTE[1].lstrip("#")]
    pie = six[list(SPECS).index("pie")][1]
    slices = [p.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val") for p in pie.iterfind(".//c:dPt", NS)]
    assert slices == [PALETTE[0].lstrip("#"), PALETTE[1].lstrip("#")]


def test_value_labels_use_the_numbers_format_and_the_pie_shows_shares(six):
    bar_labels = six[0][1].find(".//c:barChart/c:dLbls", NS)
    assert bar_labels.find("c:numFmt", NS).get("formatCode") == "[$-43F]#,##0.0"    # 20.5 has a fraction
    assert bar_labels.find("c:showVal", NS).get("val") == "1"
    whole = six[-1][1].find(".//c:barChart/c:dLbls/c:numFmt", NS)
    assert whole.get("formatCode") == "[$-43F]#,##0"
    pie_labels = six[list(SPECS).index("pie")][1].find(".//c:pieChart/c:dLbls", NS)
    assert pie_labels.find("c:showPercent", NS).get("val") == "1"
    assert pie_labels.find("c:showVal", NS).get("val") == "0"


def test_a_horizontal_chart_reads_top_down_and_has_no_title_of_its_own(six):
    chart = six[list(SPECS).index("barh")][1]
    assert chart.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "maxMin"
    assert chart.find(".//c:autoTitleDeleted", NS).get("val") == "1"
    assert chart.find(".//c:legend", NS) is not None and six[-1][1].find(".//c:legend", NS) is None


def test_chart_text_is_in_the_documents_font(six):
    fonts = {el.get("typeface") for el in six[0][1].iterfind("c:txPr//a:latin", NS)}
    assert fonts == {load_profile().fonts.docx_body}


def test_workbooks_are_dated_by_the_document_and_the_same_every_time(tmp_path):
    first = written(tmp_path, {"bar": SPECS["bar"]}, "a.docx")
    second = written(tmp_path, {"bar": SPECS["bar"]}, "b.docx")
    assert first.read_bytes() == second.read_bytes()
    workbook = charts(first)[0][2]
    core = etree.fromstring(workbook.read("docProps/core.xml"))
    assert core.findtext("dcterms:created", "", NS) == "2022-01-20T00:00:00Z"     # the sample's meta.date


def test_a_pie_in_word_prints_shares_and_legend_as_the_pdf_does(tmp_path):
    from generator.charts.geometry import pie_entries
    spec = ChartSpec("pie", ["Негізгі қор", "Ғылыми-көмекші қор", "Уақытша сақтау"],
                     [ChartSeries("Қор", [122480, 50260, 3470])])
    chart = charts(written(tmp_path, {"pie": spec}))[0][1]
    pie = chart.find(".//c:pieChart", NS)
    assert pie.find("c:dLbls/c:numFmt", NS).get("formatCode") == "[$-43F]0.0%"       # 69,5%, not 70%
    own = {int(d.find("c:idx", NS).get("val")): d for d in pie.iterfind("c:ser/c:dLbls/c:dLbl", NS)}
    assert [own[i].find("c:numFmt", NS).get("formatCode") for i in (0, 1)] == ["[$-43F]0.0%"] * 2
    assert own[2].find("c:delete", NS).get("val") == "1"          # 2,0%: in the legend only, as in the PDF
    legend = [pt.findtext("c:v", "", NS) for pt in pie.iterfind("c:ser/c:cat//c:pt", NS)]
    assert legend == [text for _, text in pie_entries(spec, "kk")]
    assert legend[0] == "Негізгі қор – 122\u00a0480 (69,5%)"


def test_a_stacked_chart_in_word_shows_each_stated_total_at_its_stacks_end(tmp_path):
    spec = ChartSpec("stacked", ["2022 жыл", "2023 жыл"], [ChartSeries("а", [300000, 400]),
                     ChartSeries("б", [198670, 600])], totals=[498760, None])
    chart = charts(written(tmp_path, {"stacked": spec}))[0][1]
    *parts, total = chart.findall(".//c:barChart/c:ser", NS)
    assert len(parts) == 2 and cached(chart, 2) == {0: 0, 1: 0}             # on top, adding nothing
    assert total.find("c:spPr/a:noFill", NS) is not None
    texts = ["".join(d.itertext()).strip() for d in total.iterfind("c:dLbls/c:dLbl", NS)]
    assert texts == ["498\u00a0760", "1\u00a0000"]                      # stated, not the parts' 498 670
    assert total.find("c:dLbls/c:dLbl/c:dLblPos", NS).get("val") == "inBase"


def test_values_in_word_charts_are_grouped_and_as_precise_as_the_pdfs(tmp_path):
    from generator.writers.docx.charts import number_format
    money = ChartSpec("bar", YEARS, [ChartSeries("а", [1200, 2500, 3000])], unit="теңге")
    share = ChartSpec("bar", YEARS, [ChartSeries("а", [12.5, 3, 7])], number_format="#,##0.0", unit="%")
    assert number_format(money, "kk-KZ") == '[$-43F]#,##0"\u00a0теңге"'
    assert number_format(share, "kk-KZ") == '[$-43F]#,##0.0"%"'


def test_a_line_in_word_puts_a_close_value_below_its_point_as_the_pdf_does(tmp_path):
    from generator.charts.fit import line_label_sides
    from generator.charts.canvas import chart_size_mm
    spec = ChartSpec("line", YEARS, [ChartSeries("а", [6300, 9000, 7900]), ChartSeries("б", [6400, 5000, 7800])])
    sides = line_label_sides(spec, load_profile(), chart_size_mm(spec, load_profile()))
    assert sides[(1, 0)] == "above" and sides[(0, 0)] == "below"
    chart = charts(written(tmp_path, {"line": spec}))[0][1]
    for s, ser in enumerate(chart.iterfind(".//c:lineChart/c:ser", NS)):
        own = {int(d.find("c:idx", NS).get("val")): d for d in ser.iterfind("c:dLbls/c:dLbl", NS)}
        below = {c for (series, c), side in sides.items() if series == s and side == "below"}
        assert set(own) == below
        for label in own.values():
            assert label.find("c:dLblPos", NS).get("val") == "b"
            assert label.find("c:numFmt", NS).get("formatCode") == "[$-43F]#,##0"


def test_word_turns_or_leaves_out_bar_values_and_thin_segments_values_as_the_pdf_does(tmp_path):
    months = [f"{m}-ай" for m in range(1, 13)]
    close = ChartSpec("bar", months[:4], [ChartSeries(s, [1186480 + 7 * m for m in range(4)]) for s in "абв"])
    crowded = ChartSpec("bar", months, [ChartSeries(s, [1234567] * 12) for s in "абв"], unit="теңге")
    thin = ChartSpec("stacked", YEARS, [ChartSeries("а", [1000, 1000, 1000]), ChartSeries("б", [1, 2, 3])])
    turned, hidden, stacked = (c for _, c, _ in charts(written(tmp_path, {"a": close, "b": crowded, "c": thin}))[:3])
    assert turned.find(".//c:barChart/c:dLbls/c:txPr/a:bodyPr", NS).get("rot") == "-2700000"     # 45°
    assert hidden.find(".//c:barChart/c:dLbls", NS) is None
    thin_labels = stacked.findall(".//c:barChart/c:ser", NS)[1].findall("c:dLbls/c:dLbl", NS)
    assert [d.find("c:delete", NS).get("val") for d in thin_labels] == ["1", "1", "1"]
