"""Pydantic's complaints about an input file, said as plain problems with their place.

Each error becomes a ``Problem`` naming the field as written in the file, in words a secretary
reads without knowing Python: an unknown field suggests the closest known one.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing

from pydantic import BaseModel, ValidationError

from generator.load.problems import Problem
from generator.model.inputs import TABLE_TAGS
from generator.model.report import Source

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


def plain_errors(exc: ValidationError, source: Source, model: type[BaseModel]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = _without_table_tag(tuple(p for p in err["loc"] if not _is_type_tag(p)))
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
        types_ = [t for kind in types_ for t in types_at(kind, part)]
    for kind in types_:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return [f.alias or name for name, f in kind.model_fields.items()]
    return []


def types_at(kind: object, part: object) -> list[object]:
    """The type(s) one step into ``kind``: a model's field, a dict's value, a list's item."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return types_at(args[0], part)
    if origin in (typing.Union, types.UnionType):
        return [t for arg in args for t in types_at(arg, part)]
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


def _without_table_tag(loc: tuple) -> tuple:
    """('tables', 'visits', 'free', 'rows') → ('tables', 'visits', 'rows'): the kind of table tried."""
    if len(loc) > 2 and loc[0] == "tables" and loc[2] in TABLE_TAGS:
        return (*loc[:2], *loc[3:])
    return loc


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.line, p.field) not in seen:
            seen.add((p.line, p.field))
            out.append(p)
    return out
