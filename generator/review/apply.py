"""`review --apply`: the reviewers' edits written into the input files, every file or none.

Each change goes to the field its source names: a figure's value, a text (its references kept
where their values print unchanged, an edited figure to the figure), a list item or content
paragraph changed, inserted or deleted, a footnote's text into its ``^[…]``. A number goes in
only where every place that edits its field agrees (``review.numbers``). What maps to no field
is listed, never guessed. The files are edited round trip (``review.yamlfile``), so their
comments, order and quoting stay.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Callable

from ruamel.yaml.comments import CommentedMap

from generator.doc.inline import has_footnote
from generator.doc.model import plain_text
from generator.doc.provenance import Field, Made, What
from generator.load.problems import InputErrors
from generator.fmt.read import money_word, read_quantity
from generator.model.inputs import REF
from generator.review import Change, Kind
from generator.review.diff import rebuild, tokens_of
from generator.review.figures import figure_unit
from generator.review.items import new_item, with_note
from generator.review.refusals import refusals
from generator.review.plan import Move, Plan
from generator.review.numbers import current_value, named, set_number, settle, stale_point
from generator.review.yamlfile import dump, node, round_trip, styled, walk
from generator.sections.context import Context
from generator.sections.lists import item_locals
from generator.writers.docx.writer import source_pieces

SEQUENCES = ("items", "content")      # lists whose entries a reviewer may insert and delete
__all__ = ["Plan", "current_value", "diff", "plan", "round_trip", "write"]


def plan(changes: list[Change], ready) -> Plan:
    """The edits of ``changes`` on the inputs ``ready`` (a pipeline.Prepared) was built from."""
    out = Plan(removed={c.source for c in changes if c.kind == Kind.REMOVED and not c.doubt})
    ctx = Context(ready.report, ready.profile)
    current = {(e.source, e.text) for e in source_pieces(ready.doc, ready.profile)}
    for change in changes:
        why = change.doubt or _stale(change, current) or stale_point(change, ctx) or _apply(change, ctx, out)
        if why:
            out.unmapped.append((change, why))
    settle(out, ctx)
    _move(out)
    return out


def diff(planned: Plan) -> str:
    """A unified diff of every input file the plan changes."""
    parts = []
    for path, (before, data) in planned.files.items():
        after = dump(data)
        shown = planned.shown[path]
        parts.extend(difflib.unified_diff(before.splitlines(True), after.splitlines(True), shown, shown))
    return "".join(parts)


def write(planned: Plan, ready, build: Callable[[Path], object]) -> list[str]:
    """Write every changed file, or none: all go to temporary files first, then replace the inputs.
    Raises InputErrors, writing nothing, when ``build`` (a build's loading and checks of an inputs
    folder, raising InputErrors) refuses the files as they would be (``refusals``)."""
    afters = {path: (before, dump(data)) for path, (before, data) in planned.files.items()}
    changed = {path: texts for path, texts in afters.items() if texts[1] != texts[0]}
    refused = refusals(changed, ready, build)
    if refused:
        raise InputErrors(refused)
    temps = []
    try:
        for path, (_, after) in changed.items():
            temp = path.with_name(f".{path.name}.review-tmp")
            temp.write_text(after, encoding="utf-8", newline="")
            temps.append((temp, path))
    except OSError:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in temps:
        os.replace(temp, path)
    return [planned.shown[path] for _, path in temps]


# --- one change ---------------------------------------------------------------------------------

def _stale(change: Change, current: set[tuple]) -> str:
    """Why a change cannot go in: the inputs no longer make the piece it was made on (or, for a
    paragraph added, the piece after it) as the DOCX has it — edited since, or applied already."""
    pieces = [p for p in (change.piece, change.following if change.kind == Kind.ADDED else None) if p and p.source]
    if any((piece.source, piece.text) not in current for piece in pieces):
        return ("the inputs have changed here since this DOCX was made (or its changes were applied "
                "already): review a DOCX built from the inputs as they are")
    return ""


def _apply(change: Change, ctx: Context, out: Plan) -> str:
    """Put one change into the plan; the reason it cannot be, or ""."""
    if change.kind == Kind.CONTENTS:
        return "the contents are made from the headings: change the heading itself"
    if _is_note(change.source) and change.kind in (Kind.CHANGED, Kind.RETYPED):
        return _tracked(change) or _set_note(change, ctx, out)
    if isinstance(change.source, Made):
        return "the generator makes this piece itself: change the inputs or the profile by hand"
    if change.kind == Kind.FIGURE:
        return change.read.why or set_number(change.source, change.read.value, change, ctx, out)
    if change.kind == Kind.ADDED:
        return _insert(change, ctx, out)
    if change.kind == Kind.REMOVED:
        return _delete(change, ctx, out)
    return _tracked(change) or _set_text(change, ctx, out)


def _is_note(source) -> bool:
    """Whether a piece is a footnote's text, made from the ``^[…]`` of the field beside it."""
    return isinstance(source, Made) and source.what == What.FOOTNOTE and source.near is not None


def _tracked(change: Change) -> str:
    return "it has tracked changes: accept or reject them in Word or LibreOffice first" \
        if change.rejected != change.new else ""


def _set_text(change: Change, ctx: Context, out: Plan) -> str:
    data, path = node(change.source, ctx, out)
    if data is None:
        return "no such field in the inputs"
    parent, last = walk(data, path)
    template = parent[last]
    if _is_number(template) or _is_ref(template) and path[0] == "tables":
        return _set_cell_number(change, template, ctx, out)
    if not isinstance(template, str):
        return "the field is neither a text nor a number"
    if has_footnote(template):
        return ("the text holds a footnote (^[…]), whose place review cannot tell from the DOCX: "
                "copy the change into the text by hand, keeping the footnote")
    tokens = tokens_of(template, reference_printer(change.source, ctx))
    made = rebuild(tokens, change.old, figures_restored(change))
    if made.refused:
        return made.refused
    parent[last] = styled(template, made.template)
    return ""


def _set_cell_number(change: Change, template, ctx: Context, out: Plan) -> str:
    """A number field's (or a table cell's reference's) new number, read in its unit."""
    unit = figure_unit(ctx.report, named(template, change.source, ctx) if _is_ref(template) else change.source)
    read = read_quantity(change.new, unit, money_word(ctx.profile.terms.money))
    return read.why or set_number(change.source, read.value, change, ctx, out)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_ref(value) -> bool:
    return isinstance(value, str) and bool(REF.match(value.strip()))


def figures_restored(change: Change) -> list[tuple[str, bool, bool]]:
    """The reviewer's runs with each edited figure's token put back as it was printed: its edit
    is the figure's own change, and the text keeps the reference."""
    chars = [(c, b, i) for text, b, i in change.runs for c in text]
    for edit in sorted(change.figures, key=lambda e: e.at[0], reverse=True):
        s, e = edit.at
        style = chars[s][1:] if s < len(chars) else (chars[-1][1:] if chars else (False, False))
        chars[s:e] = [(c, *style) for c in edit.old]
    return [(c, b, i) for c, b, i in chars]


def reference_printer(source: Field, ctx: Context):
    """A reference's (printed value, figure) where the field ``source`` stands."""
    key, path = source.key, source.path
    local = _locals(key, path, ctx)

    def printed(ref: str) -> tuple[str, Field | None]:
        spans = ctx.inlines(ref, key, path, local)
        figures = [s for s in _texts(spans) if s.source]
        return plain_text(spans), figures[0].source if len(figures) == 1 else None
    return printed


def _texts(spans):
    for span in spans:
        if hasattr(span, "children"):
            yield from _texts(span.children)
        else:
            yield span


def _locals(key: str, path: tuple, ctx: Context) -> dict[str, str]:
    """A list item's own values ({date}, {period}), for a field inside a (nested) list item."""
    if len(path) < 4 or path[0] != "lists" or path[1] not in ctx.report.sections[key].lists:
        return {}
    item, steps = ctx.report.sections[key].lists[path[1]], list(path[2:])
    while len(steps) >= 2 and steps[0] == "items" and isinstance(steps[1], int):
        items = getattr(item, "items", None) or []
        if steps[1] >= len(items):
            return {}
        item, steps = items[steps[1]], steps[2:]
    return item_locals(item, ctx) if item is not ctx.report.sections[key].lists[path[1]] else {}


def _insert(change: Change, ctx: Context, out: Plan) -> str:
    """A paragraph added after a list item or content entry becomes the next one; a list item's
    trailing date in brackets, «… (15.12.2021).», becomes its ``date:``."""
    where = _in_sequence(change.source, ctx)
    if where is None:
        return "no list or text of the inputs follows the paragraph it was added after: add it by hand"
    sequence, at = where
    text = rebuild([], "", change.runs).template
    item = new_item(text) if sequence.name == "items" else {"text": text}
    item["text"] = styled(None, item["text"])
    return _queue(sequence, at + 1, item, ctx, out)


def _set_note(change: Change, ctx: Context, out: Plan) -> str:
    """A footnote's new text into the ``^[…]`` of the field's text that printed it."""
    data, path = node(change.source.near, ctx, out)
    if data is None:
        return "no such field in the inputs"
    parent, last = walk(data, path)
    template = parent[last]
    if not isinstance(template, str):
        return "the field is not a text"
    printer = reference_printer(change.source.near, ctx)

    def printed(inner: str) -> str:
        return "".join(t.printed if t.kind == "ref" else t.text.replace("*", "") for t in tokens_of(inner, printer))

    def rewrite(inner: str) -> tuple[str, str]:
        made = rebuild(tokens_of(inner, printer), change.old, change.runs)
        return made.template, made.refused
    made, why = with_note(template, change.old, printed, rewrite)
    if made is not None:
        parent[last] = styled(template, made)
    return why


def _delete(change: Change, ctx: Context, out: Plan) -> str:
    where = _in_sequence(change.source, ctx)
    if where is None or change.source.name != "text":
        return "a piece the inputs need (a heading, a caption, a table's cell): it cannot be deleted by review"
    if _enclosing_item(change.source) in out.removed:
        return ""                       # deleted with the item it is in
    kept = [s for s in _sub_items(change.source, ctx, out) if s not in out.removed]
    if kept:
        return (f"its {len(kept)} sub-items are still in the DOCX: delete them too, or move them into "
                "another item by hand")
    return _queue(where[0], where[1], None, ctx, out)


def _enclosing_item(source: Field) -> Field | None:
    """The text of the list item a sub-item's text is in (``…items.0.items.1.text`` → ``…items.0.text``)."""
    path = source.path
    if len(path) >= 5 and path[-3] == "items" and path[-5] == "items":
        return source.parent.parent.parent.child("text")
    return None


def _sub_items(source: Field, ctx: Context, out: Plan) -> list[Field]:
    """The texts of a list item's sub-items (none for a content entry or an item without any)."""
    data, path = node(source.parent, ctx, out)
    if data is None or source.path[-3:-2] != ("items",):
        return []
    parent, last = walk(data, path)
    items = parent[last].get("items") if hasattr(parent[last], "get") else None
    return [source.parent.child("items", k, "text") for k in range(len(items or []))]


def _in_sequence(source, ctx: Context) -> tuple[Field, int] | None:
    """(the sequence, the index) of a list item's or content entry's text; a heading stands
    before content entry 0."""
    if not isinstance(source, Field):
        return None
    path = source.path
    if path == ("heading",):
        return source.parent.child("content"), -1
    if len(path) >= 3 and path[-1] == "text" and isinstance(path[-2], int) and path[-3] in SEQUENCES:
        return source.parent.parent, path[-2]
    return None


def _queue(sequence: Field, at: int, item, ctx: Context, out: Plan) -> str:
    data, path = node(sequence, ctx, out)
    if data is None:
        return "no such field in the inputs"
    moves = out.moves.setdefault((id(data), path), [])
    moves.append(Move(at, len(moves), item, data))
    return ""


def _neighbours_form(seq) -> str:
    """How a sequence's entries are written: 'bare' texts, 'flow' one-line groups, or 'block';
    looked at once per sequence, before its insertions (each written the same way keeps it so)."""
    if seq and all(isinstance(entry, str) for entry in seq):
        return "bare"
    if seq and all(getattr(entry, "fa", None) is not None and entry.fa.flow_style() for entry in seq):
        return "flow"
    return "block"


def _like_neighbours(form: str, item: dict):
    """A new entry written as its neighbours are: ``{text: …}`` in a list of one-line entries."""
    if form == "bare" and list(item) == ["text"]:
        return item["text"]                       # sub-items written as bare texts
    made = CommentedMap(item)
    if form == "flow":
        made.fa.set_flow_style()
    return made


def _move(out: Plan) -> None:
    """Insertions and deletions, from the end of each sequence back, so indexes stay right; items
    deleted at an index before items are inserted there, items inserted at one place in their
    order; a sub-list's before the list it is in (whose moves shift the sub-list's path)."""
    for (_, path), moves in sorted(out.moves.items(), key=lambda entry: -len(entry[0][1])):
        parent, last = walk(moves[0].data, path)
        seq = parent[last]
        form = _neighbours_form(seq)
        for move in sorted(moves, key=lambda m: m.key, reverse=True):
            if move.item is None:
                del seq[move.at]
            else:
                seq.insert(move.at, _like_neighbours(form, move.item))
