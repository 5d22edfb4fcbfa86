"""Diagrams of a figure by year: the chart spec, its title and alt text; drawing comes later.

bar, barh: the total by year, or each part by year (``by_parts``: the parts along the axis, a
colour per year); stacked, stackedh, line: the years along the axis, a colour per part (line:
the total only, unless ``by_parts``); pie: the parts of one year. From a free table
(``table``, ``columns``): its rows along the axis (a pie's slices), named by its first text
column, a series per column.
"""
from __future__ import annotations

from generator import fmt
from generator.doc.model import PERCENT, ChartSeries, ChartSpec, Diagram, Text, plain_text
from generator.doc.provenance import Field
from generator.model.inputs import REF, Figure, FreeTable, YearDiagram
from generator.sections.context import Context
from generator.model.refs import Gap, MissingHistory, RefError, Scope
from generator.sections.grid import cell_number


def build_diagram(name: str, spec: YearDiagram, key: str, ctx: Context) -> Diagram | None:
    """The chart of ``spec.kind`` from a figure by year (see the module); None and a problem
    noted when the figure cannot be found or a pie is given several years."""
    path = ("diagrams", name)
    if spec.table is not None:
        return _table_diagram(spec, key, path, ctx)
    years = ctx.years(spec.years)
    if spec.kind == "pie":
        if "years" in spec.model_fields_set and len(years) != 1:
            ctx.problem(key, (*path, "years"), f"a pie shows one year's parts, not {len(years)} years: "
                        "write one year (e.g. [2021]) or leave years out (the report's year)")
            return None
        years = years if "years" in spec.model_fields_set else [ctx.report.year]
    try:
        chart = _chart(spec, key, years, ctx)
    except RefError as exc:
        ctx.problem(key, (*path, "figure"), str(exc))
        return None
    title = ctx.text(spec.title, key, (*path, "title"))
    measure = ctx.resolver.measure(key, spec.figure.split("."), ctx.report.year)
    chart.number_format, chart.unit = _chart_unit(measure, ctx)
    alt = ctx.text(spec.alt, key, (*path, "alt")) if spec.alt else _alt(title, chart, ctx, measure)
    return Diagram(title=title, chart=chart, alt=alt, source=ctx.source(key, path),
                   title_source=ctx.source(key, (*path, "title")))


def _chart_unit(measure: tuple[str, int | None], ctx: Context) -> tuple[str, str]:
    """A figure's unit as ChartSpec says it: the number pattern of its places (none: the locale's)
    and the unit after each value ("%"; money: the terms' word, e.g. «теңге»; a count: none)."""
    unit, places = measure
    pattern = fmt.number_pattern(places) if places is not None else ""
    words = {"percent": PERCENT, "money": ctx.profile.terms.money.replace("{n}", "").strip()}
    return pattern, words.get(unit, "")


def _value(ctx: Context, key: str, names: list[str], year: int) -> tuple[float | int | None, Text | None]:
    """A figure's value for a bar, or no bar and the mark shown in its place: "no data" for a
    missing earlier year, "not filled" for the report's year (both noted as gaps)."""
    try:
        value = ctx.resolver.value(key, names, year)
    except MissingHistory as exc:
        ctx.resolver.no_data.setdefault(Gap(key, tuple(names), year), str(exc))
        return None, Text(ctx.resolver.marks.no_data)
    if value is None and year == ctx.report.year:
        ctx.resolver.unfilled.setdefault(Gap(key, tuple(names), year))
        return None, Text(ctx.resolver.marks.not_filled, gap=True)
    return value, None


def _series(name: str, pairs: list[tuple[float | int | None, Text | None]], sources: list[Field | None]) -> ChartSeries:
    return ChartSeries(name, [value for value, _ in pairs], [mark for _, mark in pairs], sources)


def _chart(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    if spec.kind in ("stacked", "stackedh") or (spec.kind == "line" and spec.by_parts):
        return _parts_by_year(spec, key, years, ctx)
    if spec.kind == "pie" or spec.by_parts:
        return _by_parts(spec, key, years, ctx)
    return _totals(spec, key, years, ctx)


def _leaf_value(ctx: Context, key: str, names: list[str], figure: Figure, leaf: Figure,
                year: int) -> tuple[float | int | None, Text | None]:
    """A part's value (the figure's own when it has no parts; no value for a part without an id)."""
    if leaf is figure:
        return _value(ctx, key, names, year)
    return _value(ctx, key, [*names, leaf.id], year) if leaf.id else (None, None)


def _leaf_source(ctx: Context, key: str, names: list[str], figure: Figure, leaf: Figure, year: int) -> Field | None:
    """The field of a part's value, as ``_leaf_value`` finds it (None for a part without an id)."""
    if leaf is figure:
        return ctx.resolver.figure_source(key, names, year)
    return ctx.resolver.figure_source(key, [*names, leaf.id], year) if leaf.id else None


def _leaf_names(names: list[str], figure, leaf) -> list[str]:
    return names if leaf is figure or not leaf.id else [*names, leaf.id]


def _totals(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    label = ctx.label(ctx.resolver.figure(key, names, ctx.report.year).label, key, names)
    series = _series(label, [_value(ctx, key, names, y) for y in years],
                     [ctx.resolver.figure_source(key, names, y) for y in years])
    return ChartSpec(kind=spec.kind, categories=[ctx.year_label(y) for y in years], series=[series],
                     value_label=label)


def _by_parts(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    """The parts along the axis (a pie's slices), a series per year."""
    names = spec.figure.split(".")
    figure = ctx.resolver.figure(key, names, ctx.report.year)
    series = []
    for year in years:
        leaves = figure.leaves()
        series.append(_series(ctx.year_label(year), [_leaf_value(ctx, key, names, figure, leaf, year) for leaf in leaves],
                              [_leaf_source(ctx, key, names, figure, leaf, year) for leaf in leaves]))
    categories = [ctx.label(leaf.label, key, _leaf_names(names, figure, leaf)) for leaf in figure.leaves()]
    return ChartSpec(kind=spec.kind, categories=categories, series=series,
                     value_label="" if spec.kind == "pie" else ctx.label(figure.label, key, names))


def _parts_by_year(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    """The years along the axis, a series per part (stacked into the total, or a line each)."""
    names = spec.figure.split(".")
    figure = ctx.resolver.figure(key, names, ctx.report.year)
    label = ctx.label(figure.label, key, names)
    series = [_series(ctx.label(leaf.label, key, _leaf_names(names, figure, leaf)) if leaf.label else label,
                      [_leaf_value(ctx, key, names, figure, leaf, y) for y in years],
                      [_leaf_source(ctx, key, names, figure, leaf, y) for y in years])
              for leaf in figure.leaves()]
    stated = [_stated(ctx, key, names, y) for y in years] if spec.kind in ("stacked", "stackedh") else []
    return ChartSpec(kind=spec.kind, categories=[ctx.year_label(y) for y in years], series=series,
                     value_label=label, totals=stated)


def _stated(ctx: Context, key: str, names: list[str], year: int) -> float | int | None:
    """A figure's own value for a year, the total its stacked parts show (None: not stated)."""
    try:
        return ctx.resolver.value(key, names, year)
    except (MissingHistory, RefError):
        return None


def _alt(title: str, chart: ChartSpec, ctx: Context, measure: tuple[str, int | None]) -> str:
    """A text alternative listing every value (in the figure's unit), for readers who cannot see the chart."""
    parts = []
    for series in chart.series:
        values = ", ".join(f"{c} {series.mark(i).text if series.mark(i) else ctx.resolver.quantity(v, measure)}"
                           for i, (c, v) in enumerate(zip(chart.categories, series.values)))
        parts.append(f"{series.name}: {values}" if len(chart.series) > 1 else values)
    return f"{title}. {'; '.join(parts)}."


def _table_diagram(spec: YearDiagram, key: str, path: tuple, ctx: Context) -> Diagram | None:
    """A free table's rows along the axis, a series per column named; None and a problem for a
    table or column not found, or a pie of several columns."""
    table = ctx.report.sections[key].tables.get(spec.table)
    if not isinstance(table, FreeTable):
        free = ", ".join(n for n, t in ctx.report.sections[key].tables.items() if isinstance(t, FreeTable))
        ctx.problem(key, (*path, "table"), f"there is no free table named '{spec.table}' in this file "
                    f"(free tables: {free or 'none'})")
        return None
    columns = {column.id: (i, column) for i, column in enumerate(table.columns) if column.id}
    wrong = [c for c in spec.columns if c not in columns or not columns[c][1].numeric]
    if wrong or (spec.kind == "pie" and len(spec.columns) != 1):
        numeric = ", ".join(c for c, (_, column) in columns.items() if column.numeric) or "none"
        message = (f"'{wrong[0]}' is not the id of a number column of table '{spec.table}' (number columns: {numeric})"
                   if wrong else f"a pie draws one column, not {len(spec.columns)}: name one, e.g. columns: [{spec.columns[0]}]")
        ctx.problem(key, (*path, "columns"), message)
        return None
    try:
        chart = _table_chart(spec, table, [columns[c] for c in spec.columns], key, ctx)
    except RefError as exc:
        ctx.problem(key, (*path, "columns"), str(exc))
        return None
    first = columns[spec.columns[0]][1]
    measure = ("percent" if first.type == "percent" else "decimal", first.places)
    chart.number_format, chart.unit = _chart_unit(measure, ctx)
    title = ctx.text(spec.title, key, (*path, "title"))
    alt = ctx.text(spec.alt, key, (*path, "alt")) if spec.alt else _alt(title, chart, ctx, measure)
    return Diagram(title=title, chart=chart, alt=alt, source=ctx.source(key, path),
                   title_source=ctx.source(key, (*path, "title")))


def _table_chart(spec: YearDiagram, table: FreeTable, chosen: list, key: str, ctx: Context) -> ChartSpec:
    """The chart of a table's columns: a category per row, named by the first text column; the
    value axis titled by the column's header, or by the header group over all the columns drawn."""
    label = next((i for i, column in enumerate(table.columns) if column.type == "text"), None)
    scope = Scope(key, ctx.report.year)
    categories = [plain_text(ctx.inlines(str(row[label]), key, ("tables", spec.table, "rows", r, label)))
                  if label is not None and label < len(row) and row[label] is not None else str(r + 1)
                  for r, row in enumerate(table.rows)]
    headers = {i: ctx.text(column.header, key, ("tables", spec.table, "columns", i, "header")) for i, column in chosen}
    series = [ChartSeries(headers[i], [cell_number(row[i], ctx.resolver, scope) if i < len(row) else None
                                       for row in table.rows],
                          sources=[_cell_source(row, r, i, spec.table, scope, ctx) for r, row in enumerate(table.rows)])
              for i, column in chosen]
    return ChartSpec(kind=spec.kind, categories=categories, series=series,
                     value_label=_columns_title(chosen, headers, key, spec.table, ctx))


def _columns_title(chosen: list, headers: dict[int, str], key: str, table: str, ctx: Context) -> str:
    """A table diagram's value axis title: its one column's header, or the header group over all
    its columns ('' when they have none in common), references filled in."""
    groups = {column.group for _, column in chosen}
    if len(chosen) == 1:
        return headers[chosen[0][0]]
    group = groups.pop() if len(groups) == 1 else None
    return ctx.text(group, key, ("tables", table, "columns", chosen[0][0], "group")) if group else ""


def _cell_source(row: list, r: int, i: int, table: str, scope: Scope, ctx: Context) -> Field | None:
    """The field a free table's cell shows in a chart: the figure its reference names, else the cell."""
    value = row[i] if i < len(row) else None
    if isinstance(value, str) and REF.match(value.strip()):
        return ctx.resolver.ref_source(value, scope)
    return ctx.source(scope.key, ("tables", table, "rows", r, i)) if isinstance(value, (int, float)) else None
