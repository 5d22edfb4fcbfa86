"""Next year: `new 2022` starts from 2021, earlier years' figures carry over, comparisons are computed."""
from __future__ import annotations

import re

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from generator.load.problems import InputErrors
from generator.newyear import new_year
from generator.pipeline import generate, prepare
from tests.small_inputs import REPORT, copy_real_inputs, write_inputs
from tests.test_report import docx_text

FILLED = {  # a handful of 2022 figures a secretary types in first: (file, figure path, value)
    ("summary", ("events",), 500),
    ("summary", ("participants",), 250000),
    ("funds", ("holdings",), 220000),
    ("funds", ("holdings", "permanent", "main"), 120000),
}


def fill(folder, key: str, names: tuple, value) -> None:
    """Type one figure into a year's file, as the secretary would."""
    path = folder / f"{key}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    figures = data["figures"]
    if len(names) == 1 and not isinstance(figures[names[0]], dict):
        figures[names[0]] = value
    else:
        figure = figures[names[0]]
        for part_id in names[1:]:
            figure = next(p for p in figure["parts"] if p.get("id") == part_id)
        figure["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def filled_2022(folder):
    """A copy of the inputs with 2022 started by `new 2022` and the FILLED figures typed in."""
    inputs = copy_real_inputs(folder)
    new_year(inputs, 2022)
    for key, names, value in FILLED:
        fill(inputs / "2022", key, names, value)
    return inputs


@pytest.fixture
def inputs_2022(tmp_path):
    return filled_2022(tmp_path)


@pytest.fixture(scope="module")
def draft_2022(tmp_path_factory):
    """2022's draft DOCX of filled_2022, made once for the tests that only read it: (inputs, DOCX)."""
    folder = tmp_path_factory.mktemp("new-year")
    inputs = filled_2022(folder)
    return inputs, generate(inputs, 2022, folder / "out", formats=("docx",), draft=True).written[0]


def test_new_year_copies_structure_and_empties_figures(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    written = new_year(inputs, 2022)
    assert sorted(p.name for p in written) == sorted(p.name for p in (inputs / "2021").glob("*.yaml"))
    report = (inputs / "2022" / "report.yaml").read_text(encoding="utf-8")
    assert "year: 2022" in report and "{year} ЖЫЛҒЫ" in report
    funds = (inputs / "2022" / "funds.yaml").read_text(encoding="utf-8")
    assert "215534" not in funds and "value: null  # to fill" in funds
    assert "Қазақстан Республикасы Ұлттық музейінің есепті кезең" in funds     # the narrative stays as a draft
    exhibitions = (inputs / "2022" / "exhibitions.yaml").read_text(encoding="utf-8")
    assert "items: []  # to fill" in exhibitions and "Ұлық Ұлыс" not in exhibitions
    summary = (inputs / "2022" / "summary.yaml").read_text(encoding="utf-8")
    assert "says:" not in summary and 'value: "{exhibitions.halls}"' in summary    # quoted as written


def test_new_year_never_overwrites(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    new_year(inputs, 2022)
    marker = inputs / "2022" / "summary.yaml"
    marker.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(InputErrors, match="already exists: nothing was changed"):
        new_year(inputs, 2022)
    assert marker.read_text(encoding="utf-8") == "# mine\n"


def test_check_lists_what_is_left_to_fill_file_by_file(draft_2022):
    result = CliRunner().invoke(app, ["check", "2022", "--inputs", str(draft_2022[0])])
    assert result.exit_code == 0, result.output
    assert re.search(r"To fill in .*2022/funds.yaml:\n  line \d+: figures.holdings.permanent", result.output)
    assert "figures.participants" not in result.output          # filled in
    assert re.search(r"To fill in .*2022/exhibitions.yaml:(\n  line \d+: .*)*\n  line \d+: lists.halls", result.output)
    assert re.search(r"\d+ figures and lists still to fill in\.", result.output)


def test_build_refuses_until_filled_but_makes_a_draft(draft_2022, tmp_path):
    inputs, draft = draft_2022
    with pytest.raises(InputErrors) as info:
        generate(inputs, 2022, tmp_path / "out", formats=("docx",))
    assert "not filled in yet" in str(info.value) and "--draft" in str(info.value)
    assert not (tmp_path / "out" / "report-2022.docx").exists()
    assert "толтырылмаған" in docx_text(draft)        # the same inputs with draft=True


def test_tables_read_earlier_years_from_their_own_folders(draft_2022):
    text = docx_text(draft_2022[1])
    # Кесте №1: 2020-2022; 2021's main fund comes from inputs/2021, 2022's is the one typed
    assert "2020 жыл\n2021 жыл\n2022 жыл" in text
    row = text[text.index("Негізгі қор\n"):].splitlines()[:4]
    assert row == ["Негізгі қор", "111\u00a0474", "118\u00a0648", "120\u00a0000"]


def test_summary_compares_with_the_previous_year_by_computation(draft_2022):
    text = docx_text(draft_2022[1])
    assert "2021 жылмен (436 іс-шара)" in text
    assert "2022 жылы ұйымдастырылған іс-шаралардың 15%-ға артқандығын" in text   # 500 against 436


def test_a_missing_earlier_year_is_a_finding_not_a_crash(inputs_2022, tmp_path):
    (inputs_2022 / "2020" / "funds.yaml").unlink()
    ready = prepare(inputs_2022, 2022)
    messages = [str(p) for p in ready.findings]
    assert any("funds.yaml" in m and "figures.holdings" in m and "2020" in m and "дерек жоқ" in m
               for m in messages), messages
    result = generate(inputs_2022, 2022, tmp_path / "out", formats=("docx",), draft=True)
    row = docx_text(result.written[0])
    assert "Негізгі қор\nдерек жоқ\n118\u00a0648\n120\u00a0000" in row


def gap_spans(doc) -> list[str]:
    """The texts of the document model's spans flagged as figures not filled in."""
    from generator.doc.model import ListBlock, Paragraph, Table, Text
    found: list[str] = []

    def walk(spans):
        for span in spans:
            if isinstance(span, Text):
                if span.gap:
                    found.append(span.text)
            else:
                walk(span.children)
    for block in doc.body:
        if isinstance(block, Paragraph):
            walk(block.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                walk(item.inlines)
        elif isinstance(block, Table):
            for row in [*block.header, *block.body]:
                for cell in row:
                    walk(cell.inlines)
    return found


def test_a_drafts_marks_are_highlighted_and_nothing_else(draft_2022):
    from docx import Document as open_docx
    from docx.enum.text import WD_COLOR_INDEX
    from generator.writers.html import render_html
    mark = "толтырылмаған"
    inputs, draft = draft_2022
    ready = prepare(inputs, 2022)
    gaps = gap_spans(ready.doc)
    assert gaps and set(gaps) == {mark}
    from generator.doc.model import Diagram as DiagramBlock
    diagrams = [b for b in ready.doc.body if isinstance(b, DiagramBlock)]
    unfilled = [series.mark(i) for d in diagrams for series in d.chart.series
                for i, value in enumerate(series.values) if value is None and series.name == "2022 жыл"]
    assert unfilled and all(m is not None and m.gap and m.text == mark for m in unfilled)
    document = open_docx(draft)
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for table in document.tables for row in table.rows for cell in row.cells
             for p in cell.paragraphs for run in p.runs]
    highlighted = [run.text for run in runs if run.font.highlight_color is not None]
    assert highlighted and set(highlighted) == {mark}
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in runs if run.text == mark)
    # the same marks in the PDF's page source, in the profile's colour (pictures left out: not drawn here)
    from generator.doc.model import Diagram, Photo
    ready.doc.body = [block for block in ready.doc.body if not isinstance(block, (Diagram, Photo))]
    html = render_html(ready.doc, ready.profile)
    assert html.count(f"<mark>{mark}</mark>") == len(gaps)
    assert "mark { background: #ffff00" in html
    # a report with every figure filled has none
    assert gap_spans(prepare(_real_inputs(), 2021).doc) == []


def _real_inputs():
    from tests.small_inputs import PROJECT
    return PROJECT / "inputs"


@pytest.mark.parametrize("change", ["drop the section", "rename the figure"])
def test_last_years_references_are_read_against_last_years_files(inputs_2022, change):
    """2021/funds.yaml gives intake_by_fund as "{intake_by_source}": that is 2021's figure, whatever
    2022 does with its own funds file."""
    if change == "drop the section":
        report = inputs_2022 / "2022" / "report.yaml"
        report.write_text(re.sub(r"\n- funds\n", "\n", report.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        funds = inputs_2022 / "2022" / "funds.yaml"
        funds.write_text(funds.read_text(encoding="utf-8").replace("intake_by_source", "intake"), encoding="utf-8")
    from generator.load.inputs import preflight
    report, _ = preflight(inputs_2022, 2022)      # as the command line does: no problem raised
    ready = prepare(inputs_2022, 2022, report=report)
    assert not any(p.file.endswith("2021/funds.yaml") and "intake" in p.field
                   for p in [*ready.findings, *ready.unfilled])


def test_a_comparison_with_a_year_of_0_asks_for_the_words(inputs_2022):
    fill(inputs_2022 / "2021", "summary", ("events",), 0)
    ready = prepare(inputs_2022, 2022)
    assert any("events was 0 then, and a change from 0 is no rise in per cent or times: write the words in "
               "comparisons.events_change.says" in str(p) for p in ready.findings), ready.findings


COMMENTED = """\
# yaml-language-server: $schema=../../schemas/section.schema.json
# Halls: what the secretary wrote about this file.
heading: Залдар
figures:
  visitors: 300        # counted at the door
  halls: {value: 1, counts: halls}
  groups:
    value: 5
    parts:
      - {id: school, label: мектеп, value: 3}
      - {id: adults, label: ересектер, value: 2}
lists:
  halls:
    # newest first
    items:
      - {text: Зал, date: 28.05.2021}
content:
  - text: "{halls} зал ашылды"   # keep it short
  - list: halls
"""


def test_new_year_keeps_comments_key_order_and_one_line_parts(tmp_path):
    write_inputs(tmp_path, 2021, {"halls": COMMENTED})
    new_year(tmp_path, 2022)
    made = (tmp_path / "2022" / "halls.yaml").read_text(encoding="utf-8")
    assert made.startswith("# yaml-language-server: $schema=../../schemas/section.schema.json\n# Made from the 2021")
    for kept in ("# Halls: what the secretary wrote about this file.", "# newest first",
                 '- text: "{halls} зал ашылды"   # keep it short'):
        assert kept in made
    assert re.search(r"\n  visitors: null +# to fill; counted at the door\n", made)
    assert "  halls: {value: null, counts: halls}  # to fill" in made
    assert "      - {id: school, label: мектеп, value: null}  # to fill" in made
    assert "    items: []  # to fill" in made
    keys = [line.split(":")[0] for line in made.splitlines() if re.match(r"^[a-z]", line)]
    assert keys == ["heading", "figures", "lists", "content"]


def test_new_year_report_keeps_its_comments_and_is_not_approved(tmp_path):
    report = REPORT.format(year=2021, sections="halls").replace(
        "organisation:", "approved: 16.01.2022   # the director signed\norganisation:")
    write_inputs(tmp_path, 2021, {"report": "# the museum's report\n" + report, "halls": COMMENTED})
    new_year(tmp_path, 2022)
    made = (tmp_path / "2022" / "report.yaml").read_text(encoding="utf-8")
    assert "year: 2022\n" in made and re.search(r"\napproved: null +# the director signed\n", made)
    assert "# the museum's report" in made and "ministry: [МИНИСТРЛІК]" in made
