"""Diagrams of a figure by year: the chart spec, its title and alt text; drawing comes later."""
from __future__ import annotations

from generator.doc.model import ChartSeries, ChartSpec, Diagram
from generator.model.inputs import YearDiagram
from generator.sections.context import Context
from generator.sections.refs import Gap, MissingHistory, RefError


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
    alt = ctx.text(spec.alt, key, (*path, "alt")) if spec.alt else _alt(title, chart, ctx)
    return Diagram(title=title, chart=chart, alt=alt, source=ctx.source(key, path))


def _value(ctx: Context, key: str, names: list[str], year: int):
    """A figure's value for a bar; a missing earlier year is noted and drawn as no bar."""
    try:
        value = ctx.resolver.value(key, names, year)
    except MissingHistory as exc:
        ctx.resolver.no_data.setdefault(Gap(key, tuple(names), year), str(exc))
        return None
    if value is None and year == ctx.report.year:
        ctx.resolver.unfilled.setdefault(Gap(key, tuple(names), year))
    return value


def _totals(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    values = [_value(ctx, key, names, y) for y in years]
    label = ctx.resolver.figure(key, names, ctx.report.year).label
    return ChartSpec(kind=spec.kind, categories=[ctx.year_label(y) for y in years],
                     series=[ChartSeries(label, values)], value_label=label)


def _by_parts(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    leaves = ctx.resolver.figure(key, names, ctx.report.year).leaves()
    series = []
    for year in years:
        values = [_value(ctx, key, [*names, leaf.id], year) if leaf.id else None for leaf in leaves]
        series.append(ChartSeries(ctx.year_label(year), values))
    return ChartSpec(kind=spec.kind, categories=[leaf.label for leaf in leaves], series=series)


def _alt(title: str, chart: ChartSpec, ctx: Context) -> str:
    """A text alternative listing every value, for readers who cannot see the chart."""
    parts = []
    for series in chart.series:
        values = ", ".join(f"{c} {ctx.resolver.number(v)}" for c, v in zip(chart.categories, series.values))
        parts.append(f"{series.name}: {values}" if len(chart.series) > 1 else values)
    return f"{title}. {'; '.join(parts)}."
