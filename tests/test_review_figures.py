"""An edited figure is read whole, as the number the reviewer typed in the figure's unit: every
one- and two-digit correction of 3- to 7-digit figures, with each kind of group space and none,
in a sentence and alone in a cell; decimals, percents, money and signs; and what is no number."""
from __future__ import annotations

from itertools import combinations, product

import pytest

from generator.doc.provenance import Field
from generator.fmt.read import read_quantity
from generator.review.figures import figure_edits

SPACES = {"plain": " ", "no-break": "\u00a0", "narrow": "\u202f", "thin": "\u2009", "none": ""}
SOURCE = Field("museum", ("figures", "visitors"))
FIGURES = [512, 4_752, 47_512, 104_520, 2_156_250]          # 3 to 7 digits
MONEY = "{n} теңге"


def grouped(value: int, space: str) -> str:
    """An integer printed with its digit groups parted by ``space``."""
    sign, digits = ("-" if value < 0 else ""), str(abs(value))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + space.join(groups)


def corrections(value: int) -> set[int]:
    """Every number a reviewer makes by changing one or two digits, or adding or dropping one."""
    digits = str(value)
    out = set()
    for at in range(len(digits)):
        out |= {int(digits[:at] + d + digits[at + 1:]) for d in "0123456789"}
        out |= {int(digits[:at] + digits[at + 1:] or "0"), int(digits[:at] + "0" + digits[at:])}
    for a, b in combinations(range(len(digits)), 2):
        for x, y in product("0123456789", repeat=2):
            changed = list(digits)
            changed[a], changed[b] = x, y
            out.add(int("".join(changed)))
    out.add(int(digits + "0"))
    return out - {value}


def read_in(before: str, old: str, new: str, after: str, unit: str = "count"):
    """The figure edits review reads when ``old`` (a figure's printed value between ``before``
    and ``after``) is typed over as ``new``."""
    span = (len(before), len(before) + len(old), SOURCE)
    return figure_edits(before + old + after, before + new + after, [span], lambda _: (unit, MONEY))


PLACES = {"a sentence": ("Музейге ", " адам келді (2021 ж.)."), "a cell": ("", ""),
          "brackets": ("(", " іс-шара)")}


@pytest.mark.parametrize("space", SPACES)
def test_every_one_and_two_digit_correction_is_read_as_the_number_typed(space):
    wrong = []
    for value, (before, after) in product(FIGURES, PLACES.values()):
        old = grouped(value, "\u00a0")
        for intended in corrections(value):
            edits, elsewhere = read_in(before, old, grouped(intended, SPACES[space]), after)
            got = [e.read.value for e in edits]
            if got != [intended] or elsewhere:
                wrong.append((old, intended, got, elsewhere))
    assert wrong == []


@pytest.mark.parametrize(("old", "new", "unit", "value"), [
    ("27,2%", "27,5%", "percent", 27.5),
    ("27,2%", "27,5", "percent", 27.5),
    ("27,2\u00a0%", "27\u00a0%", "percent", 27),
    ("1\u00a0250\u00a0000 теңге", "1\u00a0250\u00a0500 теңге", "money", 1_250_500),
    ("1\u00a0250\u00a0000,50 теңге", "1 250 000,75 теңге", "money", 1_250_000.75),
    ("12,5", "12,25", "decimal", 12.25),
    ("-1\u00a0500", "-1\u00a0600", "decimal", -1_600),
    ("1\u00a0500", "\u22121 500", "decimal", -1_500),
    ("-3,5", "+3,5", "decimal", 3.5),
])
def test_decimals_percents_money_and_signs_are_read_in_the_figures_unit(old, new, unit, value):
    edits, elsewhere = read_in("Үлесі ", old, new, " болды.", unit)
    assert [(e.read.value, e.read.why) for e in edits] == [(value, "")] and not elsewhere
    assert type(edits[0].read.value) is type(value)


@pytest.mark.parametrize(("new", "unit", "reason"), [
    ("1 5000", "count", "not a number as the report prints one"),
    ("1 500,5", "count", "not a whole number"),
    ("15%", "count", "not a count"),
    ("27,5 теңге", "percent", "not a percent"),
    ("бір мың", "count", "not a number"),
    ("27.5", "decimal", "not a number as the report prints one"),
])
def test_what_is_no_number_of_the_figures_unit_is_the_figures_edit_with_the_reason(new, unit, reason):
    edits, _ = read_in("Барлығы ", "1\u00a0500", new, " болды.", unit)
    assert len(edits) == 1 and edits[0].read.value is None and reason in edits[0].read.why


def test_a_word_edited_beside_a_figure_is_no_figure_edit():
    edits, elsewhere = read_in("Музейге ", "1\u00a0500", "1\u00a0500", " адам келді.")
    assert edits == [] and not elsewhere
    old = "Музейге 1\u00a0500 адам келді."
    edits, elsewhere = figure_edits(old, "Музейге 1\u00a0500 жаңа адам келді.", [(8, 13, SOURCE)],
                                    lambda _: ("count", MONEY))
    assert edits == [] and elsewhere


def test_each_part_of_a_phrase_of_parts_gets_its_own_number():
    old = "1 спартакиада, 0 музей сабағы, 12 көрме"
    events = Field("k", ("figures", "events"))
    spans = [(0, 1, events.child("parts", 0)), (15, 16, events.child("parts", 1)), (31, 33, events.child("parts", 2))]
    new = "1 спартакиада, 10 музей сабағы, 120 көрме"
    edits, elsewhere = figure_edits(old, new, spans, lambda _: ("count", MONEY))
    assert [(e.source.dotted, e.read.value) for e in edits] == [("figures.events.parts.1", 10),
                                                               ("figures.events.parts.2", 120)]
    assert not elsewhere


def test_reading_is_the_inverse_of_printing():
    from generator import fmt
    for value, unit in [(1_234_567, "count"), (27.5, "percent"), (1_250_000.5, "money"), (-12.25, "decimal")]:
        printed = fmt.quantity(value, unit, money=MONEY)
        assert read_quantity(printed, unit, "теңге").value == value, printed


@pytest.mark.parametrize("before", ["саны – ", "саны –", "БАҚ-та -", "(+"])
def test_a_dash_before_a_figure_is_the_texts_and_a_sign_typed_is_the_figures(before):
    edits, _ = read_in(before, "11", "12", " бейнесюжет")
    assert [e.read.value for e in edits] == [12]
    edits, _ = read_in(before.rstrip("-–+"), "11", "-12", " бейнесюжет", "decimal")
    assert [e.read.value for e in edits] == [-12]
