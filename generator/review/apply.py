"""`review --apply`: the reviewers' edits written into the input files, every file or none.

Each change goes to the field its source names: a figure's value, a text (its references kept
where their values print unchanged, an edited figure to the figure), a list item or content
paragraph changed, inserted or deleted. What maps to no field is listed, never guessed. The
files are edited round trip (ruamel.yaml), so their comments, order and quoting stay.
"""
from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, SingleQuotedScalarString,
)

from generator.doc.inline import has_footnote
from generator.doc.model import plain_text
from generator.doc.provenance import Field, Made
from generator.load.problems import InputErrors, Problem, shown_path
from generator.review import Change, Kind, place_of
from generator.review.diff import is_figure, number_text, rebuild, tokens_of
from generator.sections.context import Context
from generator.sections.lists import item_locals
from generator.writers.docx.writer import source_pieces

SEQUENCES = ("items", "content")      # lists whose entries a reviewer may insert and delete
FOLD_WIDTH = 96


@dataclass(frozen=True)
class Move:
    """An entry inserted into (``item``) or deleted from (``item`` None) a sequence of a file's
    ``data``, at index ``at``; ``order``: its place among the moves queued for that sequence."""
    at: int
    order: int
    item: dict | None
    data: object = field(compare=False)

    @property
    def key(self) -> tuple[int, bool, int]:
        """Moves run from the end of a sequence back (indexes stay right): at one index, a deletion
        before insertions, insertions in their order."""
        return self.at, self.item is None, self.order


@dataclass
class Plan:
    """The input files as they will be, and the changes that map to no field, with why."""
    files: dict[Path, tuple[str, object]] = field(default_factory=dict)   # path → (text before, data)
    shown: dict[Path, str] = field(default_factory=dict)
    unmapped: list[tuple[Change, str]] = field(default_factory=list)
    moves: dict[tuple, list[Move]] = field(default_factory=dict)   # (id of the file's data, path) → its moves


def round_trip() -> YAML:
    """ruamel.yaml set up to write the inputs back as they are written: indents, quotes, nulls."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def plan(changes: list[Change], ready) -> Plan:
    """The edits of ``changes`` on the inputs ``ready`` (a pipeline.Prepared) was built from."""
    out = Plan()
    ctx = Context(ready.report, ready.profile)
    current = {(e.source, e.text) for e in source_pieces(ready.doc, ready.profile)}
    for change in changes:
        why = change.doubt or _stale(change, current) or _apply(change, ctx, out)
        if why:
            out.unmapped.append((change, why))
    _move(out)
    return out


def diff(planned: Plan) -> str:
    """A unified diff of every input file the plan changes."""
    parts = []
    for path, (before, data) in planned.files.items():
        after = _dump(data)
        shown = planned.shown[path]
        parts.extend(difflib.unified_diff(before.splitlines(True), after.splitlines(True), shown, shown))
    return "".join(parts)


def write(planned: Plan, ready, build: Callable[[Path], object]) -> list[str]:
    """Write every changed file, or none: all go to temporary files first, then replace the inputs.
    Raises InputErrors, writing nothing, when ``build`` (a build's loading and checks of an inputs
    folder, raising InputErrors) refuses the files as they would be (``refusals``)."""
    afters = {path: (before, _dump(data)) for path, (before, data) in planned.files.items()}
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


def refusals(changed: dict[Path, tuple[str, str]], ready, build: Callable[[Path], object]) -> list[Problem]:
    """What ``build`` refuses in the inputs with the ``changed`` files' texts (before, after) in
    place of theirs (none: the files may be written). The inputs are read from a twin folder beside
    them, of hard links (copies where links cannot be made) and the changed texts, so the files are
    read exactly as a build reads them."""
    if not changed:
        return []
    root = ready.report.year_dir.parent
    with tempfile.TemporaryDirectory(prefix=".review-check-", dir=root.parent) as folder:
        twin = Path(folder) / root.name
        _twin(root, twin, changed)
        try:
            build(twin)
        except InputErrors as exc:
            there, here = shown_path(twin), shown_path(root)
            return [replace(p, file=here + p.file.removeprefix(there)) for p in exc.problems]
    return []


def _twin(source: Path, target: Path, changed: dict[Path, tuple[str, str]]) -> None:
    """``target`` made a twin of the folder ``source``, with the ``changed`` files' new texts."""
    target.mkdir()
    inside = {parent for path in changed for parent in path.parents}
    for entry in source.iterdir():
        if entry in changed:
            (target / entry.name).write_text(changed[entry][1], encoding="utf-8", newline="")
        elif entry in inside and entry.is_dir() and not entry.is_symlink():
            _twin(entry, target / entry.name, changed)
        elif entry.is_symlink() or not entry.exists():
            continue                                    # read as a missing file: the build would not read it either
        elif entry.is_dir():
            shutil.copytree(entry, target / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target / entry.name)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
    if isinstance(change.source, Made):
        return "the generator makes this piece itself: change the inputs or the profile by hand"
    if change.kind == Kind.FIGURE:
        return _set_figure(change.source, change.new, ctx, out)
    if change.kind == Kind.ADDED:
        return _insert(change, ctx, out)
    if change.kind == Kind.REMOVED:
        return _delete(change, ctx, out)
    if change.rejected != change.new:
        return "it has tracked changes: accept or reject them in Word first"
    if is_figure(change.source):
        return _set_figure(change.source, change.new, ctx, out)
    return _set_text(change, ctx, out)


def _set_figure(source: Field, printed: str, ctx: Context, out: Plan) -> str:
    """A figure's value (``value:`` of its mapping, or the figure itself when it is a bare number)."""
    value = _number(printed)
    if value is None:
        return f"«{printed}» is not a number"
    data, path = _node(source, ctx, out)
    if data is None:
        return "no such field in the inputs"
    parent, last = _walk(data, path)
    holder, key = (parent[last], "value") if hasattr(parent[last], "keys") else (parent, last)
    if isinstance(holder.get(key) if hasattr(holder, "get") else holder[key], str):
        return "the figure is given by a reference: change the figure it refers to"
    holder[key] = value
    return ""


def _set_text(change: Change, ctx: Context, out: Plan) -> str:
    data, path = _node(change.source, ctx, out)
    if data is None:
        return "no such field in the inputs"
    parent, last = _walk(data, path)
    template = parent[last]
    if isinstance(template, (int, float)) and not isinstance(template, bool):
        value = _number(change.new)
        if value is None:
            return f"«{change.new}» is not a number"
        parent[last] = value
        return ""
    if not isinstance(template, str):
        return "the field is neither a text nor a number"
    if has_footnote(template):
        return ("the text holds a footnote (^[…]), whose place review cannot tell from the DOCX: "
                "copy the change into the text by hand, keeping the footnote")
    tokens = tokens_of(template, _printer(change.source, ctx))
    made = rebuild(tokens, change.old, change.runs)
    if made.refused:
        return made.refused
    for source, printed in made.figures or []:
        why = _set_figure(source, printed, ctx, out)
        if why:
            return f"{place_of(ctx.report, source)}: {why}"
    parent[last] = _styled(template, made.template)
    return ""


def _printer(source: Field, ctx: Context):
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
    """A paragraph added after a list item or content entry becomes the next one."""
    where = _in_sequence(change.source, ctx)
    if where is None:
        return "no list or text of the inputs follows the paragraph it was added after: add it by hand"
    sequence, at = where
    text = rebuild([], "", change.runs).template
    if sequence.name == "items":
        text = text.rstrip(" ;,")        # the generator closes each list item itself
    return _queue(sequence, at + 1, {"text": _styled(None, text)}, ctx, out)


def _delete(change: Change, ctx: Context, out: Plan) -> str:
    where = _in_sequence(change.source, ctx)
    if where is None or change.source.name != "text":
        return "a piece the inputs need (a heading, a caption, a table's cell): it cannot be deleted by review"
    return _queue(where[0], where[1], None, ctx, out)


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
    data, path = _node(sequence, ctx, out)
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
    if form == "bare":
        return item["text"]                       # sub-items written as bare texts
    made = CommentedMap(item)
    if form == "flow":
        made.fa.set_flow_style()
    return made


def _move(out: Plan) -> None:
    """Insertions and deletions, from the end of each sequence back, so indexes stay right; items
    deleted at an index before items are inserted there, items inserted at one place in their order."""
    for (_, path), moves in out.moves.items():
        parent, last = _walk(moves[0].data, path)
        seq = parent[last]
        form = _neighbours_form(seq)
        for move in sorted(moves, key=lambda m: m.key, reverse=True):
            if move.item is None:
                del seq[move.at]
            else:
                seq.insert(move.at, _like_neighbours(form, move.item))


# --- YAML ---------------------------------------------------------------------------------------

def _node(source: Field, ctx: Context, out: Plan) -> tuple[object | None, tuple]:
    """The round-trip data of the file a field is in (loaded once), and the field's path."""
    path = source.path
    found = ctx.report.sources.get((source.year_or(ctx.report.year), source.key))
    if found is None:
        return None, path
    file = Path(found.path)
    if file not in out.files:
        text = file.read_text(encoding="utf-8")
        out.files[file] = (text, round_trip().load(text))
        out.shown[file] = found.shown
    data = out.files[file][1]
    for candidate in (path, path[:-1] if path[-1:] == ("text",) else None):
        try:
            parent, last = _walk(data, candidate)
        except (KeyError, IndexError, TypeError):
            continue
        if candidate == path or isinstance(parent[last], str):     # an item written as a bare text
            return data, candidate
    return None, path


def _walk(data, path: tuple):
    """(the container, the last key) of a path; KeyError/IndexError if it is not there."""
    if not path:
        raise KeyError(path)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]]
    return node, path[-1]


def _dump(data) -> str:
    buffer = io.StringIO()
    round_trip().dump(data, buffer)
    return buffer.getvalue()


def _styled(old, text: str):
    """The new text in the old one's style: quoted as it was, a folded block folded again."""
    if isinstance(old, (FoldedScalarString, LiteralScalarString)) or old is None and len(text) > FOLD_WIDTH:
        folded = FoldedScalarString(text)
        folded.fold_pos = _folds(text)
        return folded
    for kind in (DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, kind):
            return kind(text)
    return DoubleQuotedScalarString(text) if _needs_quotes(text) else text


def _folds(text: str) -> list[int]:
    """Positions of the spaces where a folded block breaks its lines, none longer than FOLD_WIDTH."""
    folds, start, last = [], 0, -1
    for i, char in enumerate(text):
        if char == " " and text[i - 1:i] != " " and text[i + 1:i + 2] not in (" ", ""):
            if i - start > FOLD_WIDTH and last > start:
                folds.append(last)
                start = last + 1
            last = i
    return folds


def _needs_quotes(text: str) -> bool:
    return bool(re.match(r"[{\[*&!|>'\"%@`#-]|.*: |.*\s#", text))


def _number(printed: str) -> int | float | None:
    if not number_text(printed):
        return None
    digits = re.sub(r"[\s\u00a0\u202f]", "", printed).replace(",", ".")
    return float(digits) if "." in digits else int(digits)
