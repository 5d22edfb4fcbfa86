"""Numbers and dates formatted one way for the whole report (Babel, Kazakh)."""
from __future__ import annotations

import datetime as dt

from babel.dates import get_month_names
from babel.numbers import format_decimal

NBSP = "\u00a0"


def number(value: float | int | None, locale: str = "kk") -> str:
    """1234567 → "1 234 567" with no-break spaces; 1234.5 → "1 234,5"; None → "-"."""
    if value is None:
        return "-"
    text = format_decimal(value, locale=locale)
    return text.replace("\u202f", NBSP)


def month_name(month: int, locale: str = "kk") -> str:
    return dict(get_month_names("wide", context="format", locale=locale))[month]


def date(value: dt.date, style: str = "numeric", locale: str = "kk") -> str:
    """A date in the profile's style: numeric 11.02.2021, long «2021 жылғы 11 ақпан»."""
    if style == "numeric":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if style == "long":
        return f"{value.year} жылғы {value.day} {month_name(value.month, locale)}"
    raise ValueError(f"unknown date style {style!r}")


def period(start: dt.date, end: dt.date, style: str = "numeric", locale: str = "kk") -> str:
    """A date range: 20.09.2021 – 02.10.2021; long: 2021 жылғы 20 қыркүйек – 2 қазан."""
    if style == "long" and start.year == end.year:
        return f"{date(start, style, locale)} – {end.day} {month_name(end.month, locale)}"
    return f"{date(start, style, locale)} – {date(end, style, locale)}"


def quoted(value: object, limit: int = 40) -> str:
    """A value quoted in a message: long texts cut short."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
