"""Numbers and dates formatted one way for the whole report (Babel; the words from the language's terms)."""
from __future__ import annotations

import datetime as dt
import re

from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, format_percent
from babel.dates import get_month_names

from generator.terms import NUMERIC_DATE, Terms

NBSP = "\u00a0"
#: How the inputs write a date (and the numeric style prints one): 11.02.2021.
INPUT_DATE = "%d.%m.%Y"


def number(value: float | int | None, locale: str = "kk", places: int | None = None, *,
           pattern: str | None = None) -> str:
    """1234567 → "1 234 567" with no-break spaces; 1234.5 → "1 234,5"; None → "-".
    ``places``: exactly that many digits after the comma (12.5, 2 → "12,50"); ``pattern``: a
    Babel (Excel-like) number pattern instead, such as ``#,##0.0``."""
    if value is None:
        return "-"
    if pattern is None and places is not None:
        pattern = number_pattern(places)
    return _spaces(format_decimal(value, format=pattern or None, locale=locale))


def number_pattern(places: int | None) -> str:
    """The Babel/Excel pattern of a number with ``places`` digits after the comma (none: "#,##0.###")."""
    if places is None:
        return "#,##0.###"
    return "#,##0" + ("." + "0" * places if places else "")


def percent(value: float | int | None, locale: str = "kk", places: int | None = None) -> str:
    """12.5 (per cent) → "12,5%" in the locale's percent pattern (Babel), with ``places`` digits
    after the comma (up to 3 when not given); None → "-"."""
    if value is None:
        return "-"
    pattern = Locale.parse(locale).percent_formats[None].pattern
    fraction = "." + ("0" * places if places is not None else "###")
    pattern = re.sub(r"0(?=[^0-9#.,]*%)", "0" + fraction.rstrip("."), pattern, count=1)
    return _spaces(format_percent(Decimal(str(value)) / 100, format=pattern, locale=locale))


def quantity(value: float | int | None, unit: str = "count", places: int | None = None, locale: str = "kk",
             money: str = "{n}") -> str:
    """A figure as its unit prints it: a count or decimal as a number, a percent with its sign,
    money in the ``money`` pattern of the report's language (terms: "{n} теңге"); None → "-"."""
    if value is None:
        return "-"
    if unit == "percent":
        return percent(value, locale, places)
    shown = number(value, locale, places)
    return money.format(n=shown) if unit == "money" else shown


def _spaces(text: str) -> str:
    """Babel's narrow no-break space as the fonts' no-break space."""
    return text.replace("\u202f", NBSP)


def month_name(month: int, locale: str) -> str:
    return dict(get_month_names("wide", context="format", locale=locale))[month]


def parse_date(text: str) -> dt.date:
    """A date as the inputs write it, DD.MM.YYYY; ValueError when it is no real date."""
    return dt.datetime.strptime(text.strip(), INPUT_DATE).date()


def date(value: dt.date, style: str = "numeric", terms: Terms | None = None) -> str:
    """A date in the profile's style: numeric in the language's pattern (terms.dates.numeric:
    11.02.2021, in English 11/02/2021); long in the language's pattern (terms.dates.long:
    «2021 жылғы 11 ақпан», «11 февраля 2021 г.»)."""
    if style == "numeric":
        pattern = terms.dates.numeric if terms is not None else NUMERIC_DATE
        return pattern.format(day=value.day, month=value.month, year=value.year)
    if style == "long" and terms is not None:
        return terms.dates.long.format(year=value.year, day=value.day, month=month_name(value.month, terms.locale))
    raise ValueError(f"unknown date style {style!r}, or a long date without the language's terms")


def period(start: dt.date, end: dt.date, style: str = "numeric", terms: Terms | None = None) -> str:
    """A date range: 20.09.2021 – 02.10.2021; long, within a year: 2021 жылғы 20 қыркүйек – 2 қазан."""
    if style == "long" and terms is not None and start.year == end.year:
        return terms.dates.period_long.format(
            year=start.year, day=start.day, month=month_name(start.month, terms.locale),
            end_day=end.day, end_month=month_name(end.month, terms.locale))
    return f"{date(start, style, terms)} – {date(end, style, terms)}"


_WHOLE = re.compile(r"[0-9]{1,18}")


def whole_number(text: str | None) -> int | None:
    """The number a text of ASCII digits writes (at most 18 of them), else None: '²', '٣' and a
    thousand digits pass ``str.isdigit()`` yet are no figure (``int()`` fails, or takes its time)."""
    return int(text) if text and _WHOLE.fullmatch(text) else None


def quoted(value: object, limit: int = 40) -> str:
    """A value quoted in a message: long texts cut short."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
