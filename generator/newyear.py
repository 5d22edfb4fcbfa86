"""`generate-report new YEAR`: next year's inputs made from the latest year, figures emptied to fill."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.load.problems import shown_path
from generator.load.problems import InputErrors, Problem
from generator.load.yamlsrc import YamlError, read_yaml
from generator.model.report import REPORT_FILE

TO_FILL = "# to fill"
_NULL_LINE = re.compile(r"^(?P<line>\s*(?:- )?[\w$]+: (?:null|\[\]))$", re.M)


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
    return [target / name for name in made]


def latest_year(inputs_root: Path, year: int) -> Path:
    """The newest year folder before ``year`` that holds a whole report (report.yaml)."""
    years = sorted((int(p.name), p) for p in inputs_root.glob("[0-9]*")
                   if p.name.isdigit() and int(p.name) < year and (p / f"{REPORT_FILE}.yaml").is_file())
    if not years:
        raise InputErrors([Problem(shown_path(inputs_root), None, "",
                                   f"there is no earlier year with a report.yaml to start {year} from")])
    return years[-1][1]


def _next_year_text(path: Path, old_year: str, year: int) -> str:
    try:
        data, _ = read_yaml(path)
    except YamlError as exc:
        raise InputErrors([Problem(shown_path(path), exc.line, exc.field, exc.message)]) from None
    data = _next_report(data, year) if path.stem == REPORT_FILE else _emptied(data)
    head = [line for line in path.read_text(encoding="utf-8").splitlines()[:1] if line.startswith("# yaml-language-server")]
    note = (f"# Made from the {old_year} inputs by `generate-report new {year}`. Lines marked '{TO_FILL}' wait for "
            f"the {year} figures;\n# `generate-report check {year}` lists them. The text is last year's: read it again.")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    if path.stem != REPORT_FILE:
        body = _NULL_LINE.sub(lambda m: f"{m.group('line')}  {TO_FILL}", body)
    return "\n".join([*head, note, body])


def _next_report(data: dict, year: int) -> dict:
    data = dict(data)
    data["year"] = year
    if "approved" in data:
        data["approved"] = None
    return data


def _emptied(data: dict) -> dict:
    """Every figure's number and every list's items removed; references, labels and text kept."""
    data = dict(data)
    data["figures"] = {k: _empty_figure(v) for k, v in (data.get("figures") or {}).items()}
    if not data["figures"]:
        del data["figures"]
    if data.get("lists"):
        data["lists"] = {k: {**v, "items": []} for k, v in data["lists"].items()}
    if data.get("comparisons"):
        data["comparisons"] = {k: {f: x for f, x in v.items() if f != "says"} for k, v in data["comparisons"].items()}
    return data


def _empty_figure(figure):
    if isinstance(figure, dict):
        out = dict(figure)
        if not _is_reference(out.get("value")) and ("value" in out or not out.get("parts")):
            out["value"] = None
        if out.get("parts"):
            out["parts"] = [_empty_figure(p) for p in out["parts"]]
        return out
    return figure if _is_reference(figure) else None


def _is_reference(value) -> bool:
    return isinstance(value, str) and value.strip().startswith("{")
