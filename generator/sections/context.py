"""What every builder gets: the report, the layout profile, a resolver, and a list for problems."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.config import Profile
from generator.doc.inline import parse_inline, slips, squash
from generator.doc.model import Inline
from generator.doc.provenance import Field
from generator.load.problems import Problem
from generator.model.report import Report
from generator.model.refs import RefError, Resolver, Scope, brace_slips, figure_path


@dataclass
class Context:
    """Read-only inputs of the build plus the problems it finds (builders never raise on inputs),
    and its findings: markup of the inputs that would be printed as typed."""
    report: Report
    profile: Profile
    problems: list[Problem] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.report, self.profile)

    def problem(self, key: str, path: tuple, message: str, year: int | None = None) -> None:
        shown, line = self.report.where(key, path, year)
        self.problems.append(Problem(shown, line, ".".join(map(str, path)), message))

    def text(self, text: str, key: str, path: tuple, local: dict[str, str] | None = None,
             marked: bool = False, year: int | None = None) -> str:
        """Text with its references filled in (``marked``: wrapped with their sources, for
        parse_inline) and its line breaks folded, as typed over several lines in YAML (a heading,
        a title or a paragraph is one line of the report); a broken reference becomes a problem.

        The one rule of every printed text: markup that would print as typed (a brace of no
        reference, an unclosed ``^[``, ``**`` or ``*``; outside a ``marked`` text, any bold, italic
        or footnote) is a finding at the field. ``year``: the year its references are read as of
        (default: the report's)."""
        self._slips(text, key, path, inline=marked)
        try:
            return squash(self.resolver.expand(text, Scope(key, year or self.report.year, local or {}), marked=marked))
        except (RefError, ValueError) as exc:
            self.problem(key, path, str(exc))
            return squash(text)

    def _slips(self, text: str, key: str, path: tuple, inline: bool) -> None:
        bare, braces = brace_slips(text)
        found = [("markup_brace", message, {"brace": brace}) for brace, message in braces]
        found += [(term, message, {}) for term, message in slips(bare, inline)]
        shown, line = self.report.where(key, path)
        for term, message, values in found:
            self.findings.append(Problem(shown, line, ".".join(map(str, path)), message,
                                         source=self.source(key, path), term=term, values=values))

    def marked(self, text: str, key: str, path: tuple, local: dict[str, str] | None = None) -> str:
        return self.text(text, key, path, local, marked=True)

    def inlines(self, text: str, key: str, path: tuple, local: dict[str, str] | None = None) -> list[Inline]:
        """Inline spans of a text; values from figures carry their source."""
        return parse_inline(squash(self.marked(text, key, path, local)))

    def label(self, label: str, key: str, names: list[str]) -> str:
        """A figure's or a part's label as printed, at its field (figures.holdings.parts.0.label)."""
        section = self.report.sections.get(key)
        path = figure_path(section, names) if section else ("figures", *names)
        return self.text(label, key, (*path, "label"))

    def source(self, key: str, path: tuple) -> Field:
        """The input field of this year's file ``key`` at ``path``."""
        return self.report.input_field(key, path)

    def gaps(self) -> tuple[list[Problem], list[Problem]]:
        """What the document needed but the inputs lack: figures not filled in, and earlier years' data."""
        unfilled = [self._gap_problem(g, "not filled in yet") for g in self.resolver.unfilled]
        grouped: dict[tuple, list] = {}
        for gap, why in self.resolver.no_data.items():
            grouped.setdefault((gap.key, gap.year, why), []).append(gap)
        no_data = []
        for (key, year, why), gaps in grouped.items():
            first = min((self._gap_problem(g, "") for g in gaps), key=lambda p: p.line or 0)
            names = ", ".join(dict.fromkeys(self._gap_problem(g, "").field for g in gaps))
            no_data.append(Problem(first.file, first.line, first.field,
                                   f"the report compares with {year}, but {why}; "
                                   f"{names} show «{self.resolver.marks.no_data}» for {year}"))
        return _unique(unfilled), no_data

    def _gap_problem(self, gap, message: str) -> Problem:
        section = self.report.sections.get(gap.key)
        path = figure_path(section, list(gap.names)) if section and gap.names[0] != "lists" else gap.names
        shown, line = self.report.where(gap.key, path)
        return Problem(shown, line, ".".join(map(str, path if gap.names[0] == "lists" else ("figures", *gap.names))), message)

    def year_label(self, year: int) -> str:
        """A year as table headers and diagram axes print it (report.yaml's ``year_label``), its
        references read as of that year (``{year}``, ``{year-1}``) under the rule of every text."""
        return self.text(self.report.info.year_label, "report", ("year_label",), year=year)

    def years(self, spec: int | list[int]) -> list[int]:
        """The years a table or diagram shows: the last N up to the report's year, or a list."""
        if isinstance(spec, int):
            return list(range(self.report.year - spec + 1, self.report.year + 1))
        return list(spec)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
