"""Load a year's inputs (and earlier years' figures) into typed classes, listing every mistake.

Every mistake becomes a ``Problem`` naming the file, the line and the field, and saying what to do;
nothing here raises anything else for a bad input. Limits far above any real report (the sizes
below and those of ``yamlsrc``) turn a wrong or hostile file into a plain message, not minutes of
work. Photos are checked too (``generator.load.photos``), so that the writers never meet a bad one.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.config import FILE_NAME
from generator.fmt import quoted
from generator.load.errors import plain_errors
from generator.load.forms import settle_forms
from generator.load.photos import find_photos, missing_photos
from generator.load.problems import InputErrors, Problem, shown_path
from generator.load.yamlsrc import YamlError, read_yaml
from generator.model.inputs import Figure, ReportInfo, Section
from generator.model.report import REPORT_FILE, Report, Source

MAX_FILE_BYTES = 2 * 1024 * 1024          # one input file (the largest real one: 11 KB)
MAX_YEAR_BYTES = 4 * 1024 * 1024          # one year's files together (2021: 50 KB; 4 MB ≈ 600 pages, a minute)
MAX_ROWS = 500                            # innermost parts of one figure: rows of its table

_YEAR_FOLDER = re.compile(r"^[0-9]{4}$")


def _read(path: Path, model: type[BaseModel], problems: list[Problem],
          listed_in: str | None = None) -> tuple[BaseModel | None, Source]:
    source = Source(shown_path(path), path)
    if not path.is_file():
        what = _not_a_file(path)
        hint = f": add it, or take '{path.stem}' off {listed_in}" if listed_in and not path.is_symlink() else ""
        problems.append(Problem(source.shown, None, "", what + hint))
        return None, source
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(Problem(source.shown, None, "", f"the file is {size / 1024 / 1024:.1f} MB; the limit is "
                                f"{MAX_FILE_BYTES // 1024 // 1024} MB, far above any real input (a few KB): "
                                "is it the right file?"))
        return None, source
    try:
        data, source.lines = read_yaml(path)
    except YamlError as exc:
        problems.append(Problem(source.shown, exc.line, exc.field, exc.message))
        return None, source
    except OSError as exc:
        problems.append(Problem(source.shown, None, "", f"the file cannot be read ({exc.strerror or exc})"))
        return None, source
    if data is None:
        problems.append(Problem(source.shown, None, "", "the file is empty: fill it in"
                                + (f", or take '{path.stem}' off {listed_in}" if listed_in else "")))
        return None, source
    if not isinstance(data, dict):
        problems.append(Problem(source.shown, 1, "", "the file should be a list of named fields (name: value), "
                                "one per line"))
        return None, source
    data, old_forms = settle_forms(data, model, source)
    problems.extend(old_forms)
    try:
        read = model.model_validate(data)
    except ValidationError as exc:      # an old form's own problem says it best
        flagged = {problem.line for problem in old_forms}
        problems.extend(p for p in plain_errors(exc, source, model) if p.line not in flagged)
        return None, source
    except RecursionError:
        problems.append(Problem(source.shown, None, "", "the file nests too deeply to be read: check the indentation"))
        return None, source
    return (None if old_forms else read), source


def _not_a_file(path: Path) -> str:
    """Why a path is no file to read: missing, a folder, or a symbolic link to no file (a loop, a device)."""
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (f"the file is a symbolic link to {target}, which is not a file that can be read (a loop of links, "
                "a device or a missing file): put the file itself here")
    return "the file is missing" if not path.is_dir() else "this is a folder, not a file"


def load_report(inputs_root: Path, year: int) -> Report:
    """Read inputs/<year>/ and the figures of earlier years; raise InputErrors listing every mistake."""
    problems: list[Problem] = []
    year_dir = inputs_root / str(year)
    if not inputs_root.is_dir():
        raise InputErrors([Problem(shown_path(inputs_root), None, "", "there is no inputs folder here: give the "
                                   "folder of the inputs with --inputs, or run in the project folder")])
    if not year_dir.is_dir():
        raise InputErrors([Problem(shown_path(year_dir), None, "", f"there are no inputs for {year}: the folder is "
                                   f"missing; start them from the latest year with `generate-report new {year}`")])
    info, info_source = _read(year_dir / f"{REPORT_FILE}.yaml", ReportInfo, problems)
    sources = {(year, REPORT_FILE): info_source}
    sections: dict[str, Section] = {}
    if info is not None:
        if info.year != year:
            problems.append(Problem(info_source.shown, info_source.line(("year",)), "year",
                                    f"says {quoted(info.year)}, but the folder is for {year}"))
        if not FILE_NAME.fullmatch(info.profile):
            problems.append(Problem(info_source.shown, info_source.line(("profile",)), "profile",
                                    f"'{quoted(info.profile)}' is not a layout profile's name: write the name of a "
                                    "file of templates/profiles/ without .yaml, e.g. default"))
        for group, i, key in _section_names(info, info_source, problems):
            listed = f"the {group} in {REPORT_FILE}.yaml (line {info_source.line((group, i))})"
            section, sources[(year, key)] = _read(year_dir / f"{key}.yaml", Section, problems, listed_in=listed)
            if section is not None:
                sections[key] = section
                _check_sizes(section, sources[(year, key)], problems)
        _check_total(year_dir, [year_dir / f"{key}.yaml" for key in sections], problems)
    history = _load_history(inputs_root, year, sources, problems)
    photos = find_photos(year_dir, sections, sources, year, problems)
    if problems:
        raise InputErrors(problems)
    return Report(info=info, sections=sections, history=history, sources=sources, year_dir=year_dir,
                  photos=photos)


def _check_total(year_dir: Path, paths: list[Path], problems: list[Problem]) -> None:
    total = sum(path.stat().st_size for path in paths)
    if total > MAX_YEAR_BYTES:
        problems.append(Problem(shown_path(year_dir), None, "", f"the section files add up to {total / 1024 / 1024:.1f} MB; "
                                f"the limit is {MAX_YEAR_BYTES // 1024 // 1024} MB, far above any real report (about "
                                "50 KB): check for text pasted many times"))


def _section_names(info: ReportInfo, source: Source, problems: list[Problem]) -> list[tuple[str, int, str]]:
    """The section and appendix files report.yaml lists (with their places), each a plain file name
    of this folder, once."""
    names: list[str] = []
    out: list[tuple[str, int, str]] = []
    for group in ("sections", "appendices"):
        for i, key in enumerate(getattr(info, group)):
            where, field = source.line((group, i)), f"{group}.{i}"
            if not FILE_NAME.fullmatch(key) or key == REPORT_FILE:
                problems.append(Problem(source.shown, where, field,
                                        f"'{quoted(key)}' is not a section file's name: write the name of a file of "
                                        "this folder without .yaml (letters, digits, - and _), e.g. summary"))
            elif key in names:
                problems.append(Problem(source.shown, where, field, f"'{key}' is listed twice: keep it once"))
            else:
                names.append(key)
                out.append((group, i, key))
    return out


def _check_sizes(section: Section, source: Source, problems: list[Problem]) -> None:
    """A figure with more innermost parts than any table could show (nested lists pass yamlsrc's limit),
    or two parts with one id (a reference or a table row would show the first one's number twice)."""
    for name, figure in section.figures.items():
        rows = _count_leaves(figure, MAX_ROWS + 1)
        if rows > MAX_ROWS:
            problems.append(Problem(source.shown, source.line(("figures", name)), f"figures.{name}",
                                    f"has more than {MAX_ROWS} parts in all; the limit is {MAX_ROWS} (the rows of "
                                    "its table), far above any real report: check the file"))
            continue
        seen: set[str] = set()
        for path, part in _parts_with_paths(figure, ("figures", name)):
            if part.id in seen:
                field = ".".join(map(str, (*path, "id")))
                problems.append(Problem(source.shown, source.line((*path, "id")), field,
                                        f"the id '{quoted(part.id)}' is given to two parts of figures.{name}: "
                                        "give each part its own id"))
            elif part.id:
                seen.add(part.id)


def _parts_with_paths(figure: Figure, path: tuple):
    """Every part of a figure at any depth, in file order, with its path in the file."""
    for i, part in enumerate(figure.parts):
        yield (*path, "parts", i), part
        yield from _parts_with_paths(part, (*path, "parts", i))


def _count_leaves(figure: Figure, stop: int) -> int:
    count, stack = 0, [figure]
    while stack and count < stop:
        current = stack.pop()
        if current.parts:
            stack.extend(current.parts)
        else:
            count += 1
    return count


def negative_counts(report: Report) -> list[Problem]:
    """Counts and sums of money below zero, in every year's files (a percent or a decimal may be
    negative): the one rule for negative figures, applied before any check runs."""
    found = []
    years = [(report.year, report.sections), *sorted(report.history.items())]
    for year, sections in years:
        for key, section in sections.items():
            for name, figure in section.figures.items():
                _negatives(report, key, year, figure, ("figures", name), f"figures.{name}", found)
    return found


def _negatives(report: Report, key: str, year: int, figure: Figure, path: tuple, field: str,
               found: list[Problem], outer: tuple = ("count", None)) -> None:
    value, measure = figure.value, figure.measure((), outer)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0 \
            and measure[0] in ("count", "money"):
        shown, line = report.where(key, path, year)
        found.append(Problem(shown, line, field, f"{quoted(value)} is less than zero: a {measure[0]} cannot be "
                             "negative; write the number without the minus sign, or check the figure"))
    for i, part in enumerate(figure.parts):
        _negatives(report, key, year, part, (*path, "parts", i), f"{field}.{part.id or i}", found, measure)


def broken_references(report: Report) -> list[Problem]:
    """Figures given as a reference ("{file.figure}") to a figure that does not exist, or round in a circle.

    An earlier year's reference to a figure that year's files lack is no mistake: the report shows
    its "no data" mark there.
    """
    from generator.model.refs import MissingHistory, RefError, Resolver
    resolver = Resolver(report, None)
    found: list[Problem] = []

    def visit(key: str, year: int, figure: Figure, path: tuple, field: str) -> None:
        if isinstance(figure.value, str):
            try:
                resolver.figure_value(figure, key, year)
            except MissingHistory:
                pass
            except (RefError, RecursionError) as exc:
                reason = str(exc) if isinstance(exc, RefError) else "the reference goes round in a circle"
                shown, line = report.where(key, path, year)
                found.append(Problem(shown, line, field, f"{reason}: write a number, or a reference to a figure "
                                     "that is given, like {summary.events}"))
        for i, part in enumerate(figure.parts):
            visit(key, year, part, (*path, "parts", i), f"{field}.{part.id or i}")

    for year, sections in [(report.year, report.sections), *sorted(report.history.items())]:
        for key, section in sections.items():
            for name, figure in section.figures.items():
                visit(key, year, figure, ("figures", name), f"figures.{name}")
    return found


def preflight(inputs_root: Path, year: int) -> tuple[Report, list[Problem]]:
    """Load the inputs before a build or a check: refuse negative counts and broken figure references, and
    return the report read and the loader's warnings (photos not there yet). Raises InputErrors.

    The report returned is handed on to the build, so the inputs are read once per run."""
    report = load_report(inputs_root.resolve(), year)
    errors = [*negative_counts(report), *broken_references(report)]
    if errors:
        raise InputErrors(errors)
    return report, missing_photos(report)


def _load_history(inputs_root: Path, year: int, sources: dict, problems: list[Problem]) -> dict[int, dict[str, Section]]:
    """Earlier years' files (often only figures), by year and file name."""
    history: dict[int, dict[str, Section]] = {}
    for folder in sorted(inputs_root.iterdir()):
        if not (folder.is_dir() and _YEAR_FOLDER.match(folder.name) and int(folder.name) < year):
            continue
        past = int(folder.name)
        history[past] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.stem == REPORT_FILE:
                continue
            section, sources[(past, path.stem)] = _read(path, Section, problems)
            if section is not None:
                history[past][path.stem] = section
                _check_sizes(section, sources[(past, path.stem)], problems)
    return history

