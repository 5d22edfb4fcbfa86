"""A native chart's values as the reviewed DOCX caches them (Word and LibreOffice refresh the cache
when the chart's data is edited), each traced by the map to the figure or table cell it shows."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.doc.provenance import Field
from generator.docxread import Package
from generator.fmt import number as print_number, whole_number
from generator.fmt.read import Read
from generator.writers.docx.oxml import chart_values
from generator.writers.docx.sources import MapPoint, read_points


@dataclass
class Point:
    """A chart's value the map traces to a figure: as written, and as the chart holds it now."""
    source: Field
    written: str
    now: str | None             # None: the chart or its point is gone


def chart_points(package: Package, root) -> list[Point]:
    """Each chart value the map traces, with the value the chart part caches now (Word refreshes
    the cache when the chart's data is edited)."""
    entries: list[MapPoint] = read_points(root) if root is not None else []
    charts = {part: _cached(package, part) for part in dict.fromkeys(e.part for e in entries)}
    return [Point(e.source, e.value, charts[e.part].get((_int(e.series), _int(e.point)))) for e in entries]


def _int(text: str | None) -> int:
    found = whole_number(text)
    return -1 if found is None else found


def _cached(package: Package, part: str) -> dict[tuple[int, int], str]:
    """(series index, point index) → the value a chart part caches, for each series in order."""
    return chart_values(package.xml(part)) if part in package else {}


def chart_read(text: str, unit: str) -> Read:
    """A chart's cached value read as the figure's number (a count takes a whole number)."""
    value = as_number(text)
    if value is None or not math.isfinite(value):
        return Read(why=f"«{text}» is not a number")
    if not value.is_integer():
        return Read(why=f"«{grouped(text)}» is not a whole number, and this figure counts") if unit == "count" \
            else Read(value)
    return Read(int(value))


def as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def grouped(text: str) -> str:
    """A chart's value as the report prints a number (1500.0 → 1 500); other texts as they are."""
    if re.fullmatch(r"-?\d+(\.\d+)?", text.strip()):
        value = float(text)
        return print_number(int(value) if value.is_integer() else value)
    return text
