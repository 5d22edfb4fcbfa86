"""Provenance as typed data: an input field and a piece made beside one, and their text form in
the DOCX's source map (which DOCX files made before hold, so it must read back the same)."""
from __future__ import annotations

import pytest

from generator.doc.provenance import Field, Made, What, parse


@pytest.mark.parametrize("text, made", [
    ("funds:figures.holdings.parts.0", Field("funds", ("figures", "holdings", "parts", 0))),
    ("2020/funds:figures.holdings", Field("funds", ("figures", "holdings"), 2020)),
    ("report:approval", Field("report", ("approval",))),
    ("=row number|funds:tables.holdings", Made(What.ROW_NUMBER, Field("funds", ("tables", "holdings")))),
    ("=a footnote of the text|2019/text:content.3.text", Made(What.FOOTNOTE, Field("text", ("content", 3, "text"), 2019))),
    ("=the contents' title: the layout profile's toc.title|", Made(What.CONTENTS_TITLE)),
])
def test_the_text_form_reads_back_as_the_value_that_wrote_it(text, made):
    assert parse(text) == made
    assert made.text == text


@pytest.mark.parametrize("text", ["", "funds", ":figures.a", "20x0/funds:figures.a", "=no bar",
                                  "=row number|nonsense", "=row number|2020/:a"])
def test_text_this_writer_never_wrote_names_nothing(text):
    assert parse(text) is None


def test_a_field_knows_its_children_parent_and_name():
    figure = Field("funds", ("figures", "holdings"), 2020)
    part = figure.child("parts", 3)
    assert part == Field("funds", ("figures", "holdings", "parts", 3), 2020)
    assert part.parent.parent == figure and part.name == 3 and figure.name == "holdings"
    assert part.dotted == "figures.holdings.parts.3"
    assert part.year_or(2021) == 2020 and Field("funds", ()).year_or(2021) == 2021


def test_widening_stops_above_a_whole_group_of_fields():
    part = Field("k", ("figures", "a", "parts", 3))
    assert [f.dotted for f in part.widening()] == ["figures.a.parts.3", "figures.a.parts", "figures.a"]
    assert Field("k", ("heading",)).widening() == [Field("k", ("heading",))]
    assert [f.dotted for f in part.enclosing()] == ["figures.a.parts", "figures.a", "figures"]


def test_a_field_encloses_only_its_own_file_and_years_fields():
    figure = Field("k", ("figures", "a"))
    assert figure.encloses(figure.child("parts", 0)) and figure.encloses(figure)
    assert not figure.encloses(Field("k", ("figures", "ab")))
    assert not figure.encloses(Field("k", ("figures", "a", "parts"), 2020))
    assert not figure.encloses(Field("j", ("figures", "a", "parts")))


@pytest.mark.parametrize("path, figure", [
    (("figures", "a"), True), (("figures", "a", "parts", 0), True), (("figures", "a", "label"), False),
    (("figures", "a", "parts", 0, "label"), False), (("figures",), False), (("content", 0, "text"), False),
])
def test_a_figure_is_a_figures_value_not_its_texts(path, figure):
    assert Field("k", path).is_figure is figure
    assert Made(What.TOTAL, Field("k", path)).is_figure is False
