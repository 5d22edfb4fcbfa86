"""The console script ``generate-report``: Ctrl-C is one line and exit 130 from its first instant.

This module imports nothing at its top, and ``run`` puts the handler of ``generator.interrupt``
in place before anything heavy loads, so even a Ctrl-C while the command line's libraries load
ends the run with its one line, no traceback. (Python's own start-up, before this module is
reached, is out of its reach.)
"""


def run() -> None:
    """``generator.cli.run`` with Ctrl-C caught wherever it comes, the imports included."""
    import sys
    try:
        from generator import interrupt
        interrupt.install()
        from generator.cli import run as command
        command()
    except (KeyboardInterrupt, Exception) as error:
        from generator import interrupt
        if not isinstance(error, KeyboardInterrupt) and not interrupt.stopped():
            raise
        interrupt.ignore()      # Ctrl-C, or what an import made of it (3.11: RuntimeError from __set_name__)
        print(interrupt.said(), file=sys.stderr, flush=True)
        sys.exit(130)
