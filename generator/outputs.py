"""Never lose a reviewer's edit: outputs changed since they were written are kept, not replaced.

The generator knows what it wrote from SHA256SUMS in the output folder. A report there whose
bytes differ (a reviewer edited and saved it) stops the run; with ``force`` it is kept under a
name with its modification time as the new set replaces it. Nothing is ever deleted.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

from generator.manifest import SUMS_NAME, file_sha256 as sha256


class OutputEdited(Exception):
    """Reports in the output folder were changed after they were written."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        names = ", ".join(str(p) for p in paths)
        super().__init__(f"{names} changed after the generator wrote {'them' if len(paths) > 1 else 'it'} "
                         "(a reviewer's edits?). Nothing was written. Copy your edits into the inputs "
                         "(`generate-report review FILE` lists them), or run again with --force to keep "
                         "the edited file under a new name and write a fresh one.")


def recorded(output_dir: Path) -> dict[str, str]:
    """Name → SHA-256 of the reports the last run wrote here (from SHA256SUMS)."""
    sums = output_dir / SUMS_NAME
    if not sums.is_file():
        return {}
    out = {}
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        if name and "/" not in name:
            out[name] = digest
    return out


def edited(output_dir: Path, names: list[str]) -> list[Path]:
    """The reports among ``names`` that exist here with bytes other than the generator wrote."""
    known = recorded(output_dir)
    return [output_dir / n for n in names if (output_dir / n).is_file() and sha256(output_dir / n) != known.get(n)]


def unchanged_others(output_dir: Path, names: list[str]) -> dict[str, str]:
    """Reports of an earlier run not rewritten now and still as written: kept in SHA256SUMS."""
    return {n: h for n, h in recorded(output_dir).items()
            if n not in names and (output_dir / n).is_file() and sha256(output_dir / n) == h}


def keep_aside(path: Path) -> Path:
    """Keep an edited report also as <name>.edited-<its modification time><ext> (a hard link, else
    a copy), never over another file; the set's replacement then puts the fresh report under its
    name. Asked again after a stopped run, the copy kept then is found and given back."""
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        target = path.with_name(f"{path.stem}.edited-{stamp}{suffix}{path.suffix}")
        if target.is_file() and (os.path.samefile(target, path) or sha256(target) == sha256(path)):
            return target
        try:
            link_or_copy(path, target)
        except FileExistsError:
            continue
        return target
    raise OSError(f"cannot find a free name to keep {path}")


def link_or_copy(path: Path, target: Path) -> None:
    """``target`` made the same file as ``path`` (a copy where links are not possible); FileExistsError if taken."""
    try:
        os.link(path, target)
    except FileExistsError:
        raise
    except OSError:
        with open(path, "rb") as source, open(target, "xb") as copy:
            shutil.copyfileobj(source, copy)
        shutil.copystat(path, target)


class OutputFolderError(Exception):
    """The output folder cannot hold the reports: a file stands in its way, or it cannot be written."""


def usable_folder(output_dir: Path) -> None:
    """Raise OutputFolderError, in one plain sentence, if the reports cannot be written into ``output_dir``."""
    existing = next(p for p in (output_dir, *output_dir.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise OutputFolderError(f"{existing} is a file, not a folder: nothing was written. Give --output a folder "
                                "(the report goes into a folder named after its year inside it).")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputFolderError(f"{existing}: this folder cannot be written in (no permission): nothing was "
                                "written. Choose another folder with --output.")


@contextmanager
def made_folder(output_dir: Path):
    """Create ``output_dir`` (and its missing parents) for the run; if the run fails, remove the
    folders it created that are still empty, so a failure leaves the disk as it was."""
    missing = [p for p in (output_dir, *output_dir.parents) if not p.exists()]
    output_dir.mkdir(parents=True, exist_ok=True)
    try:
        yield output_dir
    except BaseException:
        for folder in missing:               # the deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


@contextmanager
def work_folder(output_dir: Path):
    """A hidden folder ``.work-…`` in ``output_dir`` for one run, removed when the block ends,
    however it ends: its name is chosen before it is made, so even a Ctrl-C in the instant it
    is made leaves nothing behind."""
    path = output_dir / f".work-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        path.mkdir(mode=0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
