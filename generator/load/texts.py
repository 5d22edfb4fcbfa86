"""The report's translatable texts: every text of this year's inputs that the document shows in
words (headings, paragraphs, list items, captions and titles, column headers, labels of parts and
rows, the cover's lines (its title one text, its lines joined: JOINED), the approval, the
comparisons' words; footnotes and alt texts are inside them or fields of their own), each with the
field it is in; and the inputs with those texts replaced. Numbers, dates, ids and references
between fields are not texts: they are shared by every edition.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterator

from pydantic import BaseModel

from generator.doc.provenance import Field
from generator.model.report import REPORT_FILE, Report

#: The fields holding words, by the input model's class.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "Section": ("heading",),
    "Figure": ("label",),
    "Item": ("text",),
    "YearTable": ("title", "label_header", "group_header", "total_label", "row_numbers"),
    "FreeTable": ("title", "rows", "row_numbers"),
    "Column": ("header", "group"),
    "TableTotal": ("label",),
    "YearDiagram": ("title", "alt"),
    "PhotoRef": ("caption", "alt"),
    "Content": ("text", "subheading"),
    "Comparison": ("says",),
    "Cover": ("ministry", "title", "city"),
    "Approval": ("position", "name"),
    "ReportInfo": ("organisation", "subject", "year_label"),
}
#: Fields whose lines say one sentence: one text, its lines joined by a line break, so a
#: translator sees the whole (the cover's title «СЫНАҚ МУЗЕЙІНІҢ / 2022 ЖЫЛҒЫ / ЕСЕБІ»), and the
#: translation's lines are the edition's.
JOINED: dict[str, tuple[str, ...]] = {"Cover": ("title",)}
LINE_BREAK = "\n"
_WORDS = re.compile(r"[^\W\d_]|№")      # a letter, or the number sign, which English writes «No.»


def texts(report: Report) -> Iterator[tuple[Field, str]]:
    """Every translatable text of this year's inputs in reading order of the files, with its field."""
    yield from _walk(report.info, REPORT_FILE, ())
    for key, section in report.sections.items():
        yield from _walk(section, key, ())


def replaced(report: Report, translate: Callable[[Field, str], str]) -> Report:
    """The inputs with each text replaced by ``translate(place, text)``; the figures, dates and earlier
    years as they were. Pure: ``report`` is not changed."""
    info = _rewrite(report.info, REPORT_FILE, (), translate)
    sections = {key: _rewrite(section, key, (), translate) for key, section in report.sections.items()}
    return dataclasses.replace(report, info=info, sections=sections)


def is_text(value) -> bool:
    """A string with a letter (or «№», a word in a sign) in it: a cell holding a number, another sign
    or a reference only is no text."""
    return isinstance(value, str) and bool(_WORDS.search(re.sub(r"\{[^}]*\}", "", value)))


def _walk(value, key: str, path: tuple, wanted: bool = False) -> Iterator[tuple[Field, str]]:
    if wanted and is_text(value):
        yield Field(key, path), value
    elif isinstance(value, BaseModel):
        fields, joined = TEXT_FIELDS.get(type(value).__name__, ()), JOINED.get(type(value).__name__, ())
        for name in type(value).model_fields:
            field = getattr(value, name)
            if name in joined and is_text(LINE_BREAK.join(field)):
                yield Field(key, (*path, name)), LINE_BREAK.join(field)
            else:
                yield from _walk(field, key, (*path, name), name in fields)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, key, (*path, i), wanted)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, key, (*path, name), wanted)


def _rewrite(value, key: str, path: tuple, translate, wanted: bool = False):
    if wanted and is_text(value):
        return translate(Field(key, path), value)
    if isinstance(value, BaseModel):
        fields, joined = TEXT_FIELDS.get(type(value).__name__, ()), JOINED.get(type(value).__name__, ())
        update = {name: _lines(getattr(value, name), key, (*path, name), translate) if name in joined
                  else _rewrite(getattr(value, name), key, (*path, name), translate, name in fields)
                  for name in type(value).model_fields}
        changed = {name: new for name, new in update.items() if new != getattr(value, name)}
        return value.model_copy(update=changed) if changed else value      # the fields set stay as written
    if isinstance(value, list):
        return [_rewrite(item, key, (*path, i), translate, wanted) for i, item in enumerate(value)]
    if isinstance(value, tuple):
        return tuple(_rewrite(item, key, (*path, i), translate, wanted) for i, item in enumerate(value))
    if isinstance(value, dict):
        return {name: _rewrite(item, key, (*path, name), translate, wanted) for name, item in value.items()}
    return value


def _lines(lines: list[str], key: str, path: tuple, translate) -> list[str]:
    """A JOINED field's lines translated as one text; the translation's lines are the new ones."""
    whole = LINE_BREAK.join(lines)
    if not is_text(whole):
        return lines
    return [line.strip() for line in translate(Field(key, path), whole).split(LINE_BREAK) if line.strip()] or lines
