"""Nothing of the inputs' syntax printed: references expand wherever text is printed, and markup
that would print as typed is a finding at its field; the messages of broken references."""
from __future__ import annotations

import pytest

from generator.doc.model import Table, plain_text
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from tests.small_inputs import write_inputs

SECTION = """\
heading: Келушілер
figures:
  visitors: {value: 10, parts: [{id: adults, label: Ересектер, value: 6}, {id: pupils, label: Оқушылар, value: 4}]}
comparisons:
  visitors_change: {figure: visitors, years_back: 1, says: "артты"}
tables:
  sales:
    title: "{year} жылғы сатылым"
    columns:
      - {id: name, header: Атауы}
      - {id: n, header: "{year-1} жыл", type: number}
    rows:
      - [Кітап, 3]
content:
  - text: %s
  - table: sales
"""
PAST = "figures:\n  visitors: 8\n"


def built(tmp_path, text: str = '"{visitors} келуші"', section: str = SECTION):
    root = write_inputs(tmp_path / "museum", 2021, {"visits": section % text}, history={2020: {"visits": PAST}})
    return prepare(root, 2021)


def slips(made) -> list[str]:
    return [f"{p.file.split('/')[-1]}:{p.line} {p.field}: {p.message}" for p in made.findings]


def test_a_free_tables_column_header_expands_its_reference(tmp_path):
    made = built(tmp_path)
    table = next(b for b in made.doc.body if isinstance(b, Table))
    assert [plain_text(c.inlines) for c in table.header[0]] == ["Атауы", "2020 жыл"]
    assert table.title == "2021 жылғы сатылым" and slips(made) == []


@pytest.mark.parametrize("text, said", [
    ('"келуші^[Жоспар бойынша."', "the footnote ^[ is not closed"),
    ('"**{visitors} келуші"', "the bold mark ** is not closed"),
    ('"*{visitors} келуші"', "the italic mark * is not closed"),
    ('"{visitors келуші"', "the brace { belongs to no reference"),
    ('"келуші}"', "the brace } belongs to no reference"),
])
def test_markup_that_would_print_as_typed_is_a_finding_at_its_field(tmp_path, text, said):
    found = slips(built(tmp_path, text))
    assert len(found) == 1 and found[0].startswith("visits.yaml:15 content.0.text: " + said), found


def test_closed_markup_and_a_star_between_spaces_are_no_finding(tmp_path):
    assert slips(built(tmp_path, '"**{visitors}** *келуші* 2 * 3 = 6^[Ескерту.] {{жақша}}"')) == []


def test_bold_in_a_title_is_a_finding_for_it_is_not_printed_there(tmp_path):
    section = SECTION.replace('title: "{year} жылғы сатылым"', 'title: "**{year}** жылғы сатылым"')
    found = slips(built(tmp_path, section=section))
    assert found == ["visits.yaml:8 tables.sales.title: bold **…** is not printed here (only a paragraph, "
                     "a list item or a table cell has it): write the text without the marks"]


def test_a_misspelt_comparison_is_named_as_one_with_a_suggestion(tmp_path):
    with pytest.raises(InputErrors) as raised:
        built(tmp_path, '"{visitor_change}"')
    message = str(raised.value)
    assert "is not a figure, list or comparison of visits.yaml" in message
    assert message.endswith("did you mean the comparison {visitors_change}?")


def test_a_missing_part_names_the_inputs_folder_as_given_and_the_parts_there_are(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputErrors) as raised:
        built(tmp_path, '"{visitors.adult}"')
    message = str(raised.value)
    assert "museum/2021/visits.yaml has no figure 'visitors.adult'" in message and "inputs/" not in message
    assert message.endswith("visitors has the parts adults, pupils (did you mean visitors.adults?)")


def test_a_parts_label_expands_in_the_text_and_in_a_diagram(tmp_path):
    section = SECTION.replace("label: Ересектер", 'label: "{year} ересектер"').replace(
        "content:\n", "diagrams:\n  split: {title: Бөлік, figure: visitors, kind: pie}\ncontent:\n  - diagram: split\n")
    made = built(tmp_path, '"{visitors.parts}"', section)
    words = " ".join(plain_text(b.inlines) for b in made.doc.body if hasattr(b, "inlines"))
    assert "6 2021 ересектер, 4 оқушылар" in words.replace("\u00a0", " ").lower()
    diagram = next(b for b in made.doc.body if type(b).__name__ == "Diagram")
    assert diagram.chart.categories == ["2021 ересектер", "Оқушылар"] and slips(made) == []


def test_a_markup_finding_is_a_comment_in_the_reports_language(tmp_path):
    made = built(tmp_path, '"{visitors келуші"')
    [note] = made.doc.notes
    assert "«{» жақшасы ешбір сілтемеге жатпайды" in note.text and "visits.yaml:15 content.0.text" in note.text
