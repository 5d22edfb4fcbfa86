"""The loaded report: this year's files, earlier years' figures, and where each field came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model.inputs import ReportInfo, Section

REPORT_FILE = "report"


@dataclass
class Source:
    """One input file: its path as shown to the user and the line of each field."""
    shown: str
    path: Path
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """The line of a field, or of its nearest enclosing field."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


@dataclass
class Report:
    """Everything the builders need, already typed; no file is read after loading."""
    info: ReportInfo
    sections: dict[str, Section]
    history: dict[int, dict[str, Section]]
    sources: dict[tuple[int, str], Source]
    year_dir: Path
    photos: dict[str, Path | None] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.info.year

    def section_in(self, year: int, key: str) -> Section | None:
        """A section's data for a year: this year's, or an earlier year's figures."""
        if year == self.year:
            return self.sections.get(key)
        return self.history.get(year, {}).get(key)

    def source_id(self, key: str, path: tuple, year: int | None = None) -> str:
        """A short name for an input field, carried by the text made from it: '2020/funds:figures.holdings'."""
        prefix = "" if year in (None, self.year) else f"{year}/"
        return f"{prefix}{key}:{'.'.join(map(str, path))}"

    def parse_source(self, source: str) -> tuple[str, tuple, int]:
        """The file key, YAML path and year of a source id."""
        year, _, rest = source.rpartition("/")
        key, _, dotted = rest.partition(":")
        path = tuple(int(p) if p.isdigit() else p for p in dotted.split(".")) if dotted else ()
        return key, path, int(year) if year else self.year

    def where(self, key: str, path: tuple = (), year: int | None = None) -> tuple[str, int | None]:
        """The file (as shown) and line of a field of a section."""
        source = self.sources.get((year or self.year, key))
        if source is None:
            return f"{key}.yaml", None
        return source.shown, source.line(path)
