"""`generate-report preview 2021`: the printed pages in a browser, following each saved change.

One warm process: a web server on 127.0.0.1 (``server``) shows the last build's pages; the main
thread watches the year's inputs, the earlier years' folders and the layout profiles
(watchfiles) and builds again after each change (``build``). Everything it makes lives in a
temporary folder removed when it stops (or, if it was killed, by the next preview); nothing is
written to ``output/``.
"""
from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
import threading
from functools import partial
from pathlib import Path
from typing import Callable

from generator.config import PROFILES_DIR

#: Wait for 30 ms of quiet after a change (an editor's save is several events), 300 ms at most.
QUIET_MS, LONGEST_MS = 30, 300
IDLE_MS = 200       # how long the watcher waits before it yields no change (the first build starts then)
_YEAR = re.compile(r"\d{4}")
PREFIX = "report-preview-"      # the temporary folder's name: this, the process id, a dash, random letters


def serve(inputs_root: Path, year: int, profile: str | None, port: int,
          on_ready: Callable[[str], None], say: Callable[[str], None], debug: bool = False,
          engine: str | None = None) -> None:
    """Serve the preview of the pages ``engine`` lays out (None: the engine that would write the
    PDF) until Ctrl-C (KeyboardInterrupt, raised to the caller); ``on_ready`` gets the page's
    address as soon as it answers (the page waits for the first build itself), ``say`` one line
    per build (and, with ``debug``, the traceback of a program error)."""
    from generator.preview.build import Builder, preview_engine
    from generator.preview.server import Shown
    inputs_root = inputs_root.resolve()
    if not (inputs_root / str(year)).is_dir():
        from generator.load.inputs import preflight
        preflight(inputs_root, year)            # says the folder is missing (InputErrors)
    engine = preview_engine(engine)             # one it cannot show: said before anything is made
    from generator.replacement import remove_dead_work
    remove_dead_work(Path(tempfile.gettempdir()), PREFIX)      # what a preview killed earlier left
    work = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    server, before, tempfile.tempdir = None, tempfile.tempdir, str(work)    # WeasyPrint's fonts too
    try:
        builder = Builder(inputs_root, year, profile, work, engine)
        shown = Shown(year)
        server = _server(port, shown, builder.pages)
        threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
        on_ready(f"http://{server.server_address[0]}:{server.server_port}/")
        publish = partial(_publish, builder, shown, say, debug)
        _watch(inputs_root, year, builder, publish, first=partial(_first, publish))
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        tempfile.tempdir = before
        shutil.rmtree(work, ignore_errors=True)


def _server(port: int, shown, shelf):
    """The web server on ``port``; a port that cannot be used is said plainly (InputErrors)."""
    from generator.load.problems import InputErrors, Problem
    from generator.preview.server import make_server
    try:
        return make_server(port, shown, shelf)
    except OSError as exc:
        raise InputErrors([Problem("--port", None, "", f"port {port} cannot be used ({exc.strerror}); "
                                   "choose another, or leave --port out for a free one")]) from None


def _publish(builder, shown, say, debug: bool) -> None:
    """Build once, show it, and say what it gave in one line (and each problem on its own)."""
    build = builder.rebuild()
    shown.publish(build)
    if debug and build.trace:
        say(build.trace.rstrip())
    if build.problems:
        say(f"Build {build.number}: {len(build.problems)} problem{'s' if len(build.problems) != 1 else ''} "
            f"in the inputs (the page shows them):")
        for problem in build.problems:
            say(f"  {problem}")
    else:
        findings = sum(f.kind == "finding" for f in build.findings)
        say(f"Build {build.number}: {build.seconds:.2f} s, {len(build.pages)} pages "
            f"({build.drawn} drawn again), {findings} finding{'s' if findings != 1 else ''}.")


def _first(publish: Callable[[], None]) -> None:
    """The first build, shown; then its garbage freed and what it loaded and keeps frozen out of
    the cycle collector's scans (never scanned again)."""
    publish()
    gc.collect()
    gc.freeze()


def _watch(inputs_root: Path, year: int, builder, publish: Callable[[], None],
           first: Callable[[], None] = lambda: None) -> None:
    """Make the ``first`` build once the files are watched (a file saved while it is made is
    seen), then build again after each change of a file the report reads; Ctrl-C alone ends it."""
    import watchfiles
    for changes in watchfiles.watch(inputs_root, PROFILES_DIR, debounce=LONGEST_MS, step=QUIET_MS,
                                    rust_timeout=IDLE_MS, yield_on_timeout=True, raise_interrupt=True):
        if first is not None:
            first()
            first = None
        paths = [Path(path) for _, path in changes if _read_by_report(Path(path), inputs_root, year)]
        if not paths:
            continue
        builder.forget(profile=any(p.is_relative_to(PROFILES_DIR) for p in paths),
                       photos=any(p.suffix.lower() not in (".yaml", ".yml") for p in paths))
        publish()


def _read_by_report(path: Path, inputs_root: Path, year: int) -> bool:
    """A file of the year's folder, of an earlier year's folder, or a layout profile."""
    if path.is_relative_to(PROFILES_DIR):
        return True
    if not path.is_relative_to(inputs_root):
        return False
    folder = path.relative_to(inputs_root).parts[0]
    return bool(_YEAR.fullmatch(folder)) and int(folder) <= year and path != inputs_root / folder
