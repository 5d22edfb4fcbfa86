"""How the command line speaks: plain lines, never a traceback (``generator.cli``'s commands use it).

A user's mistake (inputs, options, an output folder that cannot be written) is one plain line
and exit 1; only the program's own errors say «internal error», and exit 2.
"""
from __future__ import annotations

import errno
import os
import sys
import traceback

import typer

from generator import interrupt
from generator.docxread import DocxRefused
from generator.load.problems import InputErrors
from generator.lock import FolderBusy
from generator.outputs import OutputEdited, OutputFolderError


def say(text: str) -> None:
    """One line for the person running the command (on stderr: the reports' paths go to stdout)."""
    typer.echo(text, err=True)


#: What an error of the file system means for the person who chose the folder.
_OS_ERRORS = {errno.EEXIST: "is a file, not a folder", errno.ENOTDIR: "a file stands where a folder should be",
              errno.EISDIR: "is a folder, not a file", errno.EACCES: "cannot be written (no permission)",
              errno.EPERM: "cannot be written (no permission)", errno.EROFS: "is on a read-only disk",
              errno.ENOSPC: "the disk is full", errno.ENOENT: "there is no such folder"}


def plain_os_error(exc: OSError) -> str:
    """One line for an error of the file system: the path, what it means, what to do."""
    meaning = _OS_ERRORS.get(exc.errno, exc.strerror or str(exc))
    return (f"{exc.filename}: {meaning}. Nothing was replaced in the output folder; "
            "choose a folder you can write in (--output).")


def progress(step: str) -> None:
    """The step a run has reached, shown at a terminal only."""
    if sys.stderr.isatty():
        say(f"… {step}")


def _fail_on_inputs(exc: InputErrors) -> None:
    for problem in exc.problems:
        say(str(problem))
    count = len(exc.problems)
    say(f"{count} problem{'s' if count != 1 else ''} in the inputs: nothing was written. Fix them and run again.")
    raise typer.Exit(1)


def guard(debug: bool, action):
    """Run an action; input mistakes become plain messages, anything else a short note."""
    try:
        return action()
    except InputErrors as exc:
        _fail_on_inputs(exc)
    except (OutputEdited, OutputFolderError, DocxRefused, FolderBusy) as exc:
        say(str(exc))
        raise typer.Exit(1)
    except typer.Exit:
        raise
    except ImportError as exc:  # a package missing, or of a version not tested (weasyprint_compat says which)
        interrupt.check()       # or Ctrl-C, which an import can turn into another error
        if debug:
            traceback.print_exc()
        say(str(exc))
        raise typer.Exit(1)
    except Exception as exc:    # noqa: BLE001 — said plainly below
        interrupt.check()
        if debug:
            traceback.print_exc()
        if isinstance(exc, OSError) and exc.filename is not None:   # a file where a folder should be, …
            say(plain_os_error(exc))
            raise typer.Exit(1)
        say(f"The report could not be made because of an internal error ({type(exc).__name__}: {exc}). "
            "Nothing was replaced in the output folder. Run again with --debug and send the text to the developers.")
        raise typer.Exit(2)


def report_todo(unfilled) -> None:
    """The figures and lists still to fill in, file by file."""
    by_file: dict[str, list] = {}
    for problem in unfilled:
        by_file.setdefault(problem.file, []).append(problem)
    for file, problems in by_file.items():
        typer.echo(f"To fill in {file}:")
        for p in sorted(problems, key=lambda p: p.line or 0):
            typer.echo(f"  line {p.line}: {p.field}" if p.line else f"  {p.field}")
    if unfilled:
        typer.echo(f"{len(unfilled)} figures and lists still to fill in.")


def report_warnings(notes, findings) -> None:
    """The loader's notes (photos not there yet) and the open findings as warnings, each kind
    counted, then the acknowledged findings with their reasons; «warning» coloured on a
    terminal (not where NO_COLOR is set)."""
    label = "warning:"
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        label = typer.style(label, fg=typer.colors.YELLOW, bold=True)
    open_ = [f for f in findings if not f.acknowledged]
    for item in [*notes, *open_]:
        typer.echo(f"{label} {item}")
    for finding in findings:
        if finding.acknowledged:
            typer.echo(f"acknowledged: {finding} (why it stays: {finding.acknowledged})")
    if notes:
        typer.echo(f"{len(notes)} warning{'s' if len(notes) != 1 else ''} about the inputs.")
    if open_:
        typer.echo(f"{len(open_)} finding{'s' if len(open_) != 1 else ''} in the figures.")
    if len(open_) < len(findings):
        typer.echo(f"{len(findings) - len(open_)} acknowledged in report.yaml.")
