"""The loaded report: this year's files, earlier years' figures, and where each field came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

from generator.doc.provenance import Field
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

    def input_field(self, key: str, path: tuple, year: int | None = None) -> Field:
        """An input field, as the text made from it carries it (an earlier year's with its year)."""
        return Field(key, tuple(path), None if year in (None, self.year) else year)

    def place(self, field: Field) -> tuple[str, int | None]:
        """The file (as shown) and line of an input field."""
        return self.where(field.key, field.path, field.year_or(self.year))

    def file_named(self, key: str, year: int | None = None) -> str:
        """A file of the inputs as the user named their folder (``--inputs``), there or not:
        '../museum/2020/funds.yaml'."""
        year = year or self.year
        source = self.sources.get((year, key))
        if source is not None:
            return source.shown
        mine = self.sources.get((self.year, REPORT_FILE))
        folder = PurePath(mine.shown).parent.parent if mine else PurePath("inputs")
        return (folder / str(year) / f"{key}.yaml").as_posix()

    def where(self, key: str, path: tuple = (), year: int | None = None) -> tuple[str, int | None]:
        """The file (as shown) and line of a field of a section."""
        source = self.sources.get((year or self.year, key))
        if source is None:
            return f"{key}.yaml", None
        return source.shown, source.line(path)
