"""Tables of a figure's parts by year, with the totals as the inputs state them."""
from __future__ import annotations

from generator.doc.model import Cell, Table, Text
from generator.model.inputs import Figure, YearTable
from generator.sections.context import Context
from generator.sections.refs import RefError


def build_table(name: str, spec: YearTable, key: str, ctx: Context) -> Table | None:
    """Rows are the figure's innermost parts, columns the years, the last row the stated totals."""
    path = ("tables", name)
    years = ctx.years(spec.years)
    figures = {year: _figure(spec.figure, key, year, path, ctx) for year in years}
    current = figures[ctx.report.year]
    if current is None:
        return None
    rows = []
    for i, leaf in enumerate(current.leaves()):
        if not leaf.id:
            ctx.problem(key, ("figures", spec.figure), f"each part needs an id to be shown in table '{name}'")
            continue
        values = [_part_value(figures[y], leaf.id, key, y, ctx) for y in years]
        rows.append(_row(spec, str(i + 1), leaf.label, values, ctx, bold=False))
    totals = [_total(figures[y], key, y, ctx) for y in years]
    rows.append(_row(spec, "", spec.total_label, totals, ctx, bold=True))
    title = ctx.text(spec.title, key, (*path, "title"))
    return Table(title=title, header=_header(spec, years, ctx), body=rows, source=f"{key}.tables.{name}")


def _figure(name: str, key: str, year: int, path: tuple, ctx: Context) -> Figure | None:
    try:
        return ctx.resolver.figure(key, name.split("."), year)
    except RefError as exc:
        ctx.problem(key, (*path, "figure"), f"table for {year}: {exc}")
        return None


def _part_value(figure: Figure | None, part_id: str, key: str, year: int, ctx: Context):
    part = figure.part(part_id) if figure else None
    return ctx.resolver.figure_value(part, key, year) if part else None


def _total(figure: Figure | None, key: str, year: int, ctx: Context):
    return ctx.resolver.figure_value(figure, key, year) if figure else None


def _header(spec: YearTable, years: list[int], ctx: Context) -> list[list[Cell]]:
    year_cells = [Cell([Text(ctx.year_label(y))], bold=True) for y in years]
    lead = [spec.row_numbers] if spec.row_numbers else []
    if spec.group_header:
        first = [Cell([Text(t)], rowspan=2, bold=True) for t in (*lead, spec.label_header)]
        first.append(Cell([Text(spec.group_header)], colspan=len(years), bold=True))
        return [first, year_cells]
    return [[*(Cell([Text(t)], bold=True) for t in (*lead, spec.label_header)), *year_cells]]


def _row(spec: YearTable, number: str, label: str, values: list, ctx: Context, bold: bool) -> list[Cell]:
    cells = [Cell([Text(number)], numeric=True)] if spec.row_numbers else []
    cells.append(Cell([Text(label)], bold=bold))
    cells.extend(Cell([Text(ctx.resolver.number(v))], numeric=True, bold=bold) for v in values)
    return cells
