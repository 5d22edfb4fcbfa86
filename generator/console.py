"""The console script ``generate-report``: Ctrl-C is one line and exit 130 from its first instant.

Nothing heavy is imported before the handler of ``generator.interrupt`` is in place, so even a
Ctrl-C while the command line's libraries load ends the run with its one line, no traceback.
"""
from __future__ import annotations

import sys

from generator import interrupt


def run() -> None:
    """``generator.cli.run`` with Ctrl-C caught wherever it comes, the import included."""
    interrupt.install()
    try:
        from generator.cli import run as command
        command()
    except KeyboardInterrupt as stop:
        interrupt.ignore()
        print(interrupt.said(), file=sys.stderr, flush=True)
        sys.exit(130)
