"""Stated totals against the sum of their parts, and figures that must be whole and not negative."""
from __future__ import annotations

from generator.check.context import Checks, FigureAt, Number, number, same, signed
from generator.model.refs import RefError


def check_totals(checks: Checks) -> None:
    """Every figure with a stated value and parts, at every depth, in every year's files."""
    for at in checks.figures():
        if at.figure.value is None or not at.figure.parts:
            continue          # a plain number, or a breakdown with no total of its own
        try:
            stated = checks.value(at)
            added, missing = _sum_of_parts(checks, at)
        except RefError as exc:
            checks.add(at.file, (*at.path, "value"), f"the total cannot be checked: {exc}", at.name)
            continue
        if stated is None or added is None or same(stated, added):
            continue
        message = f"total stated {number(stated)}, its parts add up to {number(added)} ({signed(stated - added)})"
        checks.add(at.file, (*at.path, "value"), message + _missing_text(missing), at.name)


def check_whole_numbers(checks: Checks) -> None:
    """Counts of people, objects and events are whole numbers, zero or more."""
    for at in checks.figures():
        value = at.figure.value
        if not isinstance(value, (int, float)):
            continue          # no number, or a reference checked where it points
        if isinstance(value, float) and not value.is_integer():
            checks.add(at.file, (*at.path, "value"), f"{number(value)} is not a whole number: "
                       "a count of people, objects or events has no fraction", at.name)
        elif value < 0:
            checks.add(at.file, (*at.path, "value"), f"{signed(value)} is less than zero: a count cannot be negative",
                       at.name)


def _sum_of_parts(checks: Checks, at: FigureAt) -> tuple[Number | None, list[str]]:
    """The parts' sum (a part with no value counts by its own parts) and the parts with no figure."""
    total: Number = 0
    missing: list[str] = []
    counted = False
    for part in checks.parts(at):
        value = checks.value(part)
        if value is None and part.figure.parts:
            value, inner = _sum_of_parts(checks, part)
            missing += inner
        elif value is None:
            missing.append(part.figure.label or part.figure.id or part.name)
        if value is not None:
            total += value
            counted = True
    return (total if counted else None), missing


def _missing_text(missing: list[str]) -> str:
    if not missing:
        return ""
    names = ", ".join(f"«{name}»" for name in missing)
    if len(missing) == 1:
        return f"; no figure is given for {names} (shown as -), so it is not in the sum"
    return f"; no figures are given for {names} (shown as -), so they are not in the sum"
