"""The folders a PDF writer may read a picture from (``Job.allowed_roots``: the inputs', the run's
work folder): every engine refuses any other file the same way. The checks of the inputs keep a
photo inside its year's folder already; this is the writers' own guard, never a user's message."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class OutsideRoots(RuntimeError):
    """A picture outside the folders the writer may read."""


def within(path: Path | str, allowed: Iterable[Path]) -> Path:
    """``path`` resolved (symlinks followed), if it lies under one of ``allowed``; else OutsideRoots."""
    allowed = list(allowed)
    resolved = Path(path).resolve()
    if not any(resolved.is_relative_to(Path(folder).resolve()) for folder in allowed):
        raise OutsideRoots(f"{resolved} is outside {', '.join(map(str, allowed))}: the PDF does not read it")
    return resolved
