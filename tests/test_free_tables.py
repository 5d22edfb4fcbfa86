"""Free tables: own columns, header groups, cells by type, figures in cells, total rows, long tables."""
from __future__ import annotations

import io

import docx
import pypdf
import pytest

from generator.config import load_profile
from generator.doc.model import PageBreak, Table, plain_text
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from generator.writers.docx import write_docx
from generator.writers.html import render_html
from generator.writers.pdf import render_pdf
from tests.helpers import no_weasyprint_warnings
from tests.small_inputs import write_inputs

SECTION = """\
heading: Қор
figures:
  share: {value: 12.5, unit: percent, places: 1}
  budget: {value: 1500000, unit: money}
tables:
  intake:
    title: Түскен заттар
    row_numbers: "№"
    columns:
      - {id: name, header: Атауы}
      - {id: date, header: Күні, type: date}
      - {id: count, header: Бірлік, type: number, group: Саны}
      - {id: part, header: Үлесі, type: percent, places: 1, group: Саны}
    rows:
%s
    total:
      label: Барлығы
      values: {count: %s, part: %s}
  figures_in_cells:
    title: Көрсеткіштер
    columns: [{header: Атауы}, {header: Мәні, type: number, align: center}]
    rows:
      - [Үлес, "{share}"]
      - [Бюджет, "{budget}"]
content:
  - text: Кіріспе.
  - table: intake
  - table: figures_in_cells
  - text: Соңғы мәтін.
"""

ROWS = "      - [Құмыра, 11.02.2021, 3, 30.0]\n      - [Кілем, 2021-03-01, 7, 70.0]"


def build(tmp_path, rows: str = ROWS, count: str = "sum", part: str = "100", profile: str = "default"):
    root = write_inputs(tmp_path / "inputs", 2021, {"funds": SECTION % (rows, count, part)})
    return prepare(root, 2021, profile)


def tables(ready) -> dict[str, Table]:
    found = [b for b in ready.doc.body if isinstance(b, Table)]
    return {t.title: t for t in found}


def texts(row) -> list[str]:
    return [plain_text(c.inlines) for c in row]


def test_a_header_group_spans_its_columns_and_the_others_span_both_header_rows(tmp_path):
    header = tables(build(tmp_path))["Түскен заттар"].header
    assert [(plain_text(c.inlines), c.rowspan, c.colspan) for c in header[0]] == [
        ("№", 2, 1), ("Атауы", 2, 1), ("Күні", 2, 1), ("Саны", 1, 2)]
    assert texts(header[1]) == ["Бірлік", "Үлесі"]


def test_cells_print_by_their_column_type_numbered_rows_first(tmp_path):
    body = tables(build(tmp_path))["Түскен заттар"].body
    assert texts(body[0]) == ["1", "Құмыра", "11.02.2021", "3", "30,0%"]
    assert texts(body[1])[2] == "01.03.2021"              # a date YAML read as a date prints the same way
    assert [c.alignment for c in body[0]] == ["center", "left", "center", "right", "right"]


def test_a_cell_referring_to_a_figure_prints_it_in_its_unit_with_its_source(tmp_path):
    body = tables(build(tmp_path))["Көрсеткіштер"].body
    assert texts(body[0])[1] == "12,5%" and texts(body[1])[1] == "1\u00a0500\u00a0000 теңге"
    assert body[0][1].inlines[0].source.path[-2:] == ("figures", "share")
    assert body[0][1].alignment == "center"


def test_a_total_row_adds_up_a_column_or_shows_the_stated_total(tmp_path):
    total = tables(build(tmp_path, count="sum", part="100"))["Түскен заттар"].body[-1]
    assert texts(total) == ["", "Барлығы", "", "10", "100,0%"]
    assert all(c.bold for c in total)


def test_a_stated_total_that_disagrees_with_its_column_is_a_finding(tmp_path):
    findings = build(tmp_path, count="12").findings
    assert [f.field for f in findings] == ["tables.intake.total.values.count"]
    assert "12" in findings[0].message and "10" in findings[0].message


def test_a_percent_total_may_differ_from_its_column_by_rounding_only(tmp_path):
    rows = "      - [А, 01.02.2021, 1, 33.3]\n      - [Б, 01.03.2021, 1, 33.3]\n      - [В, 01.04.2021, 1, 33.3]"
    assert build(tmp_path / "a", rows, part="100").findings == []          # 99,9: three roundings
    assert len(build(tmp_path / "b", rows, part="101").findings) == 1


def test_a_row_with_too_few_cells_and_a_bad_date_are_input_problems_with_their_lines(tmp_path):
    rows = "      - [Құмыра, 11.02.2021, 3]\n      - [Кілем, 31.02.2021, 7, 70.0]"
    with pytest.raises(InputErrors) as raised:
        build(tmp_path, rows)
    shown = [str(p) for p in raised.value.problems]
    assert any(":15 tables.intake.rows.0: has 3 cells" in s for s in shown), shown
    assert any(":16 tables.intake.rows.1.1:" in s and "not a real date" in s for s in shown), shown


def test_text_in_a_number_column_is_a_problem(tmp_path):
    with pytest.raises(InputErrors) as raised:
        build(tmp_path, "      - [Құмыра, 11.02.2021, үш, 30.0]")
    assert "not a number" in str(raised.value)


def test_a_total_naming_no_column_is_refused(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"funds": (SECTION % (ROWS, "sum", "100")).replace("part: 100", "parts: 100")})
    with pytest.raises(InputErrors) as raised:
        prepare(root, 2021)
    assert "no column has that id" in str(raised.value)


LONG = "\n".join(f"      - [Зат {i}, 10.02.2021, 1, 2.5]" for i in range(1, 41))


@pytest.fixture(scope="module", params=["default", "gost"])
def long_pdf(request, tmp_path_factory):
    """A 40-row table laid out in a profile: the text of each page."""
    tmp = tmp_path_factory.mktemp(request.param)
    ready = build(tmp, LONG, profile=request.param)
    with no_weasyprint_warnings():
        data = render_pdf(render_html(ready.doc, ready.profile), allowed_roots=[tmp]).write_pdf()
    return request.param, [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_a_long_table_repeats_its_header_and_the_continuation_label_on_each_continued_page(long_pdf):
    profile, pages = long_pdf
    label = load_profile(profile).captions.continued(1)
    with_rows = [i for i, text in enumerate(pages) if "Зат " in text]
    assert len(with_rows) >= 2                      # the table runs over pages
    first, *continued = with_rows
    assert label not in pages[first]
    for i in continued:
        assert label in pages[i]                                    # in the top margin box
        assert "Атауы" in pages[i] and "Бірлік" in pages[i]        # the header rows again
    assert all(label not in text for text in pages[with_rows[-1] + 1:])


def test_a_table_starting_at_the_top_of_a_page_has_no_continuation_label_there(tmp_path):
    ready = build(tmp_path, LONG)
    at = next(i for i, block in enumerate(ready.doc.body) if isinstance(block, Table))
    ready.doc.body.insert(at, PageBreak())           # the caption is the first thing on its page
    with no_weasyprint_warnings():
        data = render_pdf(render_html(ready.doc, ready.profile), allowed_roots=[tmp_path]).write_pdf()
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    label = ready.profile.captions.continued(1)
    first, second = [i for i, text in enumerate(pages) if "Зат " in text][:2]
    assert label not in pages[first] and label in pages[second]


def test_the_gost_label_names_the_table_number():
    assert load_profile("gost").captions.continued(3) == "3-кестенің жалғасы"
    assert load_profile("default").captions.continued(3) == "Кестенің жалғасы"


def test_the_docx_repeats_a_long_tables_header_rows_and_aligns_cells_as_said(tmp_path):
    ready = build(tmp_path, LONG)
    write_docx(ready.doc, ready.profile, tmp_path / "r.docx")
    table = docx.Document(tmp_path / "r.docx").tables[0]
    repeated = [row for row in table.rows if row._tr.trPr is not None and row._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None]
    assert len(repeated) == 2 and len(table.rows) == 2 + 40 + 1
    assert table.cell(2, 2).paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER   # a date
    assert table.cell(2, 4).text == "2,5%"


def test_a_cell_yaml_reads_as_a_group_is_one_plain_problem_at_its_line(tmp_path):
    with pytest.raises(InputErrors) as raised:
        build(tmp_path, "      - [{year}, 11.02.2021, 3, 30.0]")
    problems = raised.value.problems
    assert len(problems) == 1 and ":15 tables.intake.rows.0.0:" in str(problems[0])
    assert "in quotes" in problems[0].message
