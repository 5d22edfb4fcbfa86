"""Statements comparing two years against the two years' figures, read with the grammar of the
report's language (``generator/grammar/``: each module lists the phrases it reads and what each allows).

A number of times or percent allows what rounds to it; a hedge moves the range: nearly N is 0,9·N
to under N, about N is 0,9·N to 1,1·N, at least N what rounds to N or more, more than N above N; a
whole number of times from 2 allows 0,975·N to 1,025·N; a fall counts times as before ÷ now. Any
word the grammar does not know makes the phrase "cannot be checked": a finding, never silently
accepted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.check.context import Checks, FileAt, number
from generator.grammar.base import Grammar
from generator.model.inputs import Comparison
from generator.model.refs import RefError

_SEPARATORS = re.compile(r"[\s,.;:!?()«»\"'-]+")


@dataclass(frozen=True)
class Meaning:
    """What a phrase says about now ÷ before: a direction, and maybe how many times or what percent."""
    direction: int            # +1 rose, −1 fell, 0 unchanged
    measure: str = ""         # "", "times" or "percent"
    size: float = 0.0         # the number said: 2 in two times, 30 in 30%
    low: float = 0.0          # the range of times or percent that the words allow
    high: float = 0.0
    high_open: bool = False   # nearly: the number itself is not reached
    hedge: str = ""           # "nearly", "about" or ""

    def holds(self, ratio: float) -> bool:
        if self.direction == 0:
            return round(abs(ratio - 1) * 100) == 0
        if (ratio > 1) != (self.direction > 0) or ratio == 1:
            return False
        if not self.measure:
            return True
        value = _measure(ratio, self.measure, self.direction)
        return self.low <= value < self.high if self.high_open else self.low <= value <= self.high

    def describe(self) -> str:
        """'nearly 2 times as many: 1,8 to under 2', '30% less: 29,5% to under 30,5%', 'a rise'."""
        if not self.measure:
            return {1: "a rise", -1: "a fall", 0: "no change"}[self.direction]
        hedge = f"{self.hedge} " if self.hedge else ""
        if self.measure == "times":
            said = f"{hedge}{_num(self.size)} times {'as many' if self.direction > 0 else 'fewer'}"
        else:
            said = f"{hedge}{_num(self.size)}% {'more' if self.direction > 0 else 'less'}"
        unit = "%" if self.measure == "percent" else ""
        if math.isinf(self.high):
            return f"{said}: {'over' if self.hedge == 'more than' else 'from'} {_num(self.low)}{unit}"
        upper = f"under {_num(self.high)}{unit}" if self.high_open else f"{_num(self.high)}{unit}"
        return f"{said}: {_num(self.low)}{unit} to {upper}"


def interpret(says: str, grammar: Grammar | None) -> tuple[Meaning | None, str]:
    """The meaning of a phrase in a language's grammar, or None and the reason it cannot be read."""
    if grammar is None:
        return None, "the checks know no grammar of the report's language"
    text = grammar.fold(says)
    sizes = [("times", m) for m in grammar.times.finditer(text)]
    sizes += [("percent", m) for m in grammar.percent.finditer(text)]
    ways = {1: grammar.up.findall(text), -1: grammar.down.findall(text), 0: grammar.same.findall(text)}
    rest = text
    for pattern in (grammar.times, grammar.percent, grammar.up, grammar.down, grammar.same):
        rest = pattern.sub(" ", rest)
    unknown = [w for w in _SEPARATORS.split(rest) if w]
    if unknown:
        return None, f"the words {', '.join(f'«{w}»' for w in unknown)} are not among the phrases the check knows"
    directions = [d for d, found in ways.items() if found]
    if len(directions) != 1:
        return None, "it does not say clearly whether the figure rose, fell or stayed the same"
    direction = directions[0]
    if len(sizes) > 1 or (sizes and direction == 0):
        return None, "it gives more than one size of change"
    if not sizes:
        return Meaning(direction), ""
    measure, match = sizes[0]
    return _sized(direction, measure, match, grammar.number(match.group("n"))), ""


def check_comparisons(checks: Checks) -> None:
    for file in checks.files(history=False):
        for name, comparison in file.section.comparisons.items():
            if comparison.says is not None:
                _check_one(checks, file, name, comparison)


def _check_one(checks: Checks, file: FileAt, name: str, comparison: Comparison) -> None:
    path, field = ("comparisons", name, "says"), f"comparisons.{name}"
    says = " ".join(comparison.says.split())
    meaning, reason = interpret(says, checks.grammar)
    if meaning is None:
        checks.add(file, path, f"«{says}» cannot be checked: {reason}", field, "comparison_unclear", says=says)
        return
    before_year = file.year - comparison.years_back
    names = comparison.figure.split(".")
    try:
        now = checks.resolver.value(file.key, names, file.year)
        before = checks.resolver.value(file.key, names, before_year)
    except RefError as exc:
        checks.add(file, path, f"«{says}» cannot be checked: {exc}", field, "comparison_no_figure", says=says,
                   figure=comparison.figure)
        return
    if now is None or not before:
        missing_year = str(before_year if not before else file.year)
        checks.add(file, path, f"«{says}» cannot be checked: {comparison.figure} has no figure "
                   f"for {missing_year} to compare", field, "comparison_no_value", says=says,
                   figure=comparison.figure, year=missing_year)
        return
    ratio = now / before
    if not meaning.holds(ratio):
        went = f"{comparison.figure} went from {number(before)} in {before_year} to {number(now)} in {file.year}"
        checks.add(file, path, f"says «{says}» ({meaning.describe()}), but {went}: {_actual(ratio, meaning)}", field,
                   "comparison", says=says, figure=comparison.figure, before=number(before),
                   before_year=str(before_year), now=number(now), year=str(file.year), ratio=number(round(ratio, 2)))


def _sized(direction: int, measure: str, match: re.Match, n: float) -> Meaning:
    """The range a number ``n`` allows: 2 times 1,95–2,05; nearly 2 times 1,8 to under 2; 30% 29,5–30,5."""
    if match.group("nearly"):
        return Meaning(direction, measure, n, 0.9 * n, n, True, "nearly")
    if match.group("atleast"):                      # at least 1,5 times: what rounds to it, or more
        return Meaning(direction, measure, n, n - (0.5 if measure == "percent" else 0.05), math.inf, False, "at least")
    if match.group("more"):                         # more than 2 times: above the number
        return Meaning(direction, measure, n, n, math.inf, True, "more than")
    if match.group("about"):
        return Meaning(direction, measure, n, 0.9 * n, 1.1 * n, False, "about")
    if measure == "percent" or not n.is_integer() or n < 2:
        half = 0.5 if measure == "percent" else 0.05   # 30%, 1,6 times: what rounds to it
        return Meaning(direction, measure, n, n - half, n + half, True)
    return Meaning(direction, measure, n, 0.975 * n, 1.025 * n)


def _measure(ratio: float, measure: str, direction: int) -> float:
    """Times or percent, as the phrase counts them: a fall of 2 times is before ÷ now = 2."""
    if measure == "times":
        return ratio if direction > 0 else (1 / ratio if ratio else math.inf)
    return abs(ratio - 1) * 100


def _actual(ratio: float, meaning: Meaning) -> str:
    if ratio == 0:
        return "a fall of 100%"
    if meaning.measure == "percent" or (not meaning.measure and 0.5 < ratio < 2):
        change = abs(ratio - 1) * 100
        way = "a rise" if ratio > 1 else "a fall" if ratio < 1 else "no change"
        return f"{way} of {_num(change)}%" if ratio != 1 else way
    if ratio >= 1:
        return f"{_num(ratio)} times as many"
    return f"{_num(1 / ratio)} times fewer"


def _num(value: float) -> str:
    return number(round(value, 2))
