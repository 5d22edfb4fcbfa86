"""Anniversaries against birth years: «85 жылдығына» in 2021 for someone born in 1931 is a slip."""
from __future__ import annotations

from generator.check.context import Checks, signed


def check_anniversaries(checks: Checks) -> None:
    year = checks.report.year
    for file in checks.files(history=False):
        for name, items in file.section.lists.items():
            for i, item in enumerate(items.items):
                if item.anniversary is None or item.born is None:
                    continue
                actual = year - item.born
                if actual != item.anniversary:
                    checks.add(file, ("lists", name, "items", i, "anniversary"),
                               f"item {i + 1} names a {item.anniversary}-year anniversary, but from {item.born} "
                               f"to {year} is {actual} years ({signed(item.anniversary - actual)})",
                               term="anniversary", item=str(i + 1), anniversary=str(item.anniversary),
                               born=str(item.born), year=str(year), actual=str(actual),
                               difference=signed(item.anniversary - actual))
