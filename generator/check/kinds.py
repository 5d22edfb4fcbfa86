"""The same kind of thing counted twice in one year: a breakdown's part is no larger than the whole.

A total with stated value and parts (summary's «436 іс-шара»: 12 вебинар, 11 семинар …) counts
everything of its kinds that year. A breakdown elsewhere (a department's events, with no total of
its own) whose part has the same id and label («вебинар») counts some of the same things, so it
cannot be larger. Two totals are not compared with each other: which one holds the other is not
known from the figures.
"""
from __future__ import annotations

from collections import defaultdict

from generator.check.context import Checks, FigureAt, number, signed
from generator.check.lists import normalise
from generator.model.refs import RefError

Kind = tuple[str, str]


def check_parts_within_totals(checks: Checks) -> None:
    by_year: dict[int, list[FigureAt]] = defaultdict(list)
    for at in checks.figures(history=False):
        by_year[at.file.year].append(at)
    for figures in by_year.values():
        wholes = _parts_of_totals(checks, figures)
        for breakdown in figures:
            if breakdown.figure.value is None and breakdown.figure.parts:
                for part in checks.parts(breakdown):
                    _compare(checks, part, wholes.get(_kind(part), []))


def _kind(at: FigureAt) -> Kind | None:
    if not (at.figure.id and at.figure.label):
        return None
    return at.figure.id, normalise(at.figure.label)


def _parts_of_totals(checks: Checks, figures: list[FigureAt]) -> dict[Kind, list[FigureAt]]:
    wholes: dict[Kind, list[FigureAt]] = defaultdict(list)
    for total in figures:
        if total.figure.value is not None and total.figure.parts:
            for part in checks.parts(total):
                if _kind(part):
                    wholes[_kind(part)].append(part)
    return wholes


def _compare(checks: Checks, part: FigureAt, wholes: list[FigureAt]) -> None:
    if not wholes or isinstance(part.figure.value, str) or part.unit != "count":
        return                # nothing to compare with, a reference to the same figure, or not a count
    try:
        value = checks.value(part)
        known = [(checks.value(w), w) for w in wholes]
    except RefError:
        return                # the totals check names the broken reference
    known = [(v, w) for v, w in known if v is not None and w.unit == "count"]
    if value is None or not known:
        return
    largest, whole = max(known, key=lambda pair: pair[0])
    if value <= largest:
        return
    shown = f"{whole.file.year}/{whole.file.key}.yaml"     # as under inputs/: the same text wherever they are
    checks.add(part.file, (*part.path, "value"),
               f"states {number(value)} {part.figure.label}, but the year's total in {shown} ({whole.name}) "
               f"has only {number(largest)} {whole.figure.label} ({signed(value - largest)}): "
               "a part cannot be larger than the whole; check which figure is right", part.name,
               "part_above_whole", value=number(value), label=part.figure.label, file=shown, whole=whole.name,
               largest=number(largest), whole_label=whole.figure.label, difference=signed(value - largest))
