"""References in the inputs' text: {figure}, {file.figure.part}, {figure@-1}, {year-1}, {date:…}."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from generator import fmt
from generator.config import Profile
from generator.doc.inline import GAP_CLOSE, GAP_OPEN, SOURCE_CLOSE, SOURCE_MID, SOURCE_OPEN, STAR
from generator.doc.provenance import Field
from generator.model.inputs import Figure, Marks, Section
from generator.model.report import Report

_REF = re.compile(r"\{\{|\}\}|\{([^{}\n]{1,200})\}")
_YEAR = re.compile(r"^year(?:([+-])(\d{1,3}))?$")
_MAX_DEPTH = 20


class RefError(Exception):
    """A reference that cannot be resolved; the message is for the secretary."""


class MissingHistory(RefError):
    """An earlier year's file or figure that a comparison needs is not in the inputs."""


@dataclass
class Scope:
    """Where a text stands: its section (file) and year, plus an item's own date or period."""
    key: str
    year: int
    local: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Gap:
    """A figure a text or table needs but the inputs do not give: ``year``'s ``key`` file, ``names``."""
    key: str
    names: tuple[str, ...]
    year: int


class Resolver:
    """Turns references into formatted text, from the loaded report only.

    A figure of the report's year left empty (null) is shown as the "not filled" mark and
    recorded in ``unfilled``; an earlier year's file or figure that is missing is shown as the
    "no data" mark and recorded in ``no_data``. The caller decides whether either is an error.
    """

    def __init__(self, report: Report, profile: Profile | None):
        self.report, self.profile = report, profile
        self.unfilled: dict[Gap, None] = {}
        self.no_data: dict[Gap, str] = {}
        self._marking = False          # inside expand(marked=True): gaps are marked too

    def expand(self, text: str, scope: Scope, marked: bool = False) -> str:
        """Replace every {reference} in text; ``{{`` and ``}}`` stand for literal braces.

        With ``marked``, each value from a figure is wrapped in marks naming its source, for
        ``generator.doc.inline.parse_inline`` to turn into a Text span with that source.
        """
        def replace(match: re.Match) -> str:
            if match.group(0) in ("{{", "}}"):
                return match.group(0)[0]
            ref = match.group(1).strip()
            value = self.render(ref, scope)
            if not marked:
                return value
            value = value.replace("*", STAR)        # a value's own '*' is text, not bold or italic
            source = self.source_of(ref, scope)
            return mark_source(value, source) if source else value
        before, self._marking = self._marking, marked
        try:
            return _REF.sub(replace, text)
        finally:
            self._marking = before

    @property
    def not_filled(self) -> str:
        """The mark of a figure not filled in yet; marked as a gap inside expand(marked=True)."""
        mark = self.marks.not_filled
        return mark_gap(mark) if self._marking else mark

    def source_of(self, ref: str, scope: Scope) -> Field | None:
        """The figure a reference shows (None for years, dates and an item's own fields)."""
        if ref in scope.local or _YEAR.match(ref) or ref.startswith("date:"):
            return None
        path, _, offset = ref.partition("@")
        year = scope.year + (_int(offset, ref) if offset else 0)
        key, names = self._locate(path.split("."), scope)
        this_year = self.report.section_in(self.report.year, key)
        if names[-1] == "count" and len(names) == 2 and this_year and names[0] in this_year.lists:
            return self.report.input_field(key, ("lists", names[0]), year)
        if len(names) == 1 and this_year and names[0] in this_year.comparisons:
            return self.report.input_field(key, ("comparisons", names[0]), year)
        return self.figure_source(key, [n for n in names if n != "parts"], year)

    def figure_source(self, key: str, names: list[str], year: int) -> Field:
        section = self.report.section_in(year, key)
        path = figure_path(section, names) if section else ("figures", *names)
        return self.report.input_field(key, path, year)

    def render(self, ref: str, scope: Scope) -> str:
        if ref in scope.local:
            return scope.local[ref]
        year = _YEAR.match(ref)
        if year:
            offset = int(year.group(2) or 0) * (-1 if year.group(1) == "-" else 1)
            return str(scope.year + offset)
        if ref.startswith("date:"):
            return self._date_ref(ref[5:])
        path, _, offset = ref.partition("@")
        year = scope.year + (_int(offset, ref) if offset else 0)
        key, names = self._locate(path.split("."), scope)
        return self._render_value(key, names, year, ref)

    def ref_source(self, ref: str, scope: Scope) -> Field | None:
        """The figure a whole reference "{file.figure@-1}" names (``source_of`` its inside)."""
        return self.source_of(_inside(ref), scope)

    def ref_value(self, ref: str, scope: Scope) -> float | int | None:
        """The number a whole reference "{file.figure@-1}" stands for; RefError if it cannot be followed."""
        path, _, offset = _inside(ref).partition("@")
        year = scope.year + (_int(offset, ref) if offset else 0)
        key, names = self._locate(path.split("."), scope)
        return self.value(key, names, year)

    def measure(self, key: str, names: list[str], year: int) -> tuple[str, int | None]:
        """(unit, places) of a figure: as that year's file says, else as the report's year's."""
        section = self.report.section_in(year, key) or self.report.section_in(self.report.year, key)
        return section.measure(names) if section else ("count", None)

    def quantity(self, value: float | int | None, measure: tuple[str, int | None]) -> str:
        """A number as its unit prints it (12,5%, 1 250 000 теңге) in the profile's locale."""
        return fmt.quantity(value, *measure, self.profile.numbers.locale, self.profile.terms.money)

    def number(self, value: float | int | None) -> str:
        return fmt.number(value, self.profile.numbers.locale)

    @property
    def marks(self) -> Marks:
        """The marks of missing figures: report.yaml's own words, else the language's."""
        typed = self.report.info.marks
        terms = self.profile.terms if self.profile is not None else typed      # no profile: while loading
        return Marks(not_filled=typed.not_filled or terms.not_filled, no_data=typed.no_data or terms.no_data)

    def shown(self, key: str, names: list[str], year: int) -> str:
        """A figure's number for a year as printed, or the mark for what is missing."""
        try:
            value = self.value(key, names, year)
        except MissingHistory as exc:
            self.no_data.setdefault(Gap(key, tuple(names), year), str(exc))
            return self.marks.no_data
        if value is None and year == self.report.year:
            self.unfilled.setdefault(Gap(key, tuple(names), year))
            return self.not_filled
        return self.quantity(value, self.measure(key, names, year))

    def date(self, value: dt.date) -> str:
        return fmt.date(value, self.profile.dates.style, self.profile.terms)

    def period(self, start: dt.date, end: dt.date) -> str:
        return fmt.period(start, end, self.profile.dates.style, self.profile.terms)

    def value(self, key: str, names: list[str], year: int, depth: int = 0) -> float | int | None:
        """A figure's number for a year, following references to other figures."""
        figure = self.figure(key, names, year)
        return self.figure_value(figure, key, year, depth)

    def figure(self, key: str, names: list[str], year: int) -> Figure:
        section = self.report.section_in(year, key)
        missing = MissingHistory if year != self.report.year else RefError
        if section is None:
            raise missing(f"there are no {year} figures: {self.report.file_named(key, year)} is missing")
        figure = section.figure(names)
        if figure is None:
            raise missing(f"{self.report.file_named(key, year)} has no figure '{'.'.join(names)}'"
                          + _known_parts(section, names))
        return figure

    def figure_value(self, figure: Figure, key: str, year: int, depth: int = 0) -> float | int | None:
        if isinstance(figure.value, str):
            if depth > _MAX_DEPTH:
                raise RefError(f"the reference {figure.value} goes round in a circle")
            ref_key, names = self._locate(figure.value.strip()[1:-1].split("."), Scope(key, year))
            return self.value(ref_key, names, year, depth + 1)
        return figure.value

    def parts_text(self, figure: Figure, names: list[str], key: str, year: int) -> str:
        """'4 жаңа залдың ашылуы, 32 көрме, …' from a figure's parts."""
        pieces = []
        for i, part in enumerate(figure.parts):
            label = self.expand(part.label, Scope(key, year)) if "{" in part.label else part.label
            part_names = [*names, part.id] if part.id else None
            value = self.figure_value(part, key, year)
            if value is None and year == self.report.year:
                if not isinstance(part.value, str):   # a reference: its own figure is reported
                    self.unfilled.setdefault(Gap(key, tuple(part_names or [*names, f"parts.{i}"]), year))
                pieces.append(f"{self.not_filled} {label}".strip())
            elif value is not None:
                shown = self.quantity(value, self.measure(key, part_names or names, year))
                pieces.append(f"{shown} {label}".strip())
        return ", ".join(pieces)

    def comparison(self, section: Section, name: str, key: str, year: int) -> str:
        from generator.fmt.compare import describe_change
        comp = section.comparisons[name]
        if comp.says:
            return comp.says
        names = comp.figure.split(".")
        now = self.value(key, names, year)
        if now is None:
            self.unfilled.setdefault(Gap(key, tuple(names), year))
            return self.not_filled
        try:
            before = self.value(key, names, year - comp.years_back)
        except MissingHistory as exc:
            self.no_data.setdefault(Gap(key, tuple(names), year - comp.years_back), str(exc))
            return self.marks.no_data
        if not before:
            why = ("there is no figure to compare with" if before is None else
                   f"{comp.figure} was 0 then, and a change from 0 is no rise in per cent or times: write the "
                   f"words in comparisons.{name}.says")
            self.no_data.setdefault(Gap(key, tuple(names), year - comp.years_back), why)
            return self.marks.no_data
        return describe_change(before, now, self.profile.terms)

    def _locate(self, names: list[str], scope: Scope) -> tuple[str, list[str]]:
        """Which file a dotted reference points into: the text's own, or another named first.

        A reference in an earlier year's file is read against that year's files: the report's
        year may have renamed or dropped the figure, or the whole file."""
        own = self.report.section_in(scope.year, scope.key)
        first = names[0]
        if own is not None and (first in own.figures or first in own.lists or first in own.comparisons):
            return scope.key, names
        that_year = self.report.history.get(scope.year, {}) if scope.year != self.report.year else {}
        if len(names) > 1 and (first in self.report.sections or first in that_year):
            return first, names[1:]
        missing = MissingHistory if scope.year != self.report.year else RefError
        shown = f"{scope.year}/{scope.key}.yaml" if scope.year != self.report.year else f"{scope.key}.yaml"
        raise missing(f"'{'.'.join(names)}' is not a figure, list or comparison of {shown} nor the name of "
                      f"another file{self._nearest(first, own, that_year or self.report.sections)}")

    @staticmethod
    def _nearest(name: str, own: Section | None, files) -> str:
        """'; did you mean the comparison {events_change}?' for a misspelt name, or ''."""
        kinds = {n: "figure" for n in (own.figures if own else {})}
        kinds.update({n: "list" for n in (own.lists if own else {})})
        kinds.update({n: "comparison" for n in (own.comparisons if own else {})})
        kinds.update({n: "file" for n in files if n not in kinds})
        close = difflib.get_close_matches(name, list(kinds), n=1, cutoff=0.7)
        if not close:
            return ""
        shown = f"{{{close[0]}.…}}" if kinds[close[0]] == "file" else f"{{{close[0]}}}"
        return f"; did you mean the {kinds[close[0]]} {shown}?"

    def _render_value(self, key: str, names: list[str], year: int, ref: str) -> str:
        section = self.report.section_in(year, key)
        this_year = self.report.section_in(self.report.year, key)
        if names[-1] == "count" and len(names) == 2 and this_year and names[0] in this_year.lists:
            return self.number(len(this_year.lists[names[0]].items))
        if len(names) == 1 and this_year and names[0] in this_year.comparisons:
            return self.comparison(this_year, names[0], key, year)
        if names[-1] == "parts":
            try:
                return self.parts_text(self.figure(key, names[:-1], year), names[:-1], key, year)
            except MissingHistory as exc:
                self.no_data.setdefault(Gap(key, tuple(names[:-1]), year), str(exc))
                return self.marks.no_data
        if section is None and year != self.report.year:
            self.no_data.setdefault(Gap(key, tuple(names), year), f"{self.report.file_named(key, year)} is missing")
            return self.marks.no_data
        return self.shown(key, names, year)

    def _date_ref(self, text: str) -> str:
        raw, suffix, _ = split_date_ref(text)
        try:
            day = fmt.parse_date(raw)
        except ValueError:
            raise RefError(f"'{raw.strip()}' is not a real date; write it as DD.MM.YYYY") from None
        if self.profile.dates.style == "long":
            return self.date(day) + suffix.strip()
        return self.date(day) + (self.profile.terms.dates.numeric_suffix if suffix.strip() else "")




def brace_slips(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A text with its references taken out (each a plain '0'), and what of its braces would be
    printed as typed, a '{' or '}' of no reference (a brace as such is written ``{{`` or ``}}``):
    each the brace and a plain English sentence."""
    bare = _REF.sub(lambda m: "" if m.group(0) in ("{{", "}}") else "0", text)
    slips = [(brace, f"the brace {brace} belongs to no reference: write a reference as {{figure}}, or "
                     f"{brace * 2} for the brace itself") for brace in "{}" if brace in bare]
    return bare, slips


AFTER_YEAR = "after"     # {date:15.01.2022|after}: a date after the report's year, meant so


def split_date_ref(text: str) -> tuple[str, str, bool]:
    """'15.01.2022|де|after' → the date, its ending ('де'), and whether it is marked as after the year."""
    raw, *rest = text.split("|")
    after = any(part.strip() == AFTER_YEAR for part in rest)
    return raw, "".join(part for part in rest if part.strip() != AFTER_YEAR), after


def mark_gap(mark: str) -> str:
    """The "not filled" mark wrapped in private-use marks, for parse_inline to flag it as a gap."""
    return f"{GAP_OPEN}{mark}{GAP_CLOSE}"


def mark_source(value: str, source: Field) -> str:
    """A value wrapped in private-use marks that carry its field through inline parsing."""
    return f"{SOURCE_OPEN}{source.text}{SOURCE_MID}{value}{SOURCE_CLOSE}"


def figure_path(section, names: list[str]) -> tuple:
    """The YAML path of a figure or a part of it: ('figures', 'holdings', 'parts', 0, 'parts', 1)."""
    figure = section.figures.get(names[0])
    path: tuple = ("figures", names[0])
    for part_id in names[1:]:
        found = _find_part(figure, part_id) if figure is not None else None
        if found is None:
            return path
        figure, sub = found
        path = (*path, *sub)
    return path


def _known_parts(section: Section, names: list[str]) -> str:
    """'; holdings has the parts main, aux' when the figure is there but not the part named."""
    whole = section.figure(names[:-1]) if len(names) > 1 else None
    if whole is None:
        return ""
    ids = [part.id for part in whole.parts if part.id]
    if not ids:
        return f"; {'.'.join(names[:-1])} has no parts with an id"
    close = difflib.get_close_matches(names[-1], ids, n=1, cutoff=0.6)
    hint = f" (did you mean {'.'.join([*names[:-1], close[0]])}?)" if close else ""
    return f"; {'.'.join(names[:-1])} has the parts {', '.join(ids)}{hint}"


def _find_part(figure, part_id: str):
    for i, part in enumerate(figure.parts):
        if part.id == part_id:
            return part, ("parts", i)
        deeper = _find_part(part, part_id)
        if deeper:
            return deeper[0], ("parts", i, *deeper[1])
    return None


def _int(text: str, ref: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise RefError(f"in {{{ref}}}, '@{text}' should be a year offset like @-1") from None


def _inside(ref: str) -> str:
    """What a whole reference "{…}" holds between its braces."""
    return ref.strip()[1:-1].strip()
