"""What every builder gets: the report, the layout profile, a resolver, and a list for problems."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.config import Profile
from generator.doc.inline import parse_inline, squash
from generator.doc.model import Inline
from generator.load.problems import Problem
from generator.model.report import Report
from generator.sections.refs import RefError, Resolver, Scope


@dataclass
class Context:
    """Read-only inputs of the build plus the problems it finds (builders never raise on inputs)."""
    report: Report
    profile: Profile
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.report, self.profile)

    def problem(self, key: str, path: tuple, message: str, year: int | None = None) -> None:
        shown, line = self.report.where(key, path, year)
        self.problems.append(Problem(shown, line, ".".join(map(str, path)), message))

    def text(self, text: str, key: str, path: tuple, local: dict[str, str] | None = None) -> str:
        """Text with its references filled in; a broken reference becomes a problem."""
        try:
            return self.resolver.expand(text, Scope(key, self.report.year, local or {}))
        except (RefError, ValueError) as exc:
            self.problem(key, path, str(exc))
            return text

    def inlines(self, text: str, key: str, path: tuple, local: dict[str, str] | None = None) -> list[Inline]:
        return parse_inline(squash(self.text(text, key, path, local)))

    def year_label(self, year: int) -> str:
        return self.report.info.year_label.replace("{year}", str(year))

    def years(self, spec: int | list[int]) -> list[int]:
        """The years a table or diagram shows: the last N up to the report's year, or a list."""
        if isinstance(spec, int):
            return list(range(self.report.year - spec + 1, self.report.year + 1))
        return list(spec)
