"""The reports of a folder and their SHA256SUMS replaced as one set, durably, whatever stops the run.

A run stages its new files, complete, in its work folder (``.work-<pid>-<hex>``, see
``outputs.work_folder``). ``replace_set`` then:

1. syncs the staged files and the work folder to disk, and links the files they replace into
   ``old/`` there (the set in force until now, kept for a roll-back);
2. writes the journal ``.replacing`` (atomically: a synced file renamed into place), naming the
   work folder and each new file's SHA-256: from this moment the new set is the one in force;
3. renames the staged files over the old ones, SHA256SUMS last, syncs the folder, and removes
   the journal.

A later run that finds a journal (``recover``) finishes what it says: the renames not done
yet are done, when every new file is there whole; else the old set is put back from ``old/``.
Either way the folder holds one whole set again and the run says so in one line, and the new
report is never taken for a reviewer's edit. Work folders whose run has died are then removed.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from generator import interrupt
from generator.manifest import file_sha256
from generator.outputs import link_or_copy

JOURNAL_NAME = ".replacing"
OLD = "old"
WORK_PREFIX = ".work-"


def replace_set(output_dir: Path, work: Path, staged: list[Path]) -> None:
    """Put the ``staged`` files (in ``work``, named as in ``output_dir``; SHA256SUMS last) in place
    as one set; Ctrl-C meanwhile waits for the set to be whole (``interrupt.StoppedAfter``)."""
    for path in staged:
        sync(path)
    old = work / OLD
    old.mkdir()
    for path in staged:
        if (output_dir / path.name).is_file():
            link_or_copy(output_dir / path.name, old / path.name)
    sync(old)
    sync(work)
    journal = {"work": work.name, "files": [[p.name, file_sha256(p)] for p in staged]}
    with interrupt.held(f"Stopped (Ctrl-C) once the reports were replaced: the new ones are complete in {output_dir}."):
        _write_journal(output_dir, journal)
        _forward(output_dir, journal)


def recover(output_dir: Path) -> str | None:
    """Finish a replacement a stopped run left half done, then remove dead runs' work folders;
    one line saying what was found and done, None when nothing was."""
    said = None
    path = output_dir / JOURNAL_NAME
    if path.is_file():
        with interrupt.held(f"Stopped (Ctrl-C) after {output_dir} was repaired; nothing new was written."):
            said = _finish(output_dir, path)
    removed = remove_dead_work(output_dir)
    if removed and said is None:
        said = f"{output_dir}: removed what {removed} stopped run{'s' if removed > 1 else ''} left (.work-… folders)."
    return said


def remove_dead_work(folder: Path, prefix: str = WORK_PREFIX) -> int:
    """Remove the folders ``<prefix><pid>-…`` in ``folder`` whose process has ended without
    removing them (a run killed, the computer stopped); how many. Windows: none (see ``_alive``)."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)-[0-9A-Za-z_]+")
    count = 0
    for path in folder.glob(f"{prefix}*"):
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            count += 1
    return count


def _finish(output_dir: Path, path: Path) -> str:
    """Complete (or, if it cannot be completed, undo) the replacement the journal at ``path`` names."""
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        work = output_dir / journal["work"]
        files = [(str(name), str(digest)) for name, digest in journal["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        os.unlink(path)
        return f"{output_dir}: removed an unreadable record ({JOURNAL_NAME}) of an interrupted replacement."
    names = ", ".join(name for name, _ in files)
    if all(_new_there(output_dir, work, name, digest) for name, digest in files):
        _forward(output_dir, journal)
        return f"{output_dir}: a run was stopped while replacing {names}; the replacement was completed now."
    _back(output_dir, work, files)
    return f"{output_dir}: a run was stopped while replacing {names} and its new files are damaged; " \
           "the earlier ones were put back."


def _new_there(output_dir: Path, work: Path, name: str, digest: str) -> bool:
    """The new file ``name`` is whole: in place already, or staged in ``work``."""
    for path in (output_dir / name, work / name):
        if path.is_file() and file_sha256(path) == digest:
            return True
    return False


def _forward(output_dir: Path, journal: dict) -> None:
    """The staged files renamed into place (those not moved yet), synced; the journal and work folder removed."""
    work = output_dir / journal["work"]
    for name, _ in journal["files"]:
        if (work / name).is_file():
            os.replace(work / name, output_dir / name)
    _close(output_dir, work)


def _back(output_dir: Path, work: Path, files: list[tuple[str, str]]) -> None:
    """The earlier files put back from ``old/`` (a file that did not exist before is removed)."""
    for name, digest in files:
        if (work / OLD / name).is_file():
            os.replace(work / OLD / name, output_dir / name)
        elif (output_dir / name).is_file() and file_sha256(output_dir / name) == digest:
            os.unlink(output_dir / name)
    _close(output_dir, work)


def _close(output_dir: Path, work: Path) -> None:
    sync(output_dir)
    os.unlink(output_dir / JOURNAL_NAME)
    sync(output_dir)
    shutil.rmtree(work, ignore_errors=True)


def _write_journal(output_dir: Path, journal: dict) -> None:
    temporary = output_dir / journal["work"] / JOURNAL_NAME
    temporary.write_text(json.dumps(journal), encoding="utf-8")
    sync(temporary)
    os.replace(temporary, output_dir / JOURNAL_NAME)
    sync(output_dir)


def sync(path: Path) -> None:
    """Flush a file or folder to disk (a folder: its entries; not possible on Windows, skipped)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this one does); on Windows, where asking would end it, assumed so."""
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
