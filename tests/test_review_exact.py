"""`review --apply` stores exactly the figure a reviewer typed (a reference stays a reference, the
edit goes to the figure it names), names a field edited to two values, and gives every other kind
of edit its place in the inputs or its true reason."""
from __future__ import annotations

import re
import shutil
import zipfile

import docx
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import generate
from tests.small_inputs import write_inputs
from tests.test_review_apply import paragraph, set_text, texts, unmarked_copy
from tests.test_review_marks import EVENTS

runner = CliRunner()

FIGURES = """\
heading: Көрсеткіштер
figures:
  visitors: 47512
  events:
    value: 13
    parts:
      - {id: sport, label: спартакиада, value: 1}
      - {id: lessons, label: музей сабағы, value: 12}
  school_share: {value: 27.2, unit: percent, places: 1}
  budget: {value: 1250000, unit: money}
lists:
  shows:
    items:
      - {text: «Дала өнері» көрмесі, date: 01.03.2021}
      - {text: Жаңа зал}
tables:
  key:
    title: Негізгі көрсеткіштер
    columns:
      - {header: Көрсеткіш}
      - {header: Мәні, type: number}
    rows:
      - [Келушілер, "{visitors}"]
      - [Оқушылардың үлесі, "{school_share}"]
  halls:
    title: Залдар
    columns:
      - {header: Зал}
      - {id: visitors, header: Келушілер, type: number}
      - {id: share, header: Үлесі, type: percent, places: 1}
    rows:
      - [Алтын зал, 48200, 27.2]
      - [Этнография залы, 27200, 15.4]
diagrams:
  halls: {title: Залдарға келушілер, table: halls, columns: [visitors], kind: bar}
content:
  - text: "Музейге {visitors} адам келді, {events.parts} өтті, бюджет {budget}."
  - list: shows
  - table: key
  - table: halls
  - diagram: halls
  - text: "{year} жылы залдар ашылды."
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = write_inputs(tmp_path_factory.mktemp("inputs") / "inputs", 2021, {"museum": FIGURES})
    return root, generate(root, 2021, tmp_path_factory.mktemp("out"), formats=("docx",)).written[0]


def reviewed(made, tmp_path, edit, chart: dict | None = None):
    """Copies of the inputs and the DOCX, ``edit`` made by python-docx, chart values replaced
    (``chart``: {(series, point): new cached value})."""
    root, out = made
    inputs = tmp_path / "inputs"
    shutil.copytree(root, inputs)
    document = docx.Document(out)
    edit(document)
    path = tmp_path / "reviewed.docx"
    document.save(path)
    if chart:
        path = with_chart_values(path, tmp_path / "charted.docx", chart)
    return inputs, path


def with_chart_values(source, path, values: dict):
    """The DOCX with the first chart's cached values replaced, as Word's «Edit data» leaves them."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/charts/chart1.xml":
                data = _replace_points(data.decode(), values).encode()
            dst.writestr(item, data)
    return path


def _replace_points(xml: str, values: dict) -> str:
    series = xml.split("<c:ser>")
    for (s, p), value in values.items():
        head, _, tail = series[s + 1].partition("<c:val>")
        tail = re.sub(rf'(<c:pt idx="{p}"><c:v>)[^<]*', rf"\g<1>{value}", tail, count=1)
        series[s + 1] = f"{head}<c:val>{tail}"
    return "<c:ser>".join(series)


def run(inputs, path, apply=True):
    args = ["review", str(path), "--inputs", str(inputs)] + (["--apply"] if apply else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output.replace("\u00a0", " ")


def museum(inputs) -> str:
    return (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")


def cell(d, table: int, row: int, column: int):
    return d.tables[table].cell(row, column).paragraphs[0]


def test_a_cell_showing_a_figure_stores_the_whole_number_and_keeps_its_reference(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: set_text(cell(d, 0, 1, 1), "47\u00a0522"))
    shown = run(inputs, path)
    assert "figures.visitors: 47 512 → 47 522" in shown and "for the secretary" not in shown
    assert "visitors: 47522" in museum(inputs) and '"{visitors}"' in museum(inputs)


def test_a_percent_cell_showing_a_figure_edits_the_figure(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: set_text(cell(d, 0, 2, 1), "27,5%"))
    shown = run(inputs, path)
    assert "figures.school_share: 27,2% → 27,5%" in shown and "for the secretary" not in shown
    assert "school_share: {value: 27.5, unit: percent" in museum(inputs) and '"{school_share}"' in museum(inputs)


def test_a_percent_columns_cell_stores_its_number(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: set_text(cell(d, 1, 1, 2), "27,5%"))
    shown = run(inputs, path)
    assert "tables.halls.rows.0.2: 27,2% → 27,5%" in shown and "for the secretary" not in shown
    assert "- [Алтын зал, 48200, 27.5]" in museum(inputs)


def test_a_figure_in_a_sentence_gains_a_digit_and_the_text_keeps_its_references(made, tmp_path):
    def edit(d):
        p = paragraph(d, "Музейге")
        set_text(p, p.text.replace("47\u00a0512", "475\u00a0120").replace("12 музей", "120 музей")
                 .replace("келді", "келіп кетті"))
    inputs, path = reviewed(made, tmp_path, edit)
    shown = run(inputs, path)
    assert "figures.visitors: 47 512 → 475 120" in shown and "figures.events.parts.1: 12 → 120" in shown
    after = museum(inputs)
    assert "visitors: 475120" in after and "- {id: lessons, label: музей сабағы, value: 120}" in after
    assert 'text: "Музейге {visitors} адам келіп кетті, {events.parts} өтті, бюджет {budget}."' in after


def cell_and_sentence(in_cell: str, in_sentence: str):
    """An edit typing one figure in its table cell and in the sentence that shows it."""
    def edit(d):
        set_text(cell(d, 0, 1, 1), in_cell)
        p = paragraph(d, "Музейге")
        set_text(p, p.text.replace("47\u00a0512", in_sentence))
    return edit


def test_one_field_edited_to_two_values_writes_nothing_and_names_both(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, cell_and_sentence("47\u00a0600", "47\u00a0700"))
    before = museum(inputs)
    shown = run(inputs, path)
    lines = [line for line in shown.splitlines() if line.startswith("for the secretary")]
    assert len(lines) == 2 and all("47 600" in line and "47 700" in line for line in lines)
    assert "tables.key.rows.0.1" in shown and "content.0.text" in shown
    assert museum(inputs) == before


def test_one_field_edited_to_one_value_in_two_places_is_one_edit(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, cell_and_sentence("47\u00a0600", "47 600"))
    shown = run(inputs, path)
    assert "for the secretary" not in shown and "visitors: 47600" in museum(inputs)


def test_what_is_no_number_is_listed_with_its_reason_and_the_text_keeps_the_figure(made, tmp_path):
    def edit(d):
        p = paragraph(d, "Музейге")
        set_text(p, p.text.replace("47\u00a0512", "47 5122").replace("адам", "кісі"))
    inputs, path = reviewed(made, tmp_path, edit)
    shown = run(inputs, path)
    assert "for the secretary" in shown and "«47 5122» is not a number" in shown
    after = museum(inputs)
    assert "visitors: 47512" in after and 'text: "Музейге {visitors} кісі келді' in after


def test_a_new_list_items_trailing_date_becomes_its_date(made, tmp_path):
    inputs, path = reviewed(made, tmp_path,
                            lambda d: unmarked_copy(paragraph(d, "«Дала өнері»"), "Жаңа көрме (15.12.2021);"))
    run(inputs, path)
    assert "- {text: Жаңа көрме, date: 15.12.2021}" in museum(inputs)
    again = generate(inputs, 2021, tmp_path / "again", formats=("docx",)).written[0]
    assert "Жаңа көрме (15.12.2021);" in texts(again)


def test_a_charts_value_from_a_free_tables_column_goes_to_its_cell(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: None, chart={(0, 1): "27300"})
    shown = run(inputs, path)
    assert "tables.halls.rows.1.1: 27 200 → 27 300" in shown and "1 change," in shown
    assert "- [Этнография залы, 27300, 15.4]" in museum(inputs)


def test_a_charts_value_changed_in_the_inputs_since_is_not_overwritten(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: None, chart={(0, 0): "48300"})
    (inputs / "2021" / "museum.yaml").write_text(museum(inputs).replace("48200", "48250"), encoding="utf-8")
    shown = run(inputs, path)
    assert "for the secretary" in shown and "the inputs have changed here" in shown
    assert "48250" in museum(inputs)


def test_a_chart_edit_and_a_cell_edit_of_one_field_to_two_values_conflict(made, tmp_path):
    inputs, path = reviewed(made, tmp_path, lambda d: set_text(cell(d, 1, 1, 1), "48\u00a0400"),
                            chart={(0, 0): "48300"})
    shown = run(inputs, path)
    assert "a chart's data" in shown and shown.count("for the secretary") == 2
    assert "48200" in museum(inputs)


def test_an_edited_contents_entry_is_listed_as_made_from_the_headings(report_2021, tmp_path):
    document = docx.Document(report_2021[".docx"])
    entry = next(p for p in document.paragraphs if p.style.name == "toc 1")
    entry.runs[0].text = "Басқа тақырып " + entry.runs[0].text
    document.save(tmp_path / "reviewed.docx")
    from tests.small_inputs import PROJECT
    shown = run(PROJECT / "inputs", tmp_path / "reviewed.docx", apply=False)
    assert "(the contents): an entry changed" in shown and "1 change," in shown
    assert "made from the headings" in shown


def test_pending_tracked_changes_name_both_word_processors(made, tmp_path):
    from tests.test_review_apply import W
    def edit(d):
        p = paragraph(d, "Музейге")
        run_ = p.runs[-1]._r
        ins = run_.makeelement(f"{W}ins", {f"{W}id": "901", f"{W}author": "R"})
        run_.addprevious(ins)
        new = docx.oxml.parse_xml(f'<w:r xmlns:w="{W[1:-1]}"><w:t>жаңа</w:t></w:r>')
        ins.append(new)
    inputs, path = reviewed(made, tmp_path, edit)
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert "in Word or LibreOffice" in result.output


@pytest.mark.parametrize("typed", ["20 211 жылы", "20211 жылы", "2022 жылы"])
def test_a_year_typed_over_is_listed_not_glued_to_its_reference(made, tmp_path, typed):
    inputs, path = reviewed(made, tmp_path, lambda d: set_text(paragraph(d, "2021 жылы залдар"),
                                                                  f"{typed} залдар ашылды."))
    before = museum(inputs)
    shown = run(inputs, path)
    assert "for the secretary" in shown and "which the text takes from {year}" in shown
    assert museum(inputs) == before


def test_a_removed_piece_is_listed_in_reading_order(made, tmp_path):
    def edit(d):
        item = paragraph(d, "«Дала өнері»")._p
        item.getparent().remove(item)
        set_text(cell(d, 0, 1, 1), "47\u00a0522")
    inputs, path = reviewed(made, tmp_path, edit)
    shown = run(inputs, path, apply=False)
    assert shown.index("lists.shows.items.0.text: removed") < shown.index("figures.visitors: 47 512 → 47 522")


@pytest.mark.parametrize("with_sub_items", [False, True])
def test_an_item_deleted_without_its_sub_items_is_listed_and_with_them_deleted(tmp_path, with_sub_items):
    root = write_inputs(tmp_path / "inputs", 2021, {"events": EVENTS})
    out = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    document = docx.Document(out)
    for start in ["Көрмелер", *(["«Дала", "«Ежелгі"] if with_sub_items else [])]:
        item = paragraph(document, start)._p
        item.getparent().remove(item)
    document.save(tmp_path / "reviewed.docx")
    before = (root / "2021" / "events.yaml").read_text(encoding="utf-8")
    shown = run(root, tmp_path / "reviewed.docx")
    after = (root / "2021" / "events.yaml").read_text(encoding="utf-8")
    if with_sub_items:
        assert "for the secretary" not in shown and "Көрмелер" not in after and "Ғылыми конференция" in after
    else:
        assert "its 2 sub-items are still in the DOCX" in shown and after == before


def test_an_edited_value_the_generator_adds_to_a_chart_is_named_not_lost(tour_2022, tmp_path):
    """A stacked chart's totals ride on a series of zeros of the generator's own: typed over in
    the chart's data (as LibreOffice's «Edit data» leaves it), that edit is listed, never silent."""
    from tests.conftest import TOUR
    made = tour_2022("default") / "report-2022.docx"
    with zipfile.ZipFile(made) as z:
        sources = next(z.read(n).decode() for n in z.namelist() if "a chart value of no input field" in
                       z.read(n).decode(errors="ignore"))
    part, s, p = re.search(r'<c part="([^"]+)" s="(\d+)" p="(\d+)" v="0">=a chart value', sources).groups()
    path = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                data = _replace_points(data.decode(), {(int(s), int(p)): "9"}).encode()
            dst.writestr(item, data)
    inputs = tmp_path / "tour"
    shutil.copytree(TOUR, inputs)
    before = {f: f.read_bytes() for f in inputs.rglob("*.yaml")}
    shown = run(inputs, path)
    assert "0 → 9" in shown and "for the secretary" in shown and "the generator makes this piece" in shown
    assert {f: f.read_bytes() for f in inputs.rglob("*.yaml")} == before


@pytest.mark.parametrize("runs, template", [
    ([("Музейде ", False, False), ("4\u00a0925 ", True, False), ("мәдени көрнекі", False, False)],
     "Музейде **{excursions}** мәдени көрнекі"),
    ([("Музейде ", False, False), ("4\u00a0925 экскурсия", True, False), (" жаңа.", False, False)],
     "Музейде **{excursions} экскурсия** жаңа."),
    ([("Музейде", False, False), (" 4\u00a0925 экскурсия ", True, False), ("жаңа.", False, False)],
     "Музейде **{excursions} экскурсия** жаңа."),
])
def test_bold_typed_over_in_part_closes_before_the_space_not_after(runs, template):
    """A bold run that ends or starts at a space (Writer keeps the space bold when the words after
    it are typed over) must not become «**… **», which Markdown prints as typed (UNO campaign)."""
    from generator.review.diff import rebuild, tokens_of
    tokens = tokens_of("Музейде **{excursions} экскурсия** жұмыстары.", lambda ref: ("4\u00a0925", None))
    assert rebuild(tokens, "Музейде 4\u00a0925 экскурсия жұмыстары.", runs).template == template


def test_words_typed_over_a_figure_and_the_text_beside_it_are_listed_not_half_written(made, tmp_path):
    """«47 512 адам» typed over as «көп кісі»: the figure cannot take the words and the text
    without the figure would lose them, so the whole edit goes to the secretary (UNO campaign)."""
    def edit(d):
        p = paragraph(d, "Музейге ")
        set_text(p, re.sub(r"Музейге [\d\s\u00a0]+ адам", "Музейге көп кісі", p.text))
    inputs, path = reviewed(made, tmp_path, edit)
    before = museum(inputs)
    shown = run(inputs, path)
    assert "typed over with «көп»" in shown and "for the secretary" in shown
    assert museum(inputs) == before
