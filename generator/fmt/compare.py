"""The phrase for the change of a figure between two years, in the words of the report's language."""
from __future__ import annotations

from babel.numbers import format_decimal

from generator.terms import Terms


def describe_change(before: float | None, now: float | None, terms: Terms) -> str:
    """'1,6 есеге артқандығын', '12%-ға азайғандығын', 'өзгермегендігін' (terms.change)."""
    if not before or now is None:
        raise ValueError("both years' figures are needed to compare them")
    ratio = now / before
    if ratio >= 1.5:
        return terms.change.times.format(n=format_decimal(round(ratio, 1), locale=terms.locale))
    percent = round(abs(ratio - 1) * 100)
    if percent == 0:
        return terms.change.same
    return (terms.change.more if ratio > 1 else terms.change.less).format(percent=percent)
