"""Kazakh phrases for the change of a figure between two years."""
from __future__ import annotations

from babel.numbers import format_decimal


def describe_change(before: float | None, now: float | None, locale: str = "kk") -> str:
    """'1,6 есеге артқандығын', '12%-ға азайғандығын', 'өзгермегендігін'."""
    if not before or now is None:
        raise ValueError("both years' figures are needed to compare them")
    ratio = now / before
    if ratio >= 1.5:
        return f"{format_decimal(round(ratio, 1), locale=locale)} есеге артқандығын"
    percent = round(abs(ratio - 1) * 100)
    if percent == 0:
        return "өзгермегендігін"
    return f"{percent}%-ға {'артқандығын' if ratio > 1 else 'азайғандығын'}"
