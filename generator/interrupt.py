"""Ctrl-C noticed even where a library swallows it, and held off while the reports are replaced.

``watch()`` puts a handler on SIGINT that remembers the interrupt before raising
KeyboardInterrupt. A library that catches BaseException around its work (WeasyPrint does,
around each SVG it paints) eats the exception but not the memory of it: ``check()``, called
after each phase, raises KeyboardInterrupt again, so an interrupted run never reports a
damaged file as written.

``held()`` marks the few steps that must not be cut in two (the replacement of a report's set
of files): a Ctrl-C there is remembered and raised as ``StoppedAfter`` once they are done;
from then on ``said()`` is the line saying what was completed. kill -9 cannot be held off;
``generator.replacement`` journals the replacement for that.

Only the main thread may set signal handlers; elsewhere, and where SIGINT is ignored (a
program started in the background), nothing is changed.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

_state = {"stopped": False, "holding": 0, "done": ""}    # Ctrl-C seen; held steps running; their line
NOTHING_WRITTEN = "Stopped (Ctrl-C): nothing was written or replaced."


class StoppedAfter(KeyboardInterrupt):
    """Ctrl-C that came while steps held off; ``done`` says what they completed."""

    def __init__(self, done: str):
        super().__init__(done)
        self.done = done


def _on_sigint(signum, frame) -> None:
    _state["stopped"] = True
    if not _state["holding"]:
        raise KeyboardInterrupt


def install() -> None:
    """Put the remembering handler on SIGINT, where Python's own one is (no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) in (signal.default_int_handler, _on_sigint):
        signal.signal(signal.SIGINT, _on_sigint)


def watch() -> None:
    """Start a run: remember the next Ctrl-C (one that came earlier in this process, swallowed
    before the handler was asked for, is not forgotten: the process is being stopped)."""
    _state["done"] = ""
    install()


def forget() -> None:
    """Forget a Ctrl-C seen: for a process that handled it and goes on (the tests)."""
    _state.update(stopped=False, done="")


def stopped() -> bool:
    """Whether Ctrl-C came (since ``forget()``)."""
    return _state["stopped"]


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C came, even if something swallowed it."""
    if _state["stopped"] and not _state["holding"]:
        raise KeyboardInterrupt


@contextmanager
def held(done: str) -> Iterator[None]:
    """Steps Ctrl-C does not cut. Once they have completed, ``done`` is the line a Ctrl-C of this
    run ends with (``said``), and an interrupt that came meanwhile is raised as ``StoppedAfter``
    (a failure of theirs is raised as it is)."""
    _state["holding"] += 1
    try:
        yield
    finally:
        _state["holding"] -= 1
    _state["done"] = done
    if _state["stopped"] and not _state["holding"]:
        raise StoppedAfter(done)


def said() -> str:
    """The one line a run stopped by Ctrl-C ends with: what held-off steps completed, if any."""
    return _state["done"] or NOTHING_WRITTEN


def ignore() -> None:
    """Ctrl-C ignored from now on: the run is ending and says its one line."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
