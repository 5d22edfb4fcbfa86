"""Units: a figure says what it counts; numbers print through Babel; the checks know the unit."""
from __future__ import annotations

import pytest

from generator import fmt
from generator.check import check_report
from generator.doc.model import Paragraph, plain_text
from generator.load.inputs import load_report, negative_counts
from generator.pipeline import prepare
from tests.small_inputs import write_inputs


@pytest.mark.parametrize("value, unit, places, shown", [
    (12.5, "percent", None, "12,5%"),
    (12.5, "percent", 0, "12%"),              # Babel rounds half to even
    (7, "percent", 1, "7,0%"),
    (4.75, "decimal", 1, "4,8"),
    (1250000, "money", None, "1\u00a0250\u00a0000 теңге"),
    (1500.5, "money", 2, "1\u00a0500,50 теңге"),
    (215625, "count", None, "215\u00a0625"),
    (None, "percent", 1, "-"),
])
def test_a_figure_prints_in_its_unit(value, unit, places, shown):
    assert fmt.quantity(value, unit, places, "kk", money="{n} теңге") == shown


def test_the_percent_sign_follows_the_locale():
    assert fmt.percent(12.5, "ru", 1) == "12,5\u00a0%" and fmt.percent(12.5, "kk", 1) == "12,5%"


SECTION = """\
heading: Бірліктер
figures:
  visitors:
    value: 200
    parts:
      - {id: pupils, label: оқушылар, value: 150}
      - {id: adults, label: ересектер, value: 50}
  shares:
    unit: percent
    places: 1
    parts:
      - {id: pupils, label: оқушылар, value: %s}
      - {id: adults, label: ересектер, value: 25.0}
  of_visitors:
    value: 200
    parts:
      - {id: pupils, label: оқушылар, value: 75.5, unit: percent}
      - {id: adults, label: ересектер, value: 24.5, unit: percent}
  budget: {value: 1500.5, unit: money, places: 2}
  mark: {value: 4.75, unit: decimal, places: 1}
  guests: %s
content:
  - text: "{shares.pupils} оқушылар, бюджет {budget}, баға {mark}, {shares.parts}."
"""


def findings(tmp_path, pupils_share="75.0", guests="3"):
    root = write_inputs(tmp_path / "inputs", 2021, {"units": SECTION % (pupils_share, guests)})
    return [(f.field, f.message) for f in check_report(load_report(root, 2021))]


def test_text_prints_each_figure_in_its_unit_and_parts_share_their_wholes_unit(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"units": SECTION % ("75.0", "3")})
    paragraph = next(b for b in prepare(root, 2021).doc.body if isinstance(b, Paragraph))
    assert plain_text(paragraph.inlines) == ("75,0% оқушылар, бюджет 1\u00a0500,50 теңге, баға 4,8, "
                                             "75,0% оқушылар, 25,0% ересектер.")


def test_percents_decimals_and_money_are_not_flagged_as_fractions_but_counts_are(tmp_path):
    assert findings(tmp_path / "a") == []
    flagged = findings(tmp_path / "b", guests="3.5")
    assert [field for field, _ in flagged] == ["figures.guests"] and "not a whole number" in flagged[0][1]


def test_shares_that_do_not_add_up_to_100_are_a_finding(tmp_path):
    flagged = findings(tmp_path, pupils_share="70.0")
    assert [field for field, _ in flagged] == ["figures.shares"]
    assert "95%" in flagged[0][1] and "100%" in flagged[0][1]


def test_a_counts_parts_in_per_cent_are_its_shares_not_a_sum_of_counts(tmp_path):
    section = SECTION.replace("value: 24.5, unit: percent", "value: 20.5, unit: percent")
    root = write_inputs(tmp_path / "inputs", 2021, {"units": section % ("75.0", "3")})
    flagged = [(f.field, f.message) for f in check_report(load_report(root, 2021))]
    assert [field for field, _ in flagged] == ["figures.of_visitors"]
    assert "96%" in flagged[0][1] and "200" not in flagged[0][1]


def test_a_negative_amount_of_money_is_refused_a_negative_decimal_is_not(tmp_path):
    section = SECTION.replace("value: 1500.5, unit: money", "value: -1500.5, unit: money")
    section = section.replace("value: 4.75, unit: decimal", "value: -4.75, unit: decimal")
    root = write_inputs(tmp_path / "inputs", 2021, {"units": section % ("75.0", "3")})
    refused = negative_counts(load_report(root, 2021))
    assert [(p.field, p.message.split(";")[0]) for p in refused] == [
        ("figures.budget", "-1500.5 is less than zero: a money cannot be negative")]
