"""What every check gets: the report, a resolver for figures, and a list for what it finds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from generator import fmt
from generator.grammar import grammar_for
from generator.load.problems import Problem
from generator.model.inputs import Figure, Section
from generator.model.report import REPORT_FILE, Report
from generator.model.refs import Resolver

MINUS = "\u2212"
Number = int | float


@dataclass
class FileAt:
    """One section file of one year, as the checks walk them."""
    year: int
    key: str
    section: Section


@dataclass
class FigureAt:
    """One figure (or part of one) with its place: YAML path for the line, dotted name for the reader."""
    file: FileAt
    figure: Figure
    path: tuple
    name: str
    measure: tuple[str, int | None] = ("count", None)     # (unit, places), a part's taken from its whole's

    @property
    def unit(self) -> str:
        return self.measure[0]


@dataclass
class Checks:
    """The report being checked and the findings so far; checks add to it and never raise."""
    report: Report
    found: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Only the resolver's number look-ups are used: they need no layout profile.
        self.resolver = Resolver(self.report, None)
        self.grammar = grammar_for(self.report.info.language)      # None: the language has none

    def add(self, at: FileAt, path: tuple, message: str, name: str | None = None, /, term: str = "",
            **values: str) -> None:
        """A finding at a field of a section file; ``name`` is the field as shown, the path gives the
        line; ``term`` names the same message in the report's language (templates/terms/), with
        ``values`` for its blanks."""
        self.add_to(at.key, at.year, path, message, name, term, **values)

    def add_to(self, key: str, year: int, path: tuple, message: str, name: str | None = None, /,
               term: str = "", **values: str) -> None:
        """A finding at a field of any input file (report.yaml included)."""
        shown, line = self.report.where(key, path, year)
        self.found.append(Problem(shown, line, name or dotted(path), message,
                                  source=self.report.input_field(key, path, year), term=term, values=values))

    def files(self, history: bool = True) -> Iterator[FileAt]:
        """Every section file of this year in reading order, each followed by the earlier years'
        files of the same name that the report shows (in a table, diagram or comparison)."""
        shown = self.shown_history() if history else set()
        for key in self.report.info.section_files:
            if key in self.report.sections:
                yield FileAt(self.report.year, key, self.report.sections[key])
            for year in sorted(self.report.history):
                if (year, key) in shown and key in self.report.history[year]:
                    yield FileAt(year, key, self.report.history[year][key])

    def shown_history(self) -> set[tuple[int, str]]:
        """(year, file) pairs of earlier years whose figures this year's report shows or compares with."""
        year = self.report.year
        pairs = set()
        for key, section in self.report.sections.items():
            for spec in (*section.tables.values(), *section.diagrams.values()):
                if not hasattr(spec, "years") or getattr(spec, "table", None):
                    continue          # a free table, or a diagram of one: its cells name their own years
                years = range(year - spec.years + 1, year) if isinstance(spec.years, int) else spec.years
                pairs.update((y, key) for y in years if y != year)
            pairs.update((year - c.years_back, key) for c in section.comparisons.values())
        return pairs

    def figures(self, at: FileAt | None = None, history: bool = True) -> Iterator[FigureAt]:
        """Every figure and part of a file (or of every file), outermost first."""
        for file in [at] if at else self.files(history):
            for name, figure in file.section.figures.items():
                yield from self._walk(FigureAt(file, figure, ("figures", name), f"figures.{name}", figure.measure()))

    def parts(self, at: FigureAt) -> list[FigureAt]:
        """The direct parts of a figure, each with its place."""
        return [FigureAt(at.file, part, (*at.path, "parts", i), f"{at.name}.{part.id or f'parts.{i}'}",
                         part.measure((), at.measure)) for i, part in enumerate(at.figure.parts)]

    def value(self, at: FigureAt) -> Number | None:
        """A figure's number, following a reference "{…}"; RefError if it cannot be followed."""
        return self.resolver.figure_value(at.figure, at.file.key, at.file.year)

    def file_order(self) -> dict[str, int]:
        """Rank of each file as shown, for sorting findings: report.yaml, then the reading order."""
        ranks: dict[str, int] = {}
        for year, key in [(self.report.year, REPORT_FILE), *((f.year, f.key) for f in self.files())]:
            ranks.setdefault(self.report.where(key, (), year)[0], len(ranks))
        return ranks

    def _walk(self, at: FigureAt) -> Iterator[FigureAt]:
        yield at
        for part in self.parts(at):
            yield from self._walk(part)


def dotted(path: tuple) -> str:
    return ".".join(map(str, path))


def number(value: Number | None) -> str:
    """215534 → '215 534' (no-break space), as the report prints it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fmt.number(value)


def shown(value: Number, unit: str = "count") -> str:
    """A number as the report prints it in its unit, for a finding's message: '215 534', '100,7%'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fmt.quantity(value, unit)


def signed(value: Number) -> str:
    """A difference with its sign: '+3 088', '−448' (the minus sign U+2212)."""
    if value < 0:
        return MINUS + number(-value)
    return "+" + number(value)


def same(a: Number, b: Number, tolerance: float = 1e-9) -> bool:
    return abs(a - b) < tolerance + 1e-9


def rounding(places: int | None, terms: int) -> float:
    """How far a sum of ``terms`` numbers rounded to ``places`` digits may stray: half a last digit each."""
    return 0.0 if places is None else terms * 0.5 * 10 ** -places


def excerpt(text: str, size: int = 60) -> str:
    """The first words of an item's text, without markup, to recognise it by."""
    plain = " ".join(text.replace("**", "").replace("*", "").split())
    if len(plain) <= size:
        return plain
    cut = plain[:size].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"

