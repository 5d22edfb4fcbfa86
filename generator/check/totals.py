"""Stated totals against the sum of their parts, and counts that must be whole."""
from __future__ import annotations

from generator.check.context import Checks, FigureAt, Number, number, rounding, same, shown, signed
from generator.model.refs import RefError


def check_totals(checks: Checks) -> None:
    """Every figure with parts, at every depth, in every year's files: a stated total against its
    parts' sum, and shares (parts in per cent) against 100. Parts in another unit than their
    whole (money within a count) are not added up."""
    for at in checks.figures():
        parts = checks.parts(at)
        target = _target(at, parts)
        if target is None:
            continue
        try:
            stated = checks.value(at) if target == STATED else target
            added, missing = _sum_of_parts(checks, at)
        except RefError as exc:
            checks.add(at.file, (*at.path, "value"), f"the total cannot be checked: {exc}", at.name, "total_unchecked")
            continue
        places = max((p.measure[1] or 0 for p in parts), default=0) if at.unit != "count" else None
        if stated is None or added is None or same(stated, added, rounding(places, len(parts))):
            continue
        term, values = _term(at, target, stated, added, missing)
        checks.add(at.file, (*at.path, "value"), _message(at, target, stated, added) + _missing_text(missing), at.name,
                   term, **values)


STATED = "stated"
SHARES = 100          # the shares of a whole, in per cent, add up to this


def _target(at: FigureAt, parts: list[FigureAt]) -> Number | str | None:
    """What the parts must add up to: the stated value, 100 (shares), or nothing to check."""
    if not parts:
        return None
    if at.unit != "percent" and all(p.unit == "percent" for p in parts):
        return SHARES         # a count's parts in per cent: its shares
    if any(p.unit != at.unit for p in parts):
        return None
    if at.figure.value is None:
        return SHARES if at.unit == "percent" else None
    return STATED


def _term(at: FigureAt, target: Number | str, stated: Number, added: Number, missing: list[str]) -> tuple:
    """The finding as a term of the report's language (templates/terms/ findings) and its values."""
    if target != STATED:
        return "shares", {"added": shown(added, "percent"), "difference": signed(round(added - SHARES, 6))}
    values = {"stated": shown(stated, at.unit), "added": shown(added, at.unit), "difference": signed(stated - added),
              "missing": ", ".join(f"«{name}»" for name in missing)}
    return ("total_missing_parts" if missing else "total"), values


def _message(at: FigureAt, target: Number | str, stated: Number, added: Number) -> str:
    if target == STATED:
        return (f"total stated {shown(stated, at.unit)}, its parts add up to {shown(added, at.unit)} "
                f"({signed(stated - added)})")
    return (f"its parts are shares of a whole, in per cent, and add up to {shown(added, 'percent')}, not "
            f"{shown(SHARES, 'percent')} ({signed(round(added - SHARES, 6))})")


def check_whole_numbers(checks: Checks) -> None:
    """Counts of people, objects and events are whole numbers (below zero, a count or a sum of
    money never reaches the checks: the loader refuses it, ``generator.load.inputs.negative_counts``)."""
    for at in checks.figures():
        value = at.figure.value
        if at.unit == "count" and isinstance(value, float) and not value.is_integer():
            checks.add(at.file, (*at.path, "value"), f"{number(value)} is not a whole number: "
                       "a count of people, objects or events has no fraction", at.name, "not_whole", value=number(value))


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
