"""Worker processes beside the main one: they draw the charts and write the DOCX meanwhile.

A run's work has two strands. The main process reads the inputs, imports WeasyPrint, lays the
pages out and writes the PDF; the charts (matplotlib), the placeholder photos and the DOCX need
none of that. ``Workers`` forks its processes first, before any heavy import: each one loads
matplotlib while the main process reads the inputs and loads WeasyPrint, so neither waits for
the other's imports, and on two cores the two strands run side by side.

Fork is used only where it is safe (a POSIX system, no other thread running): forked workers
start in milliseconds. Elsewhere (Windows, macOS' spawn, a program with threads) spawned workers
would load matplotlib again, which costs more than a report's few charts, so the work is done
in the main process instead, in the same order, with the same results.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

#: Enough workers for the side strand at any size; more only add memory on a small machine.
MAX_WORKERS = 4


class Workers:
    """A few forked processes that run functions given to ``submit``; inline where fork is unsafe.

    Use it as a context manager: leaving it waits for the work given and ends the processes.
    Functions and their arguments are pickled to the workers: give module-level functions.
    """

    def __init__(self, count: int | None = None):
        context = fork_context()
        count = min(count or cpu_count(), MAX_WORKERS)
        self._pool = None
        if context is not None and count >= 1:
            self._pool = ProcessPoolExecutor(count, mp_context=context, initializer=_warm_up)
            self._pool.submit(int)          # fork now, while the main process is still small

    @property
    def parallel(self) -> bool:
        """Whether the work runs in other processes (False: in this one, when submitted)."""
        return self._pool is not None

    def submit(self, fn: Callable, /, *args) -> Future:
        """Run ``fn(*args)`` in a worker; inline (at once) when there are none."""
        if self._pool is not None:
            return self._pool.submit(fn, *args)
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:        # noqa: BLE001 — handed back by result(), as a worker would
            future.set_exception(exc)
        return future

    def close(self) -> None:
        """Wait for the work given, then end the processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _warm_up() -> None:
    """In each new worker: load matplotlib and the bundled fonts before the first chart is asked for."""
    from generator.charts.draw import register_fonts
    register_fonts()


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork, when it is safe: a POSIX system and no other thread running in this process."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")
