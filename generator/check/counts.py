"""Figures that count a list (``counts: halls``) against the number of items in it."""
from __future__ import annotations

from generator.check.context import Checks, FileAt, number, same
from generator.model.refs import RefError


def check_counts(checks: Checks) -> None:
    for at in checks.figures(history=False):
        name = at.figure.counts
        if name is None:
            continue
        where = (*at.path, "counts")
        items = at.file.section.lists.get(name)
        if items is None:
            checks.add(at.file, where, f"counts the list '{name}', but there is no list '{name}' in this file", at.name,
                       "count_no_list", list=name)
            continue
        try:
            stated = checks.value(at)
        except RefError as exc:
            checks.add(at.file, (*at.path, "value"), f"the count cannot be checked: {exc}", at.name, "count_unchecked")
            continue
        if stated is None:
            continue
        listed = len(items.items)
        if not same(stated, listed):
            more = listed > stated
            checks.add(at.file, (*at.path, "value"),
                       f"says {number(stated)}, but the list '{name}' has {number(listed)} "
                       f"item{'s' if listed != 1 else ''}: {_how_many(abs(listed - stated))} "
                       f"{'more' if more else 'fewer'} than stated", at.name,
                       "count_more" if more else "count_fewer", stated=number(stated), list=name,
                       listed=number(listed), difference=number(abs(listed - stated)))


def _how_many(n) -> str:
    return "one item" if n == 1 else f"{number(n)} items"


def counted_by(checks: Checks, file: FileAt, list_name: str) -> str:
    """'; it is counted in figures.x (6)' when a figure of the file counts this list, else ''."""
    for at in checks.figures(file):
        if at.figure.counts == list_name:
            try:
                stated = checks.value(at)
            except RefError:
                stated = None
            shown = f" ({number(stated)})" if stated is not None else ""
            return f"; the list is counted in {at.name}{shown}"
    return ""
