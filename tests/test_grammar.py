"""Each report language's grammar in a module of its own (generator/grammar/): the checks read a
Russian report's comparisons in Russian, and no check module spells a word of any language."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import generator.check
from generator.check import check_report
from generator.check.comparisons import interpret
from generator.grammar import grammar_for
from generator.load.inputs import load_report
from tests.small_inputs import REPORT, write_inputs

RU = grammar_for("ru-RU")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{2,}")


@pytest.mark.parametrize("says, ratio, holds", [
    ("увеличилось в два раза", 2.02, True),
    ("увеличилось в два раза", 1.8, False),
    ("выросло вдвое", 1.98, True),
    ("сократилось в 2 раза", 0.5, True),
    ("сократилось в 2 раза", 2.0, False),
    ("увеличилось на 30%", 1.3, True),
    ("увеличилось на 30%", 1.2, False),
    ("снизилось на 12 процентов", 0.88, True),
    ("выросло почти в три раза", 2.8, True),         # nearly: up to the number, not reaching it
    ("выросло почти в три раза", 3.0, False),
    ("выросло почти в три раза", 2.6, False),
    ("увеличилось примерно в полтора раза", 1.6, True),
    ("увеличилось более чем в два раза", 2.3, True),
    ("увеличилось более чем в два раза", 1.9, False),
    ("сократилось не менее чем на 20%", 0.75, True),
    ("сократилось не менее чем на 20%", 0.9, False),
    ("увеличилось в двадцать пять раз", 25.2, True),
    ("сократилось", 0.9, True),
    ("сократилось", 1.1, False),
    ("не изменилось", 1.001, True),
    ("осталось на прежнем уровне", 1.2, False),
])
def test_russian_phrases_allow_the_ratios_their_words_say(says, ratio, holds):
    meaning, reason = interpret(says, RU)
    assert meaning is not None, reason
    assert meaning.holds(ratio) is holds


@pytest.mark.parametrize("says", ["почти в три раза", "в два", "увеличилось и сократилось",
                                  "увеличилось значительно", "екі есеге артқандығын"])
def test_russian_phrases_the_check_cannot_read(says):
    meaning, reason = interpret(says, RU)
    assert meaning is None and reason


def test_a_language_without_a_grammar_leaves_the_phrase_unchecked():
    assert grammar_for("en-US") is None
    assert interpret("doubled", None) == (None, "the checks know no grammar of the report's language")


SUMMARY = """\
figures:
  events: {{label: мероприятие, value: {now}}}
comparisons:
  events_change: {{figure: events, says: {says}}}
content:
  - text: "{{events}} мероприятий: {{events_change}}."
"""


def russian_findings(tmp_path: Path, says: str, now: int) -> list[str]:
    report = REPORT.format(year=2021, sections="summary") + "language: ru-RU\n"
    files = {"report": report, "summary": SUMMARY.format(now=now, says=says)}
    root = write_inputs(tmp_path / "inputs", 2021, files, {2020: {"summary": "figures:\n  events: 10\n"}})
    return [f"{p.field}: {p.message}" for p in check_report(load_report(root, 2021))]


def test_a_russian_report_checks_its_comparison_in_russian(tmp_path):
    assert russian_findings(tmp_path, "почти в три раза увеличилось", 28) == []
    assert russian_findings(tmp_path / "more", "почти в три раза увеличилось", 31) == [
        "comparisons.events_change: says «почти в три раза увеличилось» (nearly 3 times as many: 2,7 to under 3), "
        "but events went from 10 in 2020 to 31 in 2021: 3,1 times as many"]


def test_a_russian_report_does_not_read_kazakh_phrases(tmp_path):
    found = russian_findings(tmp_path, "екі есеге артқандығын", 20)
    assert len(found) == 1 and "cannot be checked" in found[0], found


def test_the_check_modules_spell_no_word_of_any_language():
    words = {}
    for path in Path(generator.check.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node)}
        found = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and id(node) not in docstrings and CYRILLIC_WORD.search(node.value)]
        if found:
            words[path.name] = found
    assert words == {}
