"""Dates inside the report's year, and lists in date order where they say so."""
from __future__ import annotations

import datetime as dt
import re

from generator import fmt
from generator.check.context import Checks, FileAt
from generator.model.inputs import Item
from generator.model.report import REPORT_FILE
from generator.model.refs import split_date_ref

_DATE_REF = re.compile(r"\{date:([^{}\n]{1,200})\}")


def check_dates(checks: Checks) -> None:
    """Each list item's date or period falls in its file's year, and follows the one before."""
    for file in checks.files(history=False):
        for name, item_list in file.section.lists.items():
            previous: tuple[int, dt.date] | None = None
            for i, item in enumerate(item_list.items):
                _check_item(checks, file, name, ("lists", name, "items", i), f"{i + 1}", item)
                for j, sub in enumerate(item.items):
                    _check_item(checks, file, name, ("lists", name, "items", i, "items", j),
                                f"{i + 1}.{j + 1}", sub)
                when = _when(item)
                if when is None:
                    continue
                if item_list.in_date_order and previous and when < previous[1]:
                    checks.add(file, ("lists", name, "items", i), _out_of_order(i, when, *previous), f"lists.{name}",
                               "date_order", item=str(i + 1), date=fmt.date(when), before=str(previous[0] + 1),
                               before_date=fmt.date(previous[1]))
                previous = (i, when)
        _check_text_dates(checks, file)


def check_approval(checks: Checks) -> None:
    """The report is approved after its year has begun, and at the latest in the year after it
    (a report of 2021 approved in 2030 is a mistyped year)."""
    approved, year = checks.report.info.approved, checks.report.year
    if approved is not None and approved.year < year:
        checks.add_to(REPORT_FILE, year, ("approved",), f"{fmt.date(approved)} is before {year}, "
                      "the year the report is about", term="approved_early", date=fmt.date(approved), year=str(year))
    elif approved is not None and approved.year > year + 1:
        checks.add_to(REPORT_FILE, year, ("approved",), f"{fmt.date(approved)} is later than {year + 1}, the year "
                      f"after the one the report is about: check the year", term="approved_late",
                      date=fmt.date(approved), year=str(year + 1))


def _when(item: Item) -> dt.date | None:
    if item.date is not None:
        return item.date
    return item.period.start if item.period is not None else None


def _check_item(checks: Checks, file: FileAt, name: str, at: tuple, number: str, item: Item) -> None:
    """An item's (or sub-item's: ``at`` its path, ``number`` 3 or 3.2) date or period falls in the
    file's year."""
    year, field, label = file.year, f"lists.{name}", f"item {number}"
    if item.date is not None and item.date.year != year:
        checks.add(file, (*at, "date"), f"{label} is dated {fmt.date(item.date)}, outside {year}", field,
                   "date_outside", item=number, date=fmt.date(item.date), year=str(year))
    if item.period is None:
        return
    start, end = item.period.start, item.period.end
    shown = fmt.period(start, end)
    where = (*at, "period")
    values = {"item": number, "period": shown, "year": str(year)}
    if end < start:
        checks.add(file, where, f"{label}: the period {shown} ends before it starts", field, "period_reversed", **values)
    elif end.year < year or start.year > year:
        checks.add(file, where, f"{label}: the period {shown} is outside {year}", field, "period_outside", **values)
    elif start.year != year or end.year != year:
        checks.add(file, where, f"{label}: the period {shown} runs partly outside {year}", field,
                   "period_partly_outside", **values)


def _out_of_order(i: int, when: dt.date, before: int, before_when: dt.date) -> str:
    return (f"item {i + 1} ({fmt.date(when)}) is earlier than item {before + 1} ({fmt.date(before_when)}) "
            "above it: put the list in date order, or say in_date_order: false")


def _check_text_dates(checks: Checks, file: FileAt) -> None:
    """A {date:…} written in the text falls in the file's year; one marked ``|after`` in the months
    after it (an approval, a report's own date)."""
    texts = [(("content", i, "text"), entry.text) for i, entry in enumerate(file.section.content) if entry.text]
    for name, item_list in file.section.lists.items():
        for i, item in enumerate(item_list.items):
            texts.append((("lists", name, "items", i, "text"), item.text))
            texts += [(("lists", name, "items", i, "items", j, "text"), sub.text) for j, sub in enumerate(item.items)]
    for path, text in texts:
        for match in _DATE_REF.finditer(text):
            raw, _, after = split_date_ref(match.group(1))
            try:
                day = fmt.parse_date(raw)
            except ValueError:
                continue      # not a real date: the builder says so
            finding = _text_date_finding(day, file.year, after)
            if finding:
                message, term = finding
                checks.add(file, path, message, None, term, date=fmt.date(day), year=str(file.year),
                           next_year=str(file.year + 1))


def _text_date_finding(day: dt.date, year: int, after: bool) -> tuple[str, str] | None:
    """What is wrong with a date of the text, and its term (templates/terms/ findings), or None."""
    if after and day.year != year + 1:
        return (f"the date {fmt.date(day)} is marked |after, but is not in {year + 1}, the year after the "
                "report's: check it, or take the mark off"), "text_date_not_after"
    if not after and day.year != year:
        hint = f" (a date after the year, like an approval's, is written {{date:{fmt.date(day)}|after}})"
        return (f"the date {fmt.date(day)} in the text is outside {year}: check that it is meant"
                + (hint if day.year == year + 1 else "")), "text_date_outside"
    return None
