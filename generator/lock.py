"""One run at a time per output folder: ``with hold(folder): ...`` around everything that writes there.

The holder keeps ``.generate-report.lock`` in the folder, locked with ``flock`` and holding its
process id, start time and command, and deletes it when it is done. Another run (a second
build, the live preview) waits up to ``waiting`` seconds for it, then raises ``FolderBusy``,
whose text is one plain line naming the holder and what to do. The kernel drops the lock when
its holder dies however it dies, so a lock file left by a dead run is simply taken over.
A long-lived process (the live preview) holds the folder only while it writes, so a build is
not kept out while the preview waits for the next edit.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

if os.name == "nt":                   # Windows: a byte far past the text, locked with msvcrt
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Lock the file for this process; False while another holds it."""
        os.lseek(fd, 1 << 30, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Lock the file for this process; False while another holds it. A file system without
        locks (some network shares) cannot keep two runs apart: the run goes on unguarded."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return True
        return True

LOCK_NAME = ".generate-report.lock"
WAITING = 5.0
"""Seconds a second run waits for the folder: a double start waits out the first run's last
replacements, a forgotten one is told soon."""
POLL = 0.1


class FolderBusy(Exception):
    """Another run holds the output folder; the text says which and what to do."""

    def __init__(self, folder: Path, holder: str):
        self.folder, self.holder = folder, holder
        super().__init__(f"{folder}: another run is writing here ({holder}). Nothing was written. "
                         "Wait for it to finish and run again, or stop that process first.")


@contextmanager
def hold(folder: Path, waiting: float = WAITING, command: str | None = None) -> Iterator[Path]:
    """Hold ``folder`` (created if missing) for the block; FolderBusy after ``waiting`` seconds."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = _acquire(path, time.monotonic() + max(0.0, waiting))
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _about_me(command).encode("utf-8"))
        yield path
    finally:
        if _same_file(fd, path):
            try:
                os.unlink(path)       # still locked: a run waiting on this file retries on a new one
            except PermissionError:
                pass                  # Windows keeps an open file; the next run takes it over
        os.close(fd)


def holder(folder: Path) -> str:
    """Who holds ``folder`` now, as the lock file says ('' if nobody does)."""
    try:
        return (Path(folder) / LOCK_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _acquire(path: Path, deadline: float) -> int:
    """A descriptor of the lock file at ``path``, locked by this process; FolderBusy after the deadline."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            if time.monotonic() >= deadline:
                raise FolderBusy(path.parent, holder(path.parent) or "process unknown") from None
            time.sleep(POLL)
            continue
        if _same_file(fd, path):
            return fd
        os.close(fd)                  # the last holder deleted it while we opened it: try the new one


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _about_me(command: str | None) -> str:
    """The holder's line: process id, start time (UTC) and command."""
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    command = command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    return f"process {os.getpid()}, started {started}: {command}\n"
