"""Load a year's inputs (and earlier years' figures) into typed classes, listing every mistake.

Every mistake becomes a ``Problem`` naming the file, the line and the field, and saying what to do;
nothing here raises anything else for a bad input. Limits far above any real report (the sizes
below and those of ``yamlsrc``) turn a wrong or hostile file into a plain message, not minutes of
work. Photos are checked here too (inside the year's folder, a picture Pillow and Word can read,
not enormous), so that the writers never meet a bad one.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
import warnings
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.load.problems import InputErrors, Problem
from generator.load.yamlsrc import YamlError, read_yaml
from generator.model.inputs import Figure, ReportInfo, Section
from generator.model.report import REPORT_FILE, Report, Source

MAX_FILE_BYTES = 2 * 1024 * 1024          # one input file (the largest real one: 11 KB)
MAX_YEAR_BYTES = 4 * 1024 * 1024          # one year's files together (2021: 50 KB; 4 MB ≈ 600 pages, a minute)
MAX_ROWS = 500                            # innermost parts of one figure: rows of its table
MAX_PHOTO_BYTES = 50 * 1024 * 1024        # one photo file
MAX_PHOTO_PIXELS = 100_000_000            # one photo: 100 megapixels, checked before decoding
MAX_DECODED_PIXELS = 30_000_000           # a PNG or GIF up to this size is decoded whole to prove it sound
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "GIF"}   # what both the PDF and the DOCX writer take

_SECTION_NAME = re.compile(r"^[^\W_][\w-]{0,63}$")
_YEAR_FOLDER = re.compile(r"^[0-9]{4}$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^/\\])")

_PLAIN = {
    "missing": "is missing: add it",
    "extra_forbidden": "is not a known field: check its spelling",
    "int_parsing": "should be a whole number, written in digits without spaces (e.g. 1250)",
    "int_type": "should be a whole number, written in digits without spaces (e.g. 1250)",
    "int_from_float": "should be a whole number, without a fraction",
    "float_parsing": "should be a number, written in digits (e.g. 1250)",
    "string_type": "should be text",
    "list_type": "should be a list (lines starting with '-')",
    "dict_type": "should be a group of named fields (name: value)",
    "model_type": "should be a group of named fields (name: value)",
    "model_attributes_type": "should be a group of named fields (name: value)",
    "date_from_datetime_parsing": "should be a date like 11.02.2021",
    "date_from_datetime_inexact": "should be a date like 11.02.2021, without a time",
    "date_parsing": "should be a date like 11.02.2021",
    "date_type": "should be a date like 11.02.2021",
    "literal_error": "should be one of: {expected}",
    "bool_parsing": "should be yes or no",
    "bool_type": "should be yes or no",
    "greater_than_equal": "should be {ge} or more",
    "less_than_equal": "should be {le} or less",
}


def shown_path(path: Path) -> str:
    """A path as the user knows it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _shown(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _read(path: Path, model: type[BaseModel], problems: list[Problem],
          listed_in: str | None = None) -> tuple[BaseModel | None, Source]:
    source = Source(shown_path(path), path)
    if not path.is_file():
        what = "the file is missing" if not path.is_dir() else "this is a folder, not a file"
        hint = f": add it, or take '{path.stem}' off {listed_in}" if listed_in else ""
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
    try:
        return model.model_validate(data), source
    except ValidationError as exc:
        problems.extend(_plain_errors(exc, source, model))
        return None, source
    except RecursionError:
        problems.append(Problem(source.shown, None, "", "the file nests too deeply to be read: check the indentation"))
        return None, source


def _plain_errors(exc: ValidationError, source: Source, model: type[BaseModel]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_type_tag(p))
        field = ".".join(str(p) for p in loc)
        if err["type"] in _PLAIN:
            message = _PLAIN[err["type"]].format(**(err.get("ctx") or {}))
        else:
            message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message += _suggestion(model, loc)
        elif err["type"] == "string_type":
            message += (": put it in quotes if it is a number or a date used as text"
                        if isinstance(err.get("input"), (int, float, bool)) or _is_date(err.get("input"))
                        else "")
        out.append(Problem(source.shown, source.line(loc), field, message))
    return _dedupe(out)


def _is_date(value: object) -> bool:
    return isinstance(value, (dt.date, dt.datetime))


def _suggestion(model: type[BaseModel], loc: tuple) -> str:
    """'(did you mean «figures»?)' or the fields allowed there."""
    known = _fields_at(model, loc[:-1]) if loc else []
    if not known:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (the fields here are: {', '.join(known)})"


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The names of the fields allowed at ``loc`` in ``model``'s data, as written in the files."""
    types_ = [model]
    for part in loc:
        types_ = [t for kind in types_ for t in _step(kind, part)]
    for kind in types_:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return [f.alias or name for name, f in kind.model_fields.items()]
    return []


def _step(kind: object, part: object) -> list[object]:
    """The type(s) one step into ``kind``: a model's field, a dict's value, a list's item."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return _step(args[0], part)
    if origin in (typing.Union, types.UnionType):
        return [t for arg in args for t in _step(arg, part)]
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        for name, info in kind.model_fields.items():
            if part in (name, info.alias):
                return [info.annotation]
        return []
    if origin is dict and len(args) == 2:
        return [args[1]]
    if origin is list and args and isinstance(part, int):
        return [args[0]]
    return []


def _is_type_tag(part: object) -> bool:
    """Pydantic puts the tried type of a union into the location ('int', 'function-after[…]');
    a field typed as 'l[anguage' is the secretary's, not a tag."""
    return isinstance(part, str) and (part in {"int", "float", "str", "bool", "none"}
                                      or re.fullmatch(r"[a-z][\w-]*\[.*\]", part) is not None)


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
                                    f"says {_shown(info.year)}, but the folder is for {year}"))
        if not _SECTION_NAME.match(info.profile):
            problems.append(Problem(info_source.shown, info_source.line(("profile",)), "profile",
                                    f"'{_shown(info.profile)}' is not a layout profile's name: write the name of a "
                                    "file of templates/profiles/ without .yaml, e.g. default"))
        for i, key in _section_names(info, info_source, problems):
            listed = f"the sections in {REPORT_FILE}.yaml (line {info_source.line(('sections', i))})"
            section, sources[(year, key)] = _read(year_dir / f"{key}.yaml", Section, problems, listed_in=listed)
            if section is not None:
                sections[key] = section
                _check_sizes(section, sources[(year, key)], problems)
        _check_total(year_dir, [year_dir / f"{key}.yaml" for key in sections], problems)
    history = _load_history(inputs_root, year, sources, problems)
    photos = _find_photos(year_dir, sections, sources, year, problems)
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


def _section_names(info: ReportInfo, source: Source, problems: list[Problem]) -> list[tuple[int, str]]:
    """The section files report.yaml lists (with their places), each a plain file name of this folder, once."""
    names: list[str] = []
    out: list[tuple[int, str]] = []
    for i, key in enumerate(info.sections):
        where, field = source.line(("sections", i)), f"sections.{i}"
        if not _SECTION_NAME.match(key) or key == REPORT_FILE:
            problems.append(Problem(source.shown, where, field,
                                    f"'{_shown(key)}' is not a section file's name: write the name of a file of "
                                    "this folder without .yaml (letters, digits, - and _), e.g. summary"))
        elif key in names:
            problems.append(Problem(source.shown, where, field, f"'{key}' is listed twice: keep it once"))
        else:
            names.append(key)
            out.append((i, key))
    return out


def _check_sizes(section: Section, source: Source, problems: list[Problem]) -> None:
    """A figure with more innermost parts than any table could show (nested lists pass yamlsrc's limit)."""
    for name, figure in section.figures.items():
        rows = _count_leaves(figure, MAX_ROWS + 1)
        if rows > MAX_ROWS:
            problems.append(Problem(source.shown, source.line(("figures", name)), f"figures.{name}",
                                    f"has more than {MAX_ROWS} parts in all; the limit is {MAX_ROWS} (the rows of "
                                    "its table), far above any real report: check the file"))


def _count_leaves(figure: Figure, stop: int) -> int:
    count, stack = 0, [figure]
    while stack and count < stop:
        current = stack.pop()
        if current.parts:
            stack.extend(current.parts)
        else:
            count += 1
    return count


def _find_photos(year_dir: Path, sections: dict[str, Section], sources: dict, year: int,
                 problems: list[Problem]) -> dict[str, Path | None]:
    """Each photo named in the inputs: its file inside the year's folder, or None if not there yet."""
    photos: dict[str, Path | None] = {}
    checked: dict[Path, str | None] = {}
    root = year_dir.resolve()
    folder = shown_path(year_dir)
    for key, section in sections.items():
        for i, entry in enumerate(section.content):
            if entry.photo is None:
                continue
            name = entry.photo.file
            where = sources[(year, key)]
            line, field = where.line(("content", i, "photo", "file")), f"content.{i}.photo.file"

            def refuse(message: str) -> None:
                problems.append(Problem(where.shown, line, field, message))

            if not name.strip():
                refuse(f"is empty: write the photo's file name, e.g. photos/award.jpg (in {folder}/)")
                continue
            if _URL.match(name):
                refuse(f"'{_shown(name)}' is a web address: save the photo into {folder}/photos/ and write its "
                       "file name, e.g. photos/award.jpg (the report never downloads anything)")
                continue
            relative = name.strip().replace("\\", "/")
            target = (year_dir / relative).resolve()
            if Path(relative).is_absolute() or not target.is_relative_to(root):
                refuse(f"'{_shown(name)}' is outside the inputs folder; put the photo in {folder}/photos/ "
                       "and write its name, e.g. photos/award.jpg")
                continue
            if target.is_dir():
                refuse(f"'{_shown(name)}' is a folder, not a photo: write the photo's file name, e.g. photos/award.jpg")
                continue
            if not target.exists():
                photos[name] = None
                continue
            if target not in checked:
                checked[target] = _photo_problem(target, _shown(name, 80))
            if checked[target]:
                refuse(checked[target])
                continue
            photos[name] = target
    return photos


def _photo_problem(path: Path, name: str) -> str | None:
    """What is wrong with a photo file, or None: size, format, dimensions and an undamaged body."""
    if not path.is_file():
        return f"{name} is not an ordinary file: put the photo itself in the photos folder"
    size = path.stat().st_size
    if size == 0:
        return f"{name} is an empty file (0 bytes): copy the photo again"
    if size > MAX_PHOTO_BYTES:
        return (f"{name} is {size / 1024 / 1024:.0f} MB; the limit is {MAX_PHOTO_BYTES // 1024 // 1024} MB: "
                "save a smaller copy (JPEG, about 3000 pixels wide is plenty)")
    from PIL import Image, ImageFile, UnidentifiedImageError
    enormous = (f"{name} is {{size}}; the limit is {MAX_PHOTO_PIXELS // 1_000_000} megapixels: save a smaller copy "
                "(JPEG, about 3000 pixels wide is plenty)")
    damaged = f"{name} is damaged or cut short (copied before it was complete?): copy the photo again"
    truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES      # WeasyPrint turns this on when it is imported
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # Pillow's warnings about odd files: the answer is below
        try:
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if kind not in PHOTO_FORMATS:
                    return f"{name} is a {kind} picture; the report takes JPEG or PNG: save it again as JPEG"
                if width * height > MAX_PHOTO_PIXELS:
                    return enormous.format(size=f"{width:,} × {height:,} pixels ({width * height / 1e6:,.0f} "
                                                "megapixels)".replace(",", " "))
                image.verify()                  # headers and (PNG) every chunk's checksum
            with Image.open(path) as image:     # decode the whole body (JPEG at 1/8 scale: quick)
                if kind in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
                elif width * height <= MAX_DECODED_PIXELS:      # larger PNGs: the checksums above
                    image.load()
        except Image.DecompressionBombError as exc:
            pixels = re.search(r"\((\d+) pixels\)", str(exc))
            return enormous.format(size=f"{int(pixels.group(1)) / 1e6:,.0f} megapixels".replace(",", " ")
                                   if pixels else "enormous")
        except UnidentifiedImageError:
            return f"{name} is not a picture (or not one the report can read): save the photo as JPEG or PNG"
        except Exception:   # noqa: BLE001 — truncated data, bad checksums, broken headers: all "damaged"
            return damaged
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    try:
        from docx.image.image import Image as WordImage
        WordImage.from_file(str(path))
    except Exception:   # noqa: BLE001 — the DOCX writer reads the header itself
        return f"{name} lacks the header Word needs to place it: open it in an image editor and save it again as JPEG"
    return None


def missing_photos(report: Report) -> list[Problem]:
    """A warning for each place a photo not there yet is named: a marked placeholder stands in for it."""
    notes = []
    for key, section in report.sections.items():
        for i, entry in enumerate(section.content):
            if entry.photo is not None and report.photos.get(entry.photo.file, "") is None:
                shown, line = report.where(key, ("content", i, "photo", "file"))
                notes.append(Problem(shown, line, f"content.{i}.photo.file",
                                     f"{_shown(entry.photo.file, 80)} is not there yet: a marked placeholder is used "
                                     f"(put the photo at {shown_path(report.year_dir)}/"
                                     f"{_shown(entry.photo.file, 80)} for the final report)"))
    return notes


def negative_counts(report: Report) -> list[Problem]:
    """Figures below zero, in every year's files: every figure of the report counts something."""
    found = []
    years = [(report.year, report.sections), *sorted(report.history.items())]
    for year, sections in years:
        for key, section in sections.items():
            for name, figure in section.figures.items():
                _negatives(report, key, year, figure, ("figures", name), f"figures.{name}", found)
    return found


def _negatives(report: Report, key: str, year: int, figure: Figure, path: tuple, field: str,
               found: list[Problem]) -> None:
    value = figure.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        shown, line = report.where(key, path, year)
        found.append(Problem(shown, line, field, f"{_shown(value)} is less than zero: a count cannot be negative; "
                             "write the number without the minus sign, or check the figure"))
    for i, part in enumerate(figure.parts):
        _negatives(report, key, year, part, (*path, "parts", i), f"{field}.{part.id or i}", found)


def broken_references(report: Report) -> list[Problem]:
    """Figures given as a reference ("{file.figure}") to a figure that does not exist, or round in a circle.

    An earlier year's reference to a figure that year's files lack is no mistake: the report shows
    its "no data" mark there.
    """
    from generator.sections.refs import MissingHistory, RefError, Resolver
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


def preflight(inputs_root: Path, year: int, strict: bool = False) -> tuple[Report, list[Problem]]:
    """Load the inputs before a build or a check: refuse negative counts and broken figure references, and
    return the report read and the loader's warnings (photos not there yet). With ``strict`` those warnings
    are errors, listed with the checks' findings. Raises InputErrors.

    The report returned is handed on to the build, so the inputs are read once per run."""
    report = load_report(inputs_root.resolve(), year)
    errors = [*negative_counts(report), *broken_references(report)]
    if errors:
        raise InputErrors(errors)
    notes = missing_photos(report)
    if strict and notes:
        from generator.check import check_report
        raise InputErrors([*notes, *check_report(report)])
    return report, notes


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

