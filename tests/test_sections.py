"""Section builders: data in, document blocks out, numbers and dates formatted one way."""
from __future__ import annotations

import re

from generator.config import load_profile
from generator.doc.model import Diagram, Heading, ListBlock, Paragraph, Photo, Table, plain_text
from generator.load.inputs import load_report
from generator.sections import build_document
from tests.small_inputs import PROJECT, write_inputs

EXHIBITIONS = """\
heading: Көрмелер.
figures:
  halls: {value: 2, counts: halls}
  visitors:
    value: 1500
    parts:
      - {id: pupils, label: Оқушылар, value: 1000}
      - {id: adults, label: Ересектер, value: 500}
lists:
  halls:
    items:
      - {text: "«**Ұлық Ұлыс**» залы", date: 28.05.2021}
      - {text: "«Графика» залы", date: 04.11.2021}
tables:
  visitors: {title: "{year-1}-{year} келушілер", figure: visitors, years: 2, label_header: Санат}
diagrams:
  visitors: {title: Келушілер, figure: visitors, years: 2}
content:
  - text: "{year} жылы {halls} зал ашылды, **{visitors} адам** келді ({visitors@-1} адам {year-1} жылы):"
  - list: halls
  - table: visitors
  - diagram: visitors
  - table: visitors
  - photo: {file: photos/x.jpg, caption: Ашылу рәсімі}
"""
SUMMARY = """\
figures:
  events:
    value: 10
    parts:
      - {label: жаңа зал, value: "{exhibitions.halls}"}
      - {label: көрме, value: 8}
content:
  - text: "Атап айтқанда, {events.parts} өтті."
"""
HISTORY = {2020: {"exhibitions": "figures:\n  visitors:\n    value: 12000\n    parts:\n      - {id: pupils, label: Оқушылар, value: 7000}\n      - {id: adults, label: Ересектер, value: 5000}\n"}}


def build(tmp_path, files=None, profile="default", history=None):
    root = write_inputs(tmp_path, 2021, files or {"summary": SUMMARY, "exhibitions": EXHIBITIONS}, history or HISTORY)
    return build_document(load_report(root, 2021), load_profile(profile))


def texts(doc):
    out = []
    for block in doc.body:
        if isinstance(block, Paragraph):
            out.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            out.extend(plain_text(item.inlines) for item in block.items)
    return out


def test_references_are_filled_and_numbers_grouped(tmp_path):
    doc, ctx = build(tmp_path)
    assert ctx.problems == []
    assert "2021 жылы 2 зал ашылды, 1\u00a0500 адам келді (12\u00a0000 адам 2020 жылы):" in texts(doc)


def test_a_figure_typed_once_is_shown_where_referenced(tmp_path):
    doc, _ = build(tmp_path)
    assert "Атап айтқанда, 2 жаңа зал, 8 көрме өтті." in texts(doc)


def test_list_items_get_dates_in_the_profile_style_and_punctuation(tmp_path):
    doc, _ = build(tmp_path)
    assert texts(doc)[-2:] == ["«Ұлық Ұлыс» залы (28.05.2021);", "«Графика» залы (04.11.2021)."]


def test_captions_are_numbered_from_document_order(tmp_path):
    doc, _ = build(tmp_path)
    tables = [b for b in doc.body if isinstance(b, Table)]
    diagrams = [b for b in doc.body if isinstance(b, Diagram)]
    assert [t.number for t in tables] == [1, 2]
    assert [d.number for d in diagrams] == [1]
    assert tables[0].title == "2020-2021 келушілер"


def test_year_table_has_years_as_columns_and_stated_total_row(tmp_path):
    doc, _ = build(tmp_path)
    table = next(b for b in doc.body if isinstance(b, Table))
    rows = [[plain_text(c.inlines) for c in row] for row in table.header + table.body]
    assert rows == [["Санат", "2020 жыл", "2021 жыл"], ["Оқушылар", "7\u00a0000", "1\u00a0000"],
                    ["Ересектер", "5\u00a0000", "500"], ["Барлығы", "12\u00a0000", "1\u00a0500"]]


def test_heading_numbered_by_position_and_summary_unnumbered(tmp_path):
    doc, _ = build(tmp_path)
    headings = [b for b in doc.body if isinstance(b, Heading)]
    assert [(h.number, h.text) for h in headings] == [("1.1.", "Көрмелер")]


def test_missing_photo_becomes_a_placeholder(tmp_path):
    doc, _ = build(tmp_path)
    photo = next(b for b in doc.body if isinstance(b, Photo))
    assert photo.placeholder and photo.caption == "Ашылу рәсімі"


def test_unknown_reference_is_a_problem_with_file_and_line(tmp_path):
    doc, ctx = build(tmp_path, {"summary": SUMMARY.replace("{events.parts}", "{evnts}"), "exhibitions": EXHIBITIONS})
    assert len(ctx.problems) == 1
    assert "summary.yaml:8 content.0.text: 'evnts' is not a figure" in str(ctx.problems[0])


def test_real_2021_report_builds_without_problems():
    doc, ctx = build_document(load_report(PROJECT / "inputs", 2021), load_profile())
    assert ctx.problems == []
    assert [t.title for t in doc.body if isinstance(t, Table)][0].startswith("ҚР Ұлттық музейі қорындағы")
    assert [h.number for h in doc.body if isinstance(h, Heading) and h.level == 1] == [f"1.{n}." for n in range(1, 9)]


def test_inline_parsing_keeps_sources_and_flags_gaps():
    from generator.doc.inline import parse_inline
    from generator.doc.model import Strong, Text
    from generator.doc.provenance import Field
    from generator.model.refs import mark_gap, mark_source
    halls, rooms = Field("museum", ("figures", "halls")), Field("museum", ("figures", "rooms", "parts", 0), 2020)
    text = (f"**{mark_source(mark_gap('толтырылмаған') + ' зал, 32 көрме', halls)}** және "
            f"{mark_source('5', rooms)} {mark_gap('толтырылмаған')}")
    spans = parse_inline(text)
    assert isinstance(spans[0], Strong)
    assert spans[0].children == [Text("толтырылмаған", source=halls, gap=True),
                                 Text(" зал, 32 көрме", source=halls)]
    assert spans[1:] == [Text(" және "), Text("5", source=rooms), Text(" "), Text("толтырылмаған", gap=True)]
    assert "\ue003" not in plain_text(spans) and "\ue000" not in plain_text(spans)


def test_headings_and_titles_typed_over_several_lines_are_one_line(tmp_path):
    section = ('heading: |\n  Жаңа залдар\n  мен көрмелер\n'
               'figures:\n  visitors:\n    value: 1500\n    parts:\n      - {id: a, label: А, value: 1500}\n'
               'tables:\n  visitors:\n    title: |-\n      {year} жылғы\n      келушілер\n'
               '    figure: visitors\n    years: 1\n    label_header: Санат\n'
               'diagrams:\n  visitors:\n    title: "Келушілер\\n  саны"\n    figure: visitors\n    years: 1\n'
               'content:\n  - subheading: |\n      Экскурсиялық\n      жұмыстар\n'
               '  - table: visitors\n  - diagram: visitors\n')
    doc, ctx = build(tmp_path, {"halls": section})
    assert ctx.problems == []
    headings = [b.text for b in doc.body if isinstance(b, Heading)]
    assert headings == ["Жаңа залдар мен көрмелер", "Экскурсиялық жұмыстар"]
    assert next(b for b in doc.body if isinstance(b, Table)).title == "2021 жылғы келушілер"
    assert next(b for b in doc.body if isinstance(b, Diagram)).title == "Келушілер саны"


def test_a_diagram_marks_a_year_with_no_data_and_says_it_in_its_alt_text(tmp_path):
    doc, _ = build(tmp_path, {"summary": SUMMARY, "exhibitions": EXHIBITIONS.replace(
        "diagrams:\n  visitors: {title: Келушілер, figure: visitors, years: 2}",
        "diagrams:\n  visitors: {title: Келушілер, figure: visitors, years: 3}")})
    diagram = next(b for b in doc.body if isinstance(b, Diagram))
    series = diagram.chart.series[0]
    assert series.values == [None, 12000, 1500]
    assert [m.text if m else None for m in series.marks] == ["дерек жоқ", None, None]
    assert not series.marks[0].gap                      # an earlier year: not the secretary's to fill
    assert diagram.alt == "Келушілер. 2019 жыл дерек жоқ, 2020 жыл 12\u00a0000, 2021 жыл 1\u00a0500."


def test_a_star_inside_a_filled_in_value_is_text_not_markup(tmp_path):
    summary = SUMMARY.replace("{label: көрме, value: 8}", "{label: \"*жаңа* көрме\", value: 8}") + \
        "comparisons:\n  growth: {figure: events, says: \"екі есеге *артқандығын*\"}\n" \
        "  again: {figure: events, says: \"**өскенін\"}\n"
    summary = summary.replace('  - text: "Атап айтқанда, {events.parts} өтті."',
                              '  - text: "Атап айтқанда, {events.parts} өтті; *{growth}* және **{again}**."')
    doc, ctx = build(tmp_path, {"summary": summary, "exhibitions": EXHIBITIONS}, history={
        **HISTORY, 2020: {**HISTORY[2020], "summary": "figures:\n  events: 5\n"}})
    assert ctx.problems == []
    text = next(t for t in texts(doc) if t.startswith("Атап айтқанда"))
    assert text == "Атап айтқанда, 2 жаңа зал, 8 *жаңа* көрме өтті; екі есеге *артқандығын* және **өскенін."
    assert not re.search("[\ue000-\uf8ff]", "".join(texts(doc)))


def test_an_empty_list_counted_as_0_is_left_out_not_unfilled(tmp_path):
    section = ("heading: Залдар\nfigures:\n  halls: {value: 0, counts: halls}\n"
               "lists:\n  halls:\n    items: []\n"
               "content:\n  - text: \"{year} жылы {halls} зал ашылды.\"\n  - list: halls\n")
    doc, ctx = build(tmp_path, {"halls": section})
    assert ctx.problems == [] and ctx.gaps()[0] == []
    assert not any(isinstance(b, ListBlock) for b in doc.body)
    assert "2021 жылы 0 зал ашылды." in texts(doc)
    unfilled = section.replace("{value: 0, counts: halls}", "{value: 2, counts: halls}")
    doc, ctx = build(tmp_path / "2", {"halls": unfilled})
    assert [p.field for p in ctx.gaps()[0]] == ["lists.halls"]        # items still to write
