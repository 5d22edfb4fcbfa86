"""`generate-report new YEAR`: next year's inputs made from the latest year, figures emptied to fill.

The files are edited as a round trip (ruamel.yaml): their comments, key order, quoting and
one-line (flow) parts stay as the secretary wrote them; only the emptied values change.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from generator.fmt import whole_number
from generator.load.problems import shown_path
from generator.load.problems import InputErrors, Problem
from generator.load.yamlsrc import YamlError, read_yaml
from generator.model.report import REPORT_FILE

TO_FILL = "# to fill"
#: A line that shows an emptied value (block ``key: null``, flow ``{value: null, …}``, ``items: []``),
#: with the comment it may have.
_EMPTY_LINE = re.compile(r"^(?P<line>[^#\n]*:\s(?:null|\[\])(?:[,}\]][^#\n]*?)?)(?:(?P<gap>\s+)# (?P<comment>.*))?$", re.M)
SCHEMA_LINE = "# yaml-language-server"


def new_year(inputs_root: Path, year: int) -> list[Path]:
    """Create inputs/<year>/ from the latest earlier year; never touch an existing folder."""
    target = inputs_root / str(year)
    if target.exists():
        raise InputErrors([Problem(shown_path(target), None, "", "already exists: nothing was changed "
                                   "(move it aside first if you want to start again)")])
    source = latest_year(inputs_root, year)
    files = sorted(source.glob("*.yaml"))
    made = {path.name: _next_year_text(path, source.name, year) for path in files}
    target.mkdir(parents=True)
    for name, text in made.items():
        (target / name).write_text(text, encoding="utf-8")
    from generator.load.translations import carry_forward
    return [*(target / name for name in made), *carry_forward(source, target)]


def latest_year(inputs_root: Path, year: int) -> Path:
    """The newest year folder before ``year`` that holds a whole report (report.yaml)."""
    found = ((whole_number(p.name), p) for p in inputs_root.glob("[0-9]*"))
    years = sorted((number, p) for number, p in found
                   if number is not None and number < year and (p / f"{REPORT_FILE}.yaml").is_file())
    if not years:
        raise InputErrors([Problem(shown_path(inputs_root), None, "",
                                   f"there is no earlier year with a report.yaml to start {year} from")])
    return years[-1][1]


def _next_year_text(path: Path, old_year: str, year: int) -> str:
    """The file's text for the new year: read safely first (a mistake is reported with its line),
    then edited as a round trip so that everything but the emptied values stays as written."""
    try:
        read_yaml(path)
    except YamlError as exc:
        raise InputErrors([Problem(shown_path(path), exc.line, exc.field, exc.message)]) from None
    yaml = _round_trip()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data = _next_report(data, year) if path.stem == REPORT_FILE else _emptied(data)
    out = io.StringIO()
    yaml.dump(data, out)
    body = out.getvalue()
    if path.stem != REPORT_FILE:
        body = _EMPTY_LINE.sub(_mark_to_fill, body)
    note = (f"# Made from the {old_year} inputs by `generate-report new {year}`. Lines marked '{TO_FILL}' wait for "
            f"the {year} figures;\n# `generate-report check {year}` lists them. The text is last year's: read it again.")
    lines = body.splitlines()
    at = 1 if lines and lines[0].startswith(SCHEMA_LINE) else 0
    return "\n".join([*lines[:at], note, *lines[at:]]) + "\n"


def _mark_to_fill(match: re.Match) -> str:
    """'key: null' → 'key: null  # to fill'; a comment of its own stays after the mark."""
    if match.group("comment") is None:
        return f"{match.group('line').rstrip()}  {TO_FILL}"
    return f"{match.group('line')}{match.group('gap')}{TO_FILL}; {match.group('comment')}"


def _round_trip() -> YAML:
    """A YAML reader and writer that keeps comments, order, quotes and flow style; writes ``null``."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096                       # long lines stay as typed, not re-wrapped
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def _next_report(data: dict, year: int) -> dict:
    """report.yaml for the new year: its year, and not approved yet."""
    data["year"] = year
    if "approved" in data:
        data["approved"] = None
    return data


def _emptied(data: dict) -> dict:
    """Every figure's number and every list's items removed; references, labels and text kept."""
    figures = data.get("figures")
    if figures is not None:
        for key in list(figures):
            figures[key] = _empty_figure(figures[key])
        if not figures:
            del data["figures"]
    for item_list in (data.get("lists") or {}).values():
        item_list["items"] = CommentedSeq()
    for comparison in (data.get("comparisons") or {}).values():
        comparison.pop("says", None)
    return data


def _empty_figure(figure):
    """A figure with its number (and its parts' numbers) emptied, in place; a reference kept."""
    if isinstance(figure, dict):
        if not _is_reference(figure.get("value")) and ("value" in figure or not figure.get("parts")):
            figure["value"] = None
        for i, part in enumerate(figure.get("parts") or []):
            figure["parts"][i] = _empty_figure(part)
        return figure
    return figure if _is_reference(figure) else None


def _is_reference(value) -> bool:
    return isinstance(value, str) and value.strip().startswith("{")
