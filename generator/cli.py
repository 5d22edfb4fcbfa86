"""The command line: `generate-report 2021`, `generate-report check 2021`. Messages are plain."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Optional

import typer

from generator.load.problems import InputErrors

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Make the National Museum's annual report (DOCX and PDF) from the inputs.")

COMMANDS = {"build", "check", "schema", "--help", "-h"}

InputsOpt = typer.Option(Path("inputs"), "--inputs", help="Folder with one folder of inputs per year.")
OutputOpt = typer.Option(Path("output"), "--output", help="Folder for the reports (one folder per year).")
DebugOpt = typer.Option(False, "--debug", help="Show the technical details of an unexpected error.")


def _say(text: str) -> None:
    typer.echo(text, err=True)


def _progress(step: str) -> None:
    if sys.stderr.isatty():
        _say(f"… {step}")


def _fail_on_inputs(exc: InputErrors) -> None:
    for problem in exc.problems:
        _say(str(problem))
    count = len(exc.problems)
    _say(f"{count} problem{'s' if count != 1 else ''} in the inputs: nothing was written. Fix them and run again.")
    raise typer.Exit(1)


def _guard(debug: bool, action):
    """Run an action; input mistakes become plain messages, anything else a short note."""
    try:
        return action()
    except InputErrors as exc:
        _fail_on_inputs(exc)
    except typer.Exit:
        raise
    except Exception as exc:  # an error of the program, not of the inputs
        if debug:
            traceback.print_exc()
        _say(f"The report could not be made because of an internal error ({type(exc).__name__}: {exc}). "
             "Nothing was replaced in the output folder. Run again with --debug and send the text to the developers.")
        raise typer.Exit(2)


@app.command("build")
def build(year: int = typer.Argument(..., help="The report's year, e.g. 2021."),
          inputs: Path = InputsOpt, output: Path = OutputOpt,
          format: str = typer.Option("docx,pdf", "--format", help="Which files: docx, pdf or docx,pdf."),
          profile: Optional[str] = typer.Option(None, "--profile", help="Layout profile name (templates/profiles/)."),
          strict: bool = typer.Option(False, "--strict", help="Treat every finding of the checks as an error."),
          debug: bool = DebugOpt) -> None:
    """Make the report of YEAR (the default command: `generate-report 2021`)."""
    from generator.pipeline import FORMATS, generate
    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        _say(f"--format: '{format}' is not understood; use docx, pdf or docx,pdf.")
        raise typer.Exit(1)
    result = _guard(debug, lambda: generate(inputs, year, output / str(year), formats, profile, strict, _progress))
    _report_warnings(result.warnings)
    for path in result.written:
        typer.echo(f"Written: {path}")


@app.command("check")
def check(year: int = typer.Argument(..., help="The report's year, e.g. 2021."),
          inputs: Path = InputsOpt, output: Path = OutputOpt,
          strict: bool = typer.Option(False, "--strict", help="Exit with an error if anything is found."),
          debug: bool = DebugOpt) -> None:
    """Load and check the inputs of YEAR; draw nothing."""
    from generator.check import check_report
    from generator.load.inputs import load_report
    findings = _guard(debug, lambda: check_report(load_report(inputs, year)))
    _report_warnings(findings)
    if not findings:
        typer.echo("No findings: the figures agree with each other.")
    if strict and findings:
        raise typer.Exit(1)


@app.command("schema")
def schema(output: Path = typer.Option(Path("schemas"), "--output", help="Folder for the JSON Schemas.")) -> None:
    """Write the JSON Schemas of the input files, so editors complete and underline fields."""
    from generator.load.schema import write_schemas
    for path in write_schemas(output):
        typer.echo(f"Written: {path}")


def _report_warnings(findings) -> None:
    for finding in findings:
        typer.echo(f"warning: {finding}")
    if findings:
        typer.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in the figures.")


def main() -> None:
    """Entry point: a bare year means `build YEAR`."""
    args = sys.argv[1:]
    if args and args[0] not in COMMANDS:
        args = ["build", *args]
    app(args=args, prog_name="generate-report")
