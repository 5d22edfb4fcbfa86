"""Diagrams of a figure by year: the chart spec, its title and alt text; drawing comes later."""
from __future__ import annotations

from generator.doc.model import ChartSeries, ChartSpec, Diagram, Text
from generator.model.inputs import YearDiagram
from generator.sections.context import Context
from generator.model.refs import Gap, MissingHistory, RefError


def build_diagram(name: str, spec: YearDiagram, key: str, ctx: Context) -> Diagram | None:
    """Bars of a figure's total per year, or of each of its parts per year (``by_parts``)."""
    path = ("diagrams", name)
    years = ctx.years(spec.years)
    try:
        chart = _by_parts(spec, key, years, ctx) if spec.by_parts else _totals(spec, key, years, ctx)
    except RefError as exc:
        ctx.problem(key, (*path, "figure"), str(exc))
        return None
    title = ctx.text(spec.title, key, (*path, "title"))
    measure = ctx.resolver.measure(key, spec.figure.split("."), ctx.report.year)
    alt = ctx.text(spec.alt, key, (*path, "alt")) if spec.alt else _alt(title, chart, ctx, measure)
    return Diagram(title=title, chart=chart, alt=alt, source=ctx.source(key, path),
                   title_source=ctx.source(key, (*path, "title")))


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


def _series(name: str, pairs: list[tuple[float | int | None, Text | None]], sources: list[str]) -> ChartSeries:
    return ChartSeries(name, [value for value, _ in pairs], [mark for _, mark in pairs], sources)


def _totals(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    label = ctx.resolver.figure(key, names, ctx.report.year).label
    series = _series(label, [_value(ctx, key, names, y) for y in years],
                     [ctx.resolver.figure_source(key, names, y) for y in years])
    return ChartSpec(kind=spec.kind, categories=[ctx.year_label(y) for y in years], series=[series],
                     value_label=label)


def _by_parts(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    leaves = ctx.resolver.figure(key, names, ctx.report.year).leaves()
    series = []
    for year in years:
        pairs = [_value(ctx, key, [*names, leaf.id], year) if leaf.id else (None, None) for leaf in leaves]
        sources = [ctx.resolver.figure_source(key, [*names, leaf.id], year) if leaf.id else "" for leaf in leaves]
        series.append(_series(ctx.year_label(year), pairs, sources))
    return ChartSpec(kind=spec.kind, categories=[leaf.label for leaf in leaves], series=series)


def _alt(title: str, chart: ChartSpec, ctx: Context, measure: tuple[str, int | None]) -> str:
    """A text alternative listing every value (in the figure's unit), for readers who cannot see the chart."""
    parts = []
    for series in chart.series:
        values = ", ".join(f"{c} {series.mark(i).text if series.mark(i) else ctx.resolver.quantity(v, measure)}"
                           for i, (c, v) in enumerate(zip(chart.categories, series.values)))
        parts.append(f"{series.name}: {values}" if len(chart.series) > 1 else values)
    return f"{title}. {'; '.join(parts)}."
