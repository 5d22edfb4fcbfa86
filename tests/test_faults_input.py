"""Faults and hostile inputs: each was a wrong figure, an internal error or a quadratic time before
(issue 22); each is now a plain problem naming the file, line and field, in linear time."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.inputs import load_report
from generator.load.problems import InputErrors
from tests.small_inputs import write_inputs

FIGURE = """\
heading: Залдар
figures:
  participants: {value}
content:
  - text: "оған {{participants}} адам қатысты"
"""

LIST = """\
heading: Тізім
lists:
  events:
    in_date_order: {order}
    punctuation: {punctuation}
    items:
      - {{text: {text}, date: {date}, year: {year}}}
content:
  - list: events
"""


def problems_of(root: Path, year: int = 2021) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_report(root, year)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("written, advice", [
    ("017", "write 17 (a leading zero is not a figure"),
    ("0x1F", "(31 in decimal digits)"),
    ("0o17", "(15 in decimal digits)"),
    ("0b101", "(5 in decimal digits)"),
    ("1:30", 'write 90 or "1:30"'),
    ("12_5", "write 125 (an underscore is not part of a figure)"),
    ("yes", "'yes' is read by some programs as yes/no"),
    ("On", "'On' is read by some programs as yes/no"),
    ("true", "'true' is read by some programs as yes/no"),
    ("Y", "'Y' is read by some programs as yes/no"),
    ("nO", "'nO' is read by some programs as yes/no"),
])
def test_a_figure_in_an_old_yaml_form_is_a_problem_not_another_number(tmp_path, written, advice):
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value=written)}))
    assert len(found) == 1, found
    assert "hall.yaml:3 figures.participants: " in found[0] and advice in found[0], found


@pytest.mark.parametrize("field, written", [
    ("text", "017"), ("text", "no"), ("text", "10:30"), ("date", "1:30"), ("date", "off"), ("year", "02021"),
    ("year", "2_021"), ("year", "yes"),
])
def test_old_forms_in_text_date_and_year_fields_are_problems(tmp_path, field, written):
    values = {"order": "true", "punctuation": "true", "text": "Көрме", "date": "28.05.2021", "year": "2021"}
    found = problems_of(write_inputs(tmp_path, 2021, {"list": LIST.format(**{**values, field: written})}))
    assert len(found) == 1 and f"list.yaml:7 lists.events.items.0.{field}: " in found[0], found
    assert f'"{written}"' in found[0], found


@pytest.mark.parametrize("written, meant", [("yes", True), ("No", False), ("on", True), ("OFF", False),
                                            ("y", True), ("n", False), ("true", True), ("False", False)])
def test_yes_and_no_words_stay_yes_and_no_in_yes_no_fields(tmp_path, written, meant):
    values = {"order": written, "punctuation": written, "text": "Көрме", "date": "28.05.2021", "year": "2021"}
    report = load_report(write_inputs(tmp_path, 2021, {"list": LIST.format(**values)}), 2021)
    events = report.sections["list"].lists["events"]
    assert (events.in_date_order, events.punctuation) == (meant, meant)


def test_table_cells_in_old_forms_are_problems_and_infinity_is_refused(tmp_path):
    table = ("heading: H\ntables:\n  t:\n    title: T\n    columns: [{id: a, header: A}, {id: b, header: B, "
             "type: number}]\n    rows:\n      - [yes, 0x10]\n      - [x, .inf]\ncontent:\n  - table: t\n")
    found = problems_of(write_inputs(tmp_path, 2021, {"t": table}))
    assert [p.split(": ")[0].split(" ")[-1] for p in found] == ["tables.t.rows.0.0", "tables.t.rows.0.1",
                                                                "tables.t.rows.1.1"], found


def test_a_name_written_as_an_old_number_is_a_problem(tmp_path):
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value="1").replace(
        "participants: 1", "participants: 1\n  017: 2")}))
    assert any("hall.yaml:4 figures: the name '017'" in p for p in found), found


def test_decimal_figures_quoted_texts_and_dates_read_as_before(tmp_path):
    text = FIGURE.format(value="12.50") + "  - text: \"017\"\n  - text: '1:30 yes'\n"
    report = load_report(write_inputs(tmp_path, 2021, {"hall": text}), 2021)
    section = report.sections["hall"]
    assert section.figures["participants"].value == 12.5
    assert [c.text for c in section.content[1:]] == ["017", "1:30 yes"]
