"""Diagrams of a figure by year: the chart spec, its title and alt text; drawing comes later."""
from __future__ import annotations

from generator.doc.model import ChartSeries, ChartSpec, Diagram
from generator.model.inputs import YearDiagram
from generator.sections.context import Context
from generator.sections.refs import RefError


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
    return Diagram(title=title, chart=chart, alt=alt, source=f"{key}.diagrams.{name}")


def _totals(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    values = [ctx.resolver.value(key, names, y) for y in years]
    label = ctx.resolver.figure(key, names, ctx.report.year).label
    return ChartSpec(kind=spec.kind, categories=[ctx.year_label(y) for y in years],
                     series=[ChartSeries(label, values)], value_label=label)


def _by_parts(spec: YearDiagram, key: str, years: list[int], ctx: Context) -> ChartSpec:
    names = spec.figure.split(".")
    leaves = ctx.resolver.figure(key, names, ctx.report.year).leaves()
    series = []
    for year in years:
        figure = ctx.resolver.figure(key, names, year)
        values = []
        for leaf in leaves:
            part = figure.part(leaf.id) if leaf.id else None
            values.append(ctx.resolver.figure_value(part, key, year) if part else None)
        series.append(ChartSeries(ctx.year_label(year), values))
    return ChartSpec(kind=spec.kind, categories=[leaf.label for leaf in leaves], series=series)


def _alt(title: str, chart: ChartSpec, ctx: Context) -> str:
    """A text alternative listing every value, for readers who cannot see the chart."""
    parts = []
    for series in chart.series:
        values = ", ".join(f"{c} {ctx.resolver.number(v)}" for c, v in zip(chart.categories, series.values))
        parts.append(f"{series.name}: {values}" if len(chart.series) > 1 else values)
    return f"{title}. {'; '.join(parts)}."
