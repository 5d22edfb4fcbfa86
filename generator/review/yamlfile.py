"""The input files as `review --apply` reads and writes them: round trip (ruamel.yaml), so their
comments, order and quoting stay; a field found by its path; a new text styled as the old one."""
from __future__ import annotations

from typing import TYPE_CHECKING

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, SingleQuotedScalarString,
)

from generator.doc.provenance import Field

if TYPE_CHECKING:
    from generator.review.plan import Plan
    from generator.sections.context import Context

FOLD_WIDTH = 96


def round_trip() -> YAML:
    """ruamel.yaml set up to write the inputs back as they are written: indents, quotes, nulls."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def node(source: Field, ctx: Context, out: Plan) -> tuple[object | None, tuple]:
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
            parent, last = walk(data, candidate)
        except (KeyError, IndexError, TypeError):
            continue
        if candidate == path or isinstance(parent[last], str):     # an item written as a bare text
            return data, candidate
    return None, path


def walk(data, path: tuple):
    """(the container, the last key) of a path; KeyError/IndexError if it is not there."""
    if not path:
        raise KeyError(path)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]]
    return node, path[-1]


def dump(data) -> str:
    buffer = io.StringIO()
    round_trip().dump(data, buffer)
    return buffer.getvalue()


def styled(old, text: str):
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
