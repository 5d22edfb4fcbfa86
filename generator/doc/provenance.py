"""Where a piece of the report came from: an input field, or a piece the generator made beside one.

``Field`` names an input field: the file's key, the path in it, and the year when it is an
earlier year's file. ``Made`` names a piece the generator makes itself (a row number, a total
added up, a year's label, the approval word) and the field nearest to it. The section builders
make them, the document model's ``source`` fields carry them, and only the DOCX's source map
turns them into text (``text``) and back (``parse``), in the form DOCX files made before hold:

- ``[year/]key:dotted.path``: ``2020/funds:figures.holdings.parts.0`` (no year: the report's own);
- ``=what|field``: ``=row number|funds:tables.holdings`` (the field may be empty).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from generator.fmt import whole_number

Step = str | int
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Field:
    """An input field: ``path`` inside the file ``key`` of ``year`` (None: the report's own year)."""
    key: str
    path: tuple[Step, ...] = ()
    year: int | None = None

    def child(self, *steps: Step) -> Field:
        """The field inside this one: ``child("parts", 0)`` of ``k:figures.a`` is ``k:figures.a.parts.0``."""
        return replace(self, path=(*self.path, *steps))

    @property
    def parent(self) -> Field:
        """The field this one is in (the file itself for a top-level field)."""
        return replace(self, path=self.path[:-1])

    @property
    def name(self) -> Step:
        """The last step of the path ("" for the file itself)."""
        return self.path[-1] if self.path else ""

    @property
    def dotted(self) -> str:
        """The path as the messages show it: ``figures.holdings.parts.0``."""
        return ".".join(map(str, self.path))

    @property
    def field(self) -> Field:
        """The input field itself (as ``Made.field`` gives the one beside a made piece)."""
        return self

    def widening(self) -> list[Field]:
        """This field, then each field around it down to a field of two steps (never a whole
        ``figures`` or the bare file): ``k:figures.a.parts.3``, ``k:figures.a.parts``, ``k:figures.a``."""
        return [replace(self, path=self.path[:n]) for n in range(len(self.path), min(len(self.path), 2) - 1, -1)]

    def enclosing(self) -> list[Field]:
        """Each field around this one, nearest first, down to a top-level field of the file."""
        return [replace(self, path=self.path[:n]) for n in range(len(self.path) - 1, 0, -1)]

    def encloses(self, other: Field) -> bool:
        """Whether ``other`` is this field or a field inside it (same file, same year)."""
        return (other.key, other.year) == (self.key, self.year) and other.path[:len(self.path)] == self.path

    def year_or(self, report_year: int) -> int:
        """The year of the file: its own, or the report's."""
        return self.year if self.year is not None else report_year

    @property
    def is_figure(self) -> bool:
        """Whether it names a figure's value (``figures.a``, ``figures.a.parts.0``), not one of its texts."""
        p = self.path
        return len(p) >= 2 and p[0] == "figures" and (len(p) == 2 or p[-2] == "parts")

    @property
    def text(self) -> str:
        """The DOCX's source map form: ``2020/funds:figures.holdings``."""
        prefix = f"{self.year}/" if self.year is not None else ""
        return f"{prefix}{self.key}:{self.dotted}"

    @classmethod
    def parse(cls, text: str) -> Field | None:
        """The field a ``text`` names; None for anything this module did not write."""
        year, _, rest = text.rpartition("/")
        key, colon, dotted = rest.partition(":")
        if not key or not colon or (year and not _YEAR.fullmatch(year)):
            return None
        return cls(key, path_of(dotted), whole_number(year) if year else None)


class What(StrEnum):
    """The pieces the generator makes itself, as the source map names them."""
    ROW_NUMBER = "row number"
    TOTAL_WORD = "the word for a total"
    TOTAL = "a total added up"
    YEAR_LABEL = "a year's label"
    APPROVAL_WORD = "the approval word"
    APPROVAL_DATE = "the approval date"
    FOOTNOTE = "a footnote of the text"
    CONTENTS_TITLE = "the contents' title: the layout profile's toc.title"
    CHART_VALUE = "a chart value of no input field (a stack's total, added up or stated)"


@dataclass(frozen=True)
class Made:
    """A piece the generator makes itself (``what``), beside the input field ``near`` (if any)."""
    what: str
    near: Field | None = None

    @property
    def field(self) -> Field | None:
        """The input field the piece stands beside."""
        return self.near

    @property
    def is_figure(self) -> bool:
        """Never: the generator made it (a total added up is no figure of the inputs)."""
        return False

    @property
    def text(self) -> str:
        """The DOCX's source map form: ``=row number|funds:tables.holdings``."""
        return f"={self.what}|{self.near.text if self.near else ''}"

    @classmethod
    def parse(cls, text: str) -> Made | None:
        what, bar, near = text.removeprefix("=").partition("|")
        if not text.startswith("=") or not bar:
            return None
        field = Field.parse(near) if near else None
        return cls(what, field) if field or not near else None


Provenance = Field | Made


def parse(text: str) -> Provenance | None:
    """What a source map's text names (``Field.text`` or ``Made.text``); None for anything else."""
    return Made.parse(text) if text.startswith("=") else Field.parse(text)


def path_of(dotted: str) -> tuple[Step, ...]:
    """``figures.holdings.parts.0`` → ('figures', 'holdings', 'parts', 0)."""
    return tuple(p if whole_number(p) is None else int(p) for p in dotted.split(".")) if dotted else ()
