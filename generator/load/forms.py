"""Values written in YAML 1.1's old forms, settled by the type of the field they are in.

The inputs are read as YAML 1.2 (core schema) reads them, where a figure is a decimal number:
``017``, ``0x1F``, ``1:30``, ``12_5`` and the words ``yes``/``no``/``on``/``off``/``y``/``n``
(in any case) are never taken as numbers. YAML 1.1 readers (PyYAML, many editors' plugins) read
them as 15, 31, 90, 125 and 1/0, so where such a value stands it is a problem naming the file, the
line and the field and saying what was probably meant, unless the field is a yes/no field and the
value one of those words (``punctuation: no``); ``y`` and ``n`` alone are a text field's text (PyYAML,
which the project reads with, and YAML 1.2 both read them so; only YAML 1.1's letter of the law does not).
"""
from __future__ import annotations

import typing
import types

from generator.load.errors import types_at
from generator.load.problems import Problem
from generator.load.yamlsrc import OldForm
from generator.model.report import Source

_YES = frozenset({"yes", "on", "y", "true"})
_LETTERS = frozenset({"y", "n"})


def settle_forms(data: object, model: type, source: Source) -> tuple[object, list[Problem]]:
    """The data with yes/no words in yes/no fields made True/False, and a problem for every other
    value written in an old form (the value itself is left as the text written)."""
    found: list[Problem] = []
    return _settle(data, [model], (), source, found), found


def _settle(value: object, kinds: list, path: tuple, source: Source, found: list[Problem]) -> object:
    if isinstance(value, OldForm):
        if value.kind == "word" and _takes_bool(kinds):
            return value.lower() in _YES
        if value.kind == "word" and value.lower() in _LETTERS and _takes(kinds, str):
            return str(value)                   # a one-letter name ('n'): no reader in use takes it for yes/no
        found.append(Problem(source.shown, source.line(path), ".".join(map(str, path)), _advice(value)))
        return value
    if isinstance(value, dict):
        return {key: _settle(item, _inner(kinds, key), (*path, key), source, found) for key, item in value.items()}
    if isinstance(value, list):
        return [_settle(item, _inner(kinds, i), (*path, i), source, found) for i, item in enumerate(value)]
    return value


def _inner(kinds: list, part: object) -> list:
    return [inner for kind in kinds for inner in types_at(kind, part)]


def _takes_bool(kinds: list) -> bool:
    return _takes(kinds, bool)


def _takes(kinds: list, plain: type) -> bool:
    return any(kind is plain for kind in _flat(kinds))


def _flat(kinds: list) -> list:
    """The plain types a field may hold: Annotated and unions opened."""
    out = []
    for kind in kinds:
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin is typing.Annotated:
            out.extend(_flat([args[0]]))
        elif origin in (typing.Union, types.UnionType):
            out.extend(_flat(list(args)))
        else:
            out.append(kind)
    return out


def _advice(value: OldForm) -> str:
    """What the value was probably meant to be, and how to write it."""
    text, quoted = str(value), f'"{value}"'
    if value.kind == "word":
        return (f"'{text}' is read by some programs as yes/no (1 or 0) and by others as text: write the figure "
                f"or the date it stands for, or put it in quotes if it is text: {quoted}")
    if value.kind == "zero":
        return (f"write {_decimal(text)} (a leading zero is not a figure: some programs read '{text}' as another "
                f"number), or put it in quotes if it is text: {quoted}")
    if value.kind == "base":
        return (f"'{text}' is a number in another base ({_decimal(text)} in decimal digits): write the figure in "
                f"decimal digits, or put it in quotes if it is text: {quoted}")
    if value.kind == "clock":
        return f"'{text}' is read by some programs as minutes and seconds: write {_sexagesimal(text)} or {quoted}"
    return (f"write {text.replace('_', '')} (an underscore is not part of a figure), or put it in quotes if "
            f"it is text: {quoted}")


def _decimal(text: str) -> str:
    """'017' → '17', '0x1F' → '31', '-0_5' → '-5'; the text itself when it is too long to say."""
    sign, digits = ("-" if text.startswith("-") else ""), text.lstrip("+-").replace("_", "")
    if len(digits) > 30:
        return "the figure"
    if digits[:2].lower() in ("0x", "0o", "0b"):
        return sign + str(int(digits, 0))
    whole, dot, fraction = digits.partition(".")
    return sign + (whole.lstrip("0") or "0") + dot + fraction


def _sexagesimal(text: str) -> str:
    """'1:30' → '90': the value a YAML 1.1 reader takes (base 60), as a person would write it."""
    sign, digits = ("-" if text.startswith("-") else ""), text.lstrip("+-").replace("_", "")
    if len(digits) > 30:
        return "the figure in digits"
    *upper, last = digits.split(":")
    seconds, dot, fraction = last.partition(".")
    total = 0
    for part in (*upper, seconds):
        total = total * 60 + int(part or 0)
    return sign + str(total) + (dot + fraction if fraction.strip("0") else "")
