"""A number read back from its printed form, the inverse of ``fmt.quantity``: what a reviewer typed.

A printed figure is a sign, digits (groups of three parted by a plain, no-break U+00A0, narrow
no-break U+202F or thin U+2009 space, or not parted), a decimal comma and its digits, then its
unit's mark: ``%`` for a percent, the money word («теңге») for money. ``number_spans`` finds
each such token in a line; ``read_quantity`` reads one in a figure's unit, exactly, or says why
it is not a number of that unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

GROUP_SPACES = " \u00a0\u202f\u2009"
MINUS = "-\u2212\u2013"         # a hyphen, the minus sign, and the en dash Word makes of a typed hyphen
_G = f"[{GROUP_SPACES}]"
_BODY = (rf"(?:(?<!\w)(?P<sign>[{MINUS}+]{_G}?))?(?P<int>\d{{1,3}}(?:{_G}\d{{3}})+(?!\d)|\d+)"
         rf"(?:,(?P<frac>\d+))?")


@dataclass(frozen=True)
class Read:
    """A printed number read in a unit: ``value`` (int, or float when it has a decimal part), or
    ``why`` it is not one."""
    value: int | float | None = None
    why: str = ""


def _pattern(money_word: str) -> re.Pattern:
    word = rf"|{_G}*(?P<money>{re.escape(money_word)})\b" if money_word else ""
    return re.compile(rf"{_BODY}(?:{_G}?(?P<percent>%){word})?")


def money_word(money: str) -> str:
    """The word of a money pattern (terms' ``money``, "{n} теңге" → "теңге")."""
    return money.replace("{n}", "").strip()


def number_spans(text: str, money: str = "") -> list[tuple[int, int]]:
    """(start, end) of each printed number in ``text``, with its sign and unit mark, left to right
    (``money``: the money word)."""
    return [m.span() for m in _pattern(money).finditer(text)]


def read_quantity(text: str, unit: str = "decimal", money: str = "") -> Read:
    """The number ``text`` prints, in ``unit`` (count, percent, decimal, money; 27.5 for
    «27,5%»); a count takes no decimal part, a unit's mark only its own unit."""
    shown = text.strip()
    found = _pattern(money).fullmatch(shown)
    if found is None:
        return Read(why=f"«{shown}» is not a number as the report prints one (digits, a space "
                        "between groups of three, a decimal comma)")
    if found.group("percent") and unit != "percent" or found.group("money") and unit != "money":
        return Read(why=f"«{shown}» is not a {_UNITS.get(unit, 'number')}: write the number alone")
    if found.group("frac") is not None and unit == "count":
        return Read(why=f"«{shown}» is not a whole number, and this figure counts (no decimal part)")
    return Read(_value(found))


_UNITS = {"count": "count", "decimal": "number", "percent": "percent", "money": "sum of money"}


def _value(found: re.Match) -> int | float:
    digits = re.sub(_G, "", found.group("int"))
    negative = (found.group("sign") or "+").strip() in MINUS
    frac = found.group("frac")
    number = Decimal(f"{'-' if negative else ''}{digits}.{frac}") if frac is not None else None
    if number is None:
        return -int(digits) if negative else int(digits)
    return float(number)
