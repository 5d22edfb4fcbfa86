"""A free table's stated totals against the sum of their columns."""
from __future__ import annotations

from generator.check.context import Checks, rounding, same, shown, signed
from generator.model.inputs import SUM, FreeTable
from generator.sections.grid import cell_number, column_numbers
from generator.model.refs import RefError, Scope


def check_table_totals(checks: Checks) -> None:
    """Each stated value of a total row (not «sum») is its column's sum, give or take rounding."""
    for file in checks.files(history=False):
        for name, spec in file.section.tables.items():
            if isinstance(spec, FreeTable) and spec.total:
                for column_id, stated in spec.total.values.items():
                    if stated != SUM:
                        _check_column(checks, file, name, spec, column_id, stated)


def _check_column(checks: Checks, file, name: str, spec: FreeTable, column_id: str, stated: object) -> None:
    index = next(i for i, c in enumerate(spec.columns) if c.id == column_id)
    column, scope = spec.columns[index], Scope(file.key, file.year)
    path = ("tables", name, "total", "values", column_id)
    try:
        total = cell_number(stated, checks.resolver, scope)
        values = column_numbers(spec, index, checks.resolver, scope)
    except RefError as exc:
        checks.add(file, path, f"the total cannot be checked: {exc}")
        return
    if total is None or not values:
        return
    unit = "percent" if column.type == "percent" else "count"
    added = sum(values)
    if not same(total, added, rounding(column.places, len(values))):
        checks.add(file, path, f"total stated {shown(total, unit)}, the column «{column.header}» adds up to "
                               f"{shown(round(added, 6), unit)} ({signed(round(total - added, 6))})")
