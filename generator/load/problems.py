"""A mistake found in the inputs, said in one plain sentence with its place."""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from pathlib import Path

from generator.doc.provenance import Field


@dataclass(frozen=True)
class Problem:
    """One mistake or finding: where it is (file, line, field) and what is wrong."""
    file: str
    line: int | None
    field: str
    message: str
    source: Field | None = dc_field(default=None, compare=False)   # the input field (see Report.input_field)
    acknowledged: str = dc_field(default="", compare=False)  # why the finding stays (report.yaml acknowledged)
    term: str = dc_field(default="", compare=False)     # the message as a term of templates/terms/ (findings) …
    values: dict = dc_field(default_factory=dict, compare=False)   # … with these values, as printed

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place} {self.field}: {self.message}" if self.field else f"{place}: {self.message}"


class InputErrors(Exception):
    """Raised when the inputs cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def shown_path(path: Path) -> str:
    """A path as the user knows it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):        # elsewhere, or a loop of symbolic links
        return str(path)


def short_file(file: str) -> str:
    """'2021/funds.yaml' of any path to an input file: the same wherever the inputs folder is."""
    return "/".join(file.replace("\\", "/").split("/")[-2:])

