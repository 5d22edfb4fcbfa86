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
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import import_module
from typing import Callable

#: Enough workers for the side strand at any size; more only add memory on a small machine.
MAX_WORKERS = 4


class Workers:
    """A few forked processes that run functions given to ``submit``; inline where fork is unsafe.

    Use it as a context manager: leaving it waits for the work given and ends the processes.
    Functions and their arguments are pickled to the workers: give module-level functions.
    """

    def __init__(self, count: int | None = None, charts: bool = True, side: bool = False):
        """Fork ``count`` workers now (default: ``default_count()``); 0: none, all done here.
        ``charts``: they will draw charts, so each loads matplotlib as it starts. ``side``: one
        more process, loading no matplotlib, for the work of ``call_when`` (a writer's file), so
        that work runs beside the charts' drawing, not after it."""
        context = fork_context()
        count = min(default_count() if count is None else count, MAX_WORKERS)
        self._pool = None
        self._given: set[Future] = set()      # work not finished yet, for ``settle``
        self._lock = threading.Lock()
        self._side = _Side(context) if context is not None and count >= 1 and side else None   # forked first:
        if context is not None and count >= 1:                                                 # no thread yet
            self._pool = ProcessPoolExecutor(count, mp_context=context, initializer=_warm_up,
                                             initargs=(charts, os.getpid()))
            self._pool.submit(int)          # fork now, while the main process is still small

    def submit(self, fn: Callable, /, *args) -> Future:
        """Run ``fn(*args)`` in a worker; inline (at once) when there are none."""
        if self._pool is not None:
            return self._track(self._pool.submit(fn, *args))
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:        # noqa: BLE001 — handed back by result(), as a worker would
            future.set_exception(exc)
        return future

    def call(self, target: str, /, *args) -> Future:
        """Run the function named ``"package.module:function"`` in a worker with ``args``.

        Only the name travels: this process need not import the module (python-docx for the
        DOCX, matplotlib for a chart) to hand the work over.
        """
        return self.submit(run_named, target, *args)

    def call_when(self, ready: Callable[[], object], target: str, /, *args) -> Future:
        """``call(target, *args)`` once ``ready()`` has returned, without waiting here for either.

        A small thread waits for ``ready`` (other work's results, say) and hands the work over,
        so this process goes on meanwhile; an error of either is raised by ``result()``. Without
        worker processes both are done here, at once.
        """
        pool, side = self._pool, self._side
        if pool is None:
            ready()
            return self.call(target, *args)
        done: Future = Future()

        def hand_over() -> None:
            try:
                ready()
            except BaseException as exc:    # noqa: BLE001 — handed back by result()
                if done.set_running_or_notify_cancel():
                    done.set_exception(exc)
                return
            if not done.set_running_or_notify_cancel():
                return                      # cancelled by ``settle``: nothing more is handed over
            try:
                done.set_result(side.run(target, *args) if side else
                                self._track(pool.submit(run_named, target, *args)).result())
            except BaseException as exc:    # noqa: BLE001 — after close() the pool refuses new work,
                done.set_exception(exc)     # and that error lands here

        threading.Thread(target=hand_over, name="hand-over", daemon=True).start()
        return self._track(done)

    def _track(self, future: Future) -> Future:
        """Remember ``future`` until it is done (``settle`` may have to cancel or wait for it)."""
        with self._lock:
            self._given.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._given.discard(future)

    def settle(self) -> None:
        """After a failure or Ctrl-C: cancel the work not started, wait for the work running
        (its errors ignored), and hand nothing more over; the workers stay for a next run."""
        with self._lock:
            given = list(self._given)
        for future in given:
            future.cancel()
        for future in given:
            if not future.cancelled():
                try:
                    future.exception()
                except BaseException:   # noqa: BLE001 — cancelled meanwhile: nothing runs any more
                    pass

    def close(self) -> None:
        """Wait for the work given, then end the processes."""
        if self._side is not None:
            self._side.close()
            self._side = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class _Side:
    """One forked process that runs the functions sent to it (``run``), one at a time."""

    def __init__(self, context: multiprocessing.context.BaseContext):
        self._conn, child = context.Pipe()
        self._lock = threading.Lock()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), name="side", daemon=True)
        self._process.start()
        child.close()

    def run(self, target: str, *args):
        """``run_named(target, *args)`` in the process; its result, or its error raised here."""
        with self._lock:
            self._conn.send((target, args))
            done, value = self._conn.recv()
        if not done:
            raise value
        return value

    def close(self) -> None:
        """End the process once the work sent is done."""
        with self._lock:
            try:
                self._conn.send(None)
            except OSError:                     # the process has ended already
                pass
        self._process.join()
        self._conn.close()


def _serve(conn, parent: int) -> None:
    """In the side process: run each ``(target, args)`` received, send back (True, its result) or
    (False, its error), until None comes (or the main process has gone)."""
    _warm_up(False, parent)
    while (job := _received(conn)) is not None:
        target, args = job
        try:
            answer = (True, run_named(target, *args))
        except Exception as exc:                # noqa: BLE001 — raised in the main process by ``run``
            answer = (False, exc)
        conn.send(answer)


def _received(conn):
    try:
        return conn.recv()
    except EOFError:                            # the main process closed its end: nothing more comes
        return None


def run_named(target: str, *args):
    """Import ``"package.module:function"`` and call the function with ``args``."""
    module, _, name = target.partition(":")
    function = import_module(module)
    for attribute in name.split("."):       # "pathlib:Path.read_text" too
        function = getattr(function, attribute)
    return function(*args)


def _warm_up(charts: bool, parent: int) -> None:
    """In each new worker: end with the ``parent`` however it ends (``die_with``); leave Ctrl-C
    to the main process (which stops the work and cleans up); if it is to draw ``charts``, load
    matplotlib, the charts' drawing modules and the bundled fonts before the first chart is asked
    for (a chart drawn first after the layout had begun kept the PDF's painting waiting)."""
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if charts:
        import_module("generator.charts.draw")
        from generator.charts.style import register_fonts
        register_fonts()


#: prctl's request: the signal this process gets when the thread that forked it ends (Linux).
PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent, where the kernel cannot be asked to tell.
ORPHAN_POLL = 0.5


def die_with(parent: int) -> None:
    """End this process when ``parent`` ends, kill -9 included, so no worker writes on for a dead
    run: on Linux the kernel kills it (prctl PR_SET_PDEATHSIG); elsewhere a thread looks whether
    it was handed to another parent. A parent gone already ends it at once."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch_parent, args=(parent,), name="orphan-watch", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _ask_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    os._exit(1)


def default_count() -> int:
    """One worker per core but the main process's own, at least one, at most MAX_WORKERS.

    The main process is busy all along (layout, then the PDF); more workers than the cores
    left would only slow it down (the 2021 report on 2 cores: one worker 2.5 s, two 2.8 s).
    """
    return max(1, min(cpu_count() - 1, MAX_WORKERS))


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
