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
                _check_item(checks, file, name, ("lists", name, "items", i), f"item {i + 1}", item)
                for j, sub in enumerate(item.items):
                    _check_item(checks, file, name, ("lists", name, "items", i, "items", j),
                                f"item {i + 1}.{j + 1}", sub)
                when = _when(item)
                if when is None:
                    continue
                if item_list.in_date_order and previous and when < previous[1]:
                    checks.add(file, ("lists", name, "items", i), _out_of_order(i, when, *previous), f"lists.{name}")
                previous = (i, when)
        _check_text_dates(checks, file)


def check_approval(checks: Checks) -> None:
    """The report is approved after its year has begun, not before."""
    approved = checks.report.info.approved
    if approved is not None and approved.year < checks.report.year:
        checks.add_to(REPORT_FILE, checks.report.year, ("approved",), f"{fmt.date(approved)} is before {checks.report.year}, "
                   "the year the report is about")


def _when(item: Item) -> dt.date | None:
    if item.date is not None:
        return item.date
    return item.period.start if item.period is not None else None


def _check_item(checks: Checks, file: FileAt, name: str, at: tuple, label: str, item: Item) -> None:
    """An item's (or sub-item's, ``at`` its path) date or period falls in the file's year."""
    year, field = file.year, f"lists.{name}"
    if item.date is not None and item.date.year != year:
        checks.add(file, (*at, "date"), f"{label} is dated {fmt.date(item.date)}, outside {year}", field)
    if item.period is None:
        return
    start, end = item.period.start, item.period.end
    shown = fmt.period(start, end)
    where = (*at, "period")
    if end < start:
        checks.add(file, where, f"{label}: the period {shown} ends before it starts", field)
    elif end.year < year or start.year > year:
        checks.add(file, where, f"{label}: the period {shown} is outside {year}", field)
    elif start.year != year or end.year != year:
        checks.add(file, where, f"{label}: the period {shown} runs partly outside {year}", field)


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
                day = dt.datetime.strptime(raw.strip(), "%d.%m.%Y").date()
            except ValueError:
                continue      # not a real date: the builder says so
            message = _text_date_finding(day, file.year, after)
            if message:
                checks.add(file, path, message)


def _text_date_finding(day: dt.date, year: int, after: bool) -> str:
    """What is wrong with a date of the text, or ''."""
    if after and day.year != year + 1:
        return (f"the date {fmt.date(day)} is marked |after, but is not in {year + 1}, the year after the "
                "report's: check it, or take the mark off")
    if not after and day.year != year:
        hint = f" (a date after the year, like an approval's, is written {{date:{fmt.date(day)}|after}})"
        return (f"the date {fmt.date(day)} in the text is outside {year}: check that it is meant"
                + (hint if day.year == year + 1 else ""))
    return ""
