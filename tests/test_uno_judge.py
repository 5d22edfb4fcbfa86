"""The UNO campaign's verdicts (tests/uno/judge.py) on rebuilt reports made up here: a figure stored
with a digit lost is wrong, an edit not applied is lost unless a secretary's line shows it, a
paragraph nobody edited is caught; so the campaign cannot pass by calling everything right."""
from __future__ import annotations

import random

from tests.uno.judge import judge
from tests.uno.plan import Planner, corrected
from tests.uno.shown import Para, Shown, numbers, value

TEXTS = ["Музейге 47\u00a0512 адам келді, оның ішінде 1\u00a0020 оқушы.", "Залдар ашылды.",
         "Жаңа көрмелер.", "Кітапхана жұмыс істеді.", "Қорға 351 зат түсті."]


def shown(*texts: str) -> Shown:
    return Shown([Para("BodyText", t) for t in texts], [])


def sentence_edit(typed: str):
    planner = Planner(shown(*TEXTS), random.Random(1))
    edit = planner.typed("sentence", 0, 8, 14, typed, where=0, typed=value(typed))
    edit.base = "sentence"
    return edit


def verdict(edit, *after: str, output: str = "") -> str:
    judge([edit], shown(*TEXTS), shown(*after), output)
    return edit.outcome


def test_the_figure_typed_is_right_and_a_figure_missing_a_digit_is_wrong():
    typed = sentence_edit("47 522")
    assert verdict(typed, typed.new.replace("47 522", "47\u00a0522"), *TEXTS[1:]) == "right"
    finding = sentence_edit("47 522")         # the rebuilt report's comment on the figure: a check's finding
    assert verdict(finding, finding.new.replace("47 522", "47\u00a0522\ufffc"), *TEXTS[1:]) == "right"
    assert verdict(sentence_edit("47 522"), TEXTS[0].replace("47\u00a0512", "4\u00a0752"), *TEXTS[1:]) == "WRONG"


def test_an_edit_not_applied_is_lost_unless_a_secretary_line_shows_it():
    assert verdict(sentence_edit("47 522"), *TEXTS) == "LOST"
    line = ("for the secretary: inputs/2021/x.yaml:3 content.0.text: changed «Музейге 47 522 адам келді, оның "
            "ішінде 1 020 оқушы.»: not a number")
    assert verdict(sentence_edit("47 522"), *TEXTS, output=line) == "listed"


def test_words_changed_around_a_figure_are_wrong():
    edit = sentence_edit("47 522")
    assert verdict(edit, edit.new.replace("адам келді", "адам0 келді"), *TEXTS[1:]) == "WRONG"


def test_a_paragraph_nobody_edited_is_caught():
    planner = Planner(shown(*TEXTS), random.Random(1))
    edit = planner.typed("paragraph", 2, 5, 14, "көрнекі")
    edit.base = "paragraph"
    edits = [edit]
    judge(edits, shown(*TEXTS), shown(TEXTS[0], "Залдар жабылды.", edit.new, *TEXTS[3:]), "")
    assert [e.outcome for e in edits] == ["right", "WRONG"] and edits[1].kind == "collateral"


def test_a_correction_changes_the_figure_and_keeps_it_one_figure():
    rng = random.Random(5)
    for old in ["47\u00a0512", "351", "1\u00a0020", "27,2%", "1\u00a0500,50"]:
        for _ in range(50):
            new = corrected(old, rng)
            assert value(new) != value(old) and numbers(new) == [new], (old, new)
