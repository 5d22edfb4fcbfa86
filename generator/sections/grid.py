"""Free tables: their own columns; rows of text, numbers, dates and figures; a total row."""
from __future__ import annotations


from generator import fmt
from generator.doc.model import Cell, Inline, Table, Text
from generator.doc.provenance import Field, Made, What
from generator.model.inputs import REF, SUM, Column, FreeTable
from generator.sections.context import Context
from generator.model.refs import RefError, Resolver, Scope

#: Where a column's cells sit when the column does not say.
DEFAULT_ALIGN = {"text": "left", "number": "right", "percent": "right", "date": "center"}
Number = int | float


def build_free_table(name: str, spec: FreeTable, key: str, ctx: Context) -> Table:
    """The header rows (a group over its columns), one row per input row, then the total row."""
    path = ("tables", name)
    body = [_row(spec, i, row, key, (*path, "rows", i), ctx) for i, row in enumerate(spec.rows)]
    body = [row for row in body if row]
    if spec.total:
        body.append(_total_row(spec, key, (*path, "total"), ctx))
    title = ctx.text(spec.title, key, (*path, "title"))
    return Table(title=title, header=_header(spec, ctx.source(key, path), ctx), body=body, source=ctx.source(key, path),
                 title_source=ctx.source(key, (*path, "title")))


def column_numbers(spec: FreeTable, index: int, resolver: Resolver, scope: Scope) -> list[Number]:
    """The numbers of a column (figures followed), leaving out empty cells and text; RefError
    for a reference that cannot be followed."""
    values = [cell_number(row[index], resolver, scope) for row in spec.rows if index < len(row)]
    return [v for v in values if v is not None]


def cell_number(value: object, resolver: Resolver, scope: Scope) -> Number | None:
    """A cell's or a stated total's number: as written, or the figure a whole reference names."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and REF.match(value.strip()):
        return resolver.ref_value(value, scope)
    return None


def align(column: Column) -> str:
    return column.align or DEFAULT_ALIGN[column.type]


def _header(spec: FreeTable, table: Field, ctx: Context) -> list[list[Cell]]:
    """The header rows, references filled in; each cell carries the field it shows (``table``:
    the table's field)."""
    lead = [Column(header=spec.row_numbers)] if spec.row_numbers else []
    columns = [*lead, *spec.columns]
    fields = [table.child("row_numbers")] * len(lead) + [table.child("columns", i) for i in range(len(spec.columns))]
    shown = [f.child("header") if i >= len(lead) else f for i, f in enumerate(fields)]
    if not any(c.group for c in columns):
        return [[_head(ctx, c.header, s) for c, s in zip(columns, shown)]]
    first, second = [], []
    for i, column in enumerate(columns):
        source = shown[i]
        if not column.group:
            first.append(_head(ctx, column.header, source, rowspan=2))
            continue
        if i == 0 or columns[i - 1].group != column.group:
            span = next((j for j in range(i, len(columns)) if columns[j].group != column.group), len(columns)) - i
            first.append(_head(ctx, column.group, fields[i].child("group"), colspan=span))
        second.append(_head(ctx, column.header, source))
    return [first, second]


def _head(ctx: Context, text: str, source: Field, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell([Text(ctx.text(text, source.key, source.path))], rowspan=rowspan, colspan=colspan, bold=True,
                align="center", source=source)


def _row(spec: FreeTable, index: int, row: list, key: str, path: tuple, ctx: Context) -> list[Cell]:
    if len(row) != len(spec.columns):
        ctx.problem(key, path, f"has {len(row)} cells, but the table has {len(spec.columns)} columns: give one "
                               "value per column, in their order (null for an empty cell)")
        return []
    lead = [Cell([Text(str(index + 1))], numeric=True, align="center",
                  source=Made(What.ROW_NUMBER, ctx.source(key, path[:2])))] if spec.row_numbers else []
    return [*lead, *(_cell(column, value, key, (*path, j), ctx) for j, (column, value) in enumerate(zip(spec.columns, row)))]


def _cell(column: Column, value: object, key: str, path: tuple, ctx: Context, bold: bool = False) -> Cell:
    inlines = _inlines(column, value, key, path, ctx)
    return Cell(inlines, numeric=column.numeric, bold=bold, align=align(column), source=ctx.source(key, path))


def _inlines(column: Column, value: object, key: str, path: tuple, ctx: Context) -> list[Inline]:
    """A cell's text by its column's type; a value that does not fit the column is a problem."""
    if value is None:
        return [Text(ctx.resolver.number(None) if column.numeric else "")]
    if column.type == "date":
        return [Text(_date(value, key, path, ctx))]
    if isinstance(value, str):
        if column.numeric and not REF.match(value.strip()):
            ctx.problem(key, path, f"'{value[:40]}' is not a number: the column «{column.header}» is of "
                                   f"{column.type}s; write digits, or a reference like {{figure}}")
        return ctx.inlines(value, key, path)
    if not column.numeric:
        return [Text(str(value))]
    return [Text(_number(column, value, ctx))]


def _number(column: Column, value: Number, ctx: Context) -> str:
    locale = ctx.profile.numbers.locale
    if column.type == "percent":
        return fmt.percent(value, locale, column.places)
    return fmt.number(value, locale, column.places)


def _date(value: object, key: str, path: tuple, ctx: Context) -> str:
    try:
        return ctx.resolver.date(fmt.parse_date(str(value)))
    except ValueError:
        ctx.problem(key, path, f"'{str(value)[:40]}' is not a real date; write it as DD.MM.YYYY, e.g. 11.02.2021")
        return str(value)


def _total_row(spec: FreeTable, key: str, path: tuple, ctx: Context) -> list[Cell]:
    """The label under the first column with no total, each column's stated or added-up total."""
    total = spec.total
    label = ctx.text(total.label, key, (*path, "label")) if total.label else ctx.profile.terms.total
    label_at = next((i for i, c in enumerate(spec.columns) if c.id not in total.values), None)
    source = ctx.source(key, (*path, "label")) if total.label else Made(What.TOTAL_WORD, ctx.source(key, path))
    cells = [Cell([Text("" if label_at is not None else label)], bold=True,
                  source=None if label_at is not None else source)] if spec.row_numbers else []
    for i, column in enumerate(spec.columns):
        if i == label_at:
            cells.append(Cell([Text(label)], bold=True, source=source))
        elif column.id in total.values:
            cells.append(_total_cell(spec, i, total.values[column.id], key, (*path, "values", column.id), ctx))
        else:
            cells.append(Cell([Text("")], bold=True))
    return cells


def _total_cell(spec: FreeTable, index: int, stated: object, key: str, path: tuple, ctx: Context) -> Cell:
    column = spec.columns[index]
    if stated != SUM:
        return _cell(column, stated, key, path, ctx, bold=True)
    try:
        added = sum(column_numbers(spec, index, ctx.resolver, Scope(key, ctx.report.year)))
    except RefError as exc:
        ctx.problem(key, path, f"the total cannot be added up: {exc}")
        added = None
    return Cell([Text(_number(column, added, ctx) if added is not None else "")], numeric=column.numeric,
                bold=True, align=align(column), source=Made(What.TOTAL, ctx.source(key, path)))
