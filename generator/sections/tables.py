"""Tables of a figure's parts by year, with the totals as the inputs state them."""
from __future__ import annotations

from generator.doc.model import Cell, Table, Text
from generator.doc.provenance import Field, Made, Provenance, What
from generator.model.inputs import YearTable
from generator.sections.context import Context
from generator.model.refs import MissingHistory, RefError


def build_table(name: str, spec: YearTable, key: str, ctx: Context) -> Table | None:
    """Rows are the figure's innermost parts, columns the years, the last row the stated totals."""
    path = ("tables", name)
    years = ctx.years(spec.years)
    names = spec.figure.split(".")
    try:
        current = ctx.resolver.figure(key, names, ctx.report.year)
    except RefError as exc:
        ctx.problem(key, (*path, "figure"), str(exc))
        return None
    rows = []
    for i, leaf in enumerate(current.leaves()):
        if not leaf.id:
            ctx.problem(key, ("figures", spec.figure), f"each part needs an id to be shown in table '{name}'")
            continue
        leaf_names = _leaf_names(names, current, leaf.id)
        values = [_cell(ctx, key, leaf_names, y) for y in years]
        label = Text(ctx.label(leaf.label, key, leaf_names),
                     ctx.resolver.figure_source(key, leaf_names, ctx.report.year).child("label"))
        number = Text(str(i + 1), Made(What.ROW_NUMBER, ctx.source(key, path)))
        rows.append(_row(spec, number, label, values, bold=False))
    totals = [_cell(ctx, key, names, y) for y in years]
    total = (Text(ctx.text(spec.total_label, key, (*path, "total_label")), ctx.source(key, (*path, "total_label")))
             if spec.total_label else Text(ctx.profile.terms.total, Made(What.TOTAL_WORD, ctx.source(key, path))))
    rows.append(_row(spec, Text(""), total, totals, bold=True))
    title = ctx.text(spec.title, key, (*path, "title"))
    return Table(title=title, header=_header(spec, years, ctx.source(key, path), ctx), body=rows, source=ctx.source(key, path),
                 title_source=ctx.source(key, (*path, "title")))


def _leaf_names(names: list[str], figure, leaf_id: str) -> list[str]:
    return [*names, leaf_id] if figure.parts else names


def _cell(ctx: Context, key: str, names: list[str], year: int) -> Text:
    """A value cell's text with the field of the figure it shows (a figure of the report's year
    not filled in yet is a gap); a broken reference is a problem."""
    try:
        shown = _shown(ctx, key, names, year)
        source = ctx.resolver.figure_source(key, names, year)
    except RefError as exc:
        ctx.problem(key, ("figures", names[0]), str(exc))
        return Text("")
    return Text(shown, source=source, gap=year == ctx.report.year and shown == ctx.resolver.marks.not_filled)


def _shown(ctx: Context, key: str, names: list[str], year: int) -> str:
    """A cell's text: the number, or the mark for a figure not filled or a year with no data."""
    if year != ctx.report.year and len(names) > 1:
        try:
            whole = ctx.resolver.figure(key, names[:1], year)
        except MissingHistory:
            whole = None
        if whole is not None and whole.part(names[-1]) is None:
            return ctx.resolver.number(None)      # that part was not counted that year: "-"
    return ctx.resolver.shown(key, names, year)


def _header(spec: YearTable, years: list[int], table: Field, ctx: Context) -> list[list[Cell]]:
    """The header rows; each cell carries the field it shows (a year's label: the pattern's)."""
    year_source = Made(What.YEAR_LABEL, ctx.source("report", ("year_label",)))
    year_cells = [_labelled(ctx.year_label(y), year_source) for y in years]
    def field(name: str) -> tuple[str, Field]:
        return ctx.text(getattr(spec, name), table.key, (*table.path, name)), table.child(name)
    lead = [field("row_numbers")] if spec.row_numbers else []
    leading = [*lead, field("label_header")]
    if spec.group_header:
        first = [_labelled(t, s, rowspan=2) for t, s in leading]
        first.append(_labelled(*field("group_header"), colspan=len(years)))
        return [first, year_cells]
    return [[*(_labelled(t, s) for t, s in leading), *year_cells]]


def _labelled(text: str, source: Provenance, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell([Text(text)], rowspan=rowspan, colspan=colspan, bold=True, source=source)


def _row(spec: YearTable, number: Text, label: Text, values: list[Text], bold: bool) -> list[Cell]:
    cells = [Cell([Text(number.text)], numeric=True, source=number.source)] if spec.row_numbers else []
    cells.append(Cell([Text(label.text)], bold=bold, source=label.source))
    cells.extend(Cell([value], numeric=True, bold=bold, source=value.source) for value in values)
    return cells
