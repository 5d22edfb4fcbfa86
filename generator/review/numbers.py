"""Numbers `review --apply` writes: a figure's or a table cell's, a reference followed to the figure
it names; one field edited to two numbers gets none and is listed; a chart's edit only while its
figure is as the chart was made."""
from __future__ import annotations

from typing import TYPE_CHECKING

from generator import fmt
from generator.doc.provenance import Field
from generator.model.inputs import REF
from generator.model.refs import RefError, Scope
from generator.review import Change, Kind, place_of
from generator.review.yamlfile import node, walk
from generator.sections.context import Context

if TYPE_CHECKING:
    from generator.review.plan import Plan


def set_number(source: Field, value, change: Change, ctx: Context, out: Plan, depth: int = 0) -> str:
    """Queue a number for a figure (``value:`` of its mapping, or the figure itself when it is a
    bare number) or a table's cell; a field holding a reference passes it to the figure named."""
    data, path = node(source, ctx, out)
    if data is None:
        return "no such field in the inputs"
    parent, last = walk(data, path)
    holder, key = (parent[last], "value") if hasattr(parent[last], "keys") else (parent, last)
    held = holder.get(key) if hasattr(holder, "get") else holder[key]
    if isinstance(held, str) and REF.match(held.strip()) and depth < 8:
        target = named(held, source, ctx)
        return set_number(target, value, change, ctx, out, depth + 1) if target else \
            "the figure is given by a reference that names no figure: change the figure it refers to"
    if isinstance(held, str) or isinstance(held, bool):
        return "the field is not a number in the inputs: change it by hand"
    out.numbers.setdefault(source, []).append((change, value, holder, key))
    return ""


def named(ref: str, source: Field, ctx: Context) -> Field | None:
    """The figure a reference ``{x}`` written in the field ``source`` names."""
    try:
        return ctx.resolver.ref_source(ref, Scope(source.key, source.year_or(ctx.report.year)))
    except RefError:
        return None


def settle(out: Plan, ctx: Context) -> None:
    """Write each field's number; a field edited to different numbers in different places gets
    none, and each of its edits is listed with the others."""
    for source, writes in out.numbers.items():
        values = {repr(value) for _, value, _, _ in writes}
        if len(values) == 1:
            _, value, holder, key = writes[0]
            holder[key] = value
            continue
        for change, value, _, _ in writes:
            others = "; ".join(f"{_shown(v)} in {_where(c, ctx)}" for c, v, _, _ in writes if c is not change)
            out.unmapped.append((change, f"{place_of(ctx.report, source)} is edited to {_shown(value)} in "
                                         f"{_where(change, ctx)} but to {others}: nothing is written for it; "
                                         "choose one and type it in the inputs"))


def _where(change: Change, ctx: Context) -> str:
    """Where a reviewer edited a number: a piece of the text or a table, or a chart's data."""
    piece = change.piece
    return f"the piece of {place_of(ctx.report, piece.source)}" if piece and piece.source else "a chart's data"


def _shown(value) -> str:
    return fmt.number(value)


def stale_point(change: Change, ctx: Context) -> str:
    """Why a chart's edit cannot go in: its figure is no longer the value the chart was made with."""
    if change.kind != Kind.FIGURE or (change.piece and change.piece.source) or not isinstance(change.source, Field):
        return ""               # a value the generator adds to a chart has no input to be stale against
    now = current_value(change.source, ctx)
    try:
        written = float(change.old)
    except ValueError:
        return ""
    if now is None or float(now) != written:
        return ("the inputs have changed here since this DOCX was made (or its changes were applied "
                "already): review a DOCX built from the inputs as they are")
    return ""


def current_value(source: Field, ctx: Context):
    """The number a figure's or cell's source stands for in the inputs now (references followed)."""
    key, path, year = source.key, source.path, source.year_or(ctx.report.year)
    if path[:1] == ("figures",):
        names = [p for p in path[1:] if p != "parts"]
        try:
            section = ctx.report.section_in(year, key)
            return ctx.resolver.value(key, _ids(section, names), year)
        except (RefError, KeyError, IndexError, AttributeError, TypeError):
            return None
    section = ctx.report.section_in(year, key)
    try:
        cell = section.tables[path[1]].rows[path[3]][path[4]]
    except (KeyError, IndexError, AttributeError, TypeError):
        return None
    return cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def _ids(section, names: list) -> list[str]:
    """A figure's names with its parts' indexes as their ids."""
    figure, out = section.figures[names[0]], [names[0]]
    for index in names[1:]:
        figure = figure.parts[index]
        out.append(figure.id)
    return out
