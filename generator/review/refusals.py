"""What a build would refuse in the inputs as ``--apply`` would leave them, found before any file is
replaced: the changed texts are read, with the rest of the inputs, from a twin folder beside them."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator.load.problems import InputErrors, Problem, shown_path


def refusals(changed: dict[Path, tuple[str, str]], ready, build: Callable[[Path], object]) -> list[Problem]:
    """What ``build`` refuses in the inputs with the ``changed`` files' texts (before, after) in
    place of theirs (none: the files may be written). The inputs are read from a twin folder beside
    them, of hard links (copies where links cannot be made) and the changed texts, so the files are
    read exactly as a build reads them."""
    if not changed:
        return []
    root = ready.report.year_dir.parent
    with tempfile.TemporaryDirectory(prefix=".review-check-", dir=root.parent) as folder:
        twin = Path(folder) / root.name
        _twin(root, twin, changed)
        try:
            build(twin)
        except InputErrors as exc:
            there, here = shown_path(twin), shown_path(root)
            return [replace(p, file=here + p.file.removeprefix(there)) for p in exc.problems]
    return []


def _twin(source: Path, target: Path, changed: dict[Path, tuple[str, str]]) -> None:
    """``target`` made a twin of the folder ``source``, with the ``changed`` files' new texts."""
    target.mkdir()
    inside = {parent for path in changed for parent in path.parents}
    for entry in source.iterdir():
        if entry in changed:
            (target / entry.name).write_text(changed[entry][1], encoding="utf-8", newline="")
        elif entry in inside and entry.is_dir() and not entry.is_symlink():
            _twin(entry, target / entry.name, changed)
        elif entry.is_symlink() or not entry.exists():
            continue                                    # read as a missing file: the build would not read it either
        elif entry.is_dir():
            shutil.copytree(entry, target / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target / entry.name)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
