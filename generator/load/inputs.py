"""Load a year's inputs (and earlier years' figures) into typed classes, listing every mistake."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.load.problems import InputErrors, Problem
from generator.load.yamlsrc import YamlError, read_yaml
from generator.model.inputs import ReportInfo, Section
from generator.model.report import REPORT_FILE, Report, Source

MAX_FILE_BYTES = 2 * 1024 * 1024

_PLAIN = {
    "missing": "is missing",
    "extra_forbidden": "is not a known field: check its spelling",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_parsing": "should be a number",
    "string_type": "should be text",
    "list_type": "should be a list (lines starting with '-')",
    "dict_type": "should be a group of named fields",
    "model_type": "should be a group of named fields",
    "date_from_datetime_parsing": "should be a date like 11.02.2021",
    "date_parsing": "should be a date like 11.02.2021",
    "date_type": "should be a date like 11.02.2021",
    "literal_error": "should be one of: {expected}",
    "bool_parsing": "should be yes or no",
}


def shown_path(path: Path) -> str:
    """A path as the user knows it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read(path: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[BaseModel | None, Source]:
    source = Source(shown_path(path), path)
    if not path.is_file():
        problems.append(Problem(source.shown, None, "", "the file is missing"))
        return None, source
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(source.shown, None, "", f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; is it the right file?"))
        return None, source
    try:
        data, source.lines = read_yaml(path)
    except YamlError as exc:
        problems.append(Problem(source.shown, exc.line, exc.field, exc.message))
        return None, source
    if data is None:
        problems.append(Problem(source.shown, None, "", "the file is empty"))
        return None, source
    if not isinstance(data, dict):
        problems.append(Problem(source.shown, 1, "", "the file should be a list of named fields (name: value)"))
        return None, source
    try:
        return model.model_validate(data), source
    except ValidationError as exc:
        problems.extend(_plain_errors(exc, source))
        return None, source


def _plain_errors(exc: ValidationError, source: Source) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_type_tag(p))
        field = ".".join(str(p) for p in loc)
        if err["type"] in _PLAIN:
            message = _PLAIN[err["type"]].format(**(err.get("ctx") or {}))
        else:
            message = err["msg"].removeprefix("Value error, ")
        out.append(Problem(source.shown, source.line(loc), field, message))
    return _dedupe(out)


def _is_type_tag(part: object) -> bool:
    """Pydantic puts the tried type of a union into the location ('int', 'function-after[…]')."""
    return isinstance(part, str) and (part in {"int", "float", "str", "bool", "none"} or "[" in part)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.line, p.field) not in seen:
            seen.add((p.line, p.field))
            out.append(p)
    return out


def load_report(inputs_root: Path, year: int) -> Report:
    """Read inputs/<year>/ and the figures of earlier years; raise InputErrors listing every mistake."""
    problems: list[Problem] = []
    year_dir = inputs_root / str(year)
    if not year_dir.is_dir():
        raise InputErrors([Problem(shown_path(year_dir), None, "", f"there are no inputs for {year}: the folder is missing")])
    info, info_source = _read(year_dir / f"{REPORT_FILE}.yaml", ReportInfo, problems)
    sources = {(year, REPORT_FILE): info_source}
    sections: dict[str, Section] = {}
    if info is not None:
        if info.year != year:
            problems.append(Problem(info_source.shown, info_source.line(("year",)), "year",
                                    f"says {info.year}, but the folder is for {year}"))
        for key in info.sections:
            section, sources[(year, key)] = _read(year_dir / f"{key}.yaml", Section, problems)
            if section is not None:
                sections[key] = section
    history = _load_history(inputs_root, year, sources, problems)
    photos = _find_photos(year_dir, sections, sources, year, problems)
    if problems:
        raise InputErrors(problems)
    return Report(info=info, sections=sections, history=history, sources=sources, year_dir=year_dir,
                  photos=photos)


def _find_photos(year_dir: Path, sections: dict[str, Section], sources: dict, year: int,
                 problems: list[Problem]) -> dict[str, Path | None]:
    """Each photo named in the inputs: its file inside the year's folder, or None if not there yet."""
    photos: dict[str, Path | None] = {}
    root = year_dir.resolve()
    for key, section in sections.items():
        for i, entry in enumerate(section.content):
            if entry.photo is None:
                continue
            name = entry.photo.file
            where = sources[(year, key)]
            field = f"content.{i}.photo.file"
            target = (year_dir / name).resolve()
            if Path(name).is_absolute() or not target.is_relative_to(root):
                problems.append(Problem(where.shown, where.line(("content", i, "photo", "file")), field,
                                        f"'{name}' is outside the inputs folder; put the photo in {shown_path(year_dir)}/photos/"))
                continue
            photos[name] = target if target.is_file() else None
    return photos


def _load_history(inputs_root: Path, year: int, sources: dict, problems: list[Problem]) -> dict[int, dict[str, Section]]:
    """Earlier years' files (often only figures), by year and file name."""
    history: dict[int, dict[str, Section]] = {}
    for folder in sorted(inputs_root.iterdir()):
        if not (folder.is_dir() and folder.name.isdigit() and int(folder.name) < year):
            continue
        past = int(folder.name)
        history[past] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.stem == REPORT_FILE:
                continue
            section, sources[(past, path.stem)] = _read(path, Section, problems)
            if section is not None:
                history[past][path.stem] = section
    return history
