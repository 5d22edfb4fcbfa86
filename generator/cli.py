"""The command line: `generate-report 2021`, `generate-report check 2021`. Messages are plain.

A user's mistake (inputs, options, an output folder that cannot be written) is one plain line
and exit 1; Ctrl-C one line and exit 130; only the program's own errors say «internal error».
"""
from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from generator import interrupt
from generator.fmt import whole_number
from generator.lock import WAITING
from generator.messages import guard, progress, report_todo, report_warnings, say
from generator.pipeline import preflight
from generator.resources import INPUTS_NAME, OUTPUT_NAME, find_project
from generator.writers.registry import described

PROG = "generate-report"
#: click's errors for a wrong option or argument, found through typer (which may carry its own click).
_CLICK_ERRORS = {c.__name__: c for c in typer.BadParameter.__mro__}
UsageError, ClickException = _CLICK_ERRORS["UsageError"], _CLICK_ERRORS["ClickException"]
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]},
                  help="Make the National Museum's annual report (DOCX and PDF) from the inputs.")

InputsOpt = typer.Option(None, "--inputs", show_default="inputs/ of the project folder",
                         help="Folder with one folder of inputs per year.")
OutputOpt = typer.Option(None, "--output", show_default="output/ beside the inputs",
                         help="Folder for the reports (one folder per year).")
DebugOpt = typer.Option(False, "--debug", help="Show the technical details of an unexpected error.")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            typer.echo(f"{PROG} {version('museum-report-generator')}")
        except PackageNotFoundError:         # run from a checkout that was never installed
            typer.echo(f"{PROG} (not installed: run from {Path(__file__).resolve().parent.parent})")
        raise typer.Exit()


@app.callback()
def _options(show_version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                               help="Show the version and exit.")) -> None:
    """Make the National Museum's annual report (DOCX and PDF) from the inputs."""


def _folders(inputs: Path | None, output: Path | None) -> tuple[Path, Path]:
    """The inputs and output folders: as given, or those of the project folder found from here
    upwards (the folder holding inputs/, as git finds its repository); output/ sits beside inputs/."""
    if inputs is None:
        project = find_project(Path.cwd())
        if project is None:
            say(f"There is no {INPUTS_NAME}/ folder here or in any folder above: run in the project folder "
                 "or give --inputs.")
            raise typer.Exit(1)
        inputs = project / INPUTS_NAME
    return inputs, output if output is not None else inputs.resolve().parent / OUTPUT_NAME


@app.command("build")
def build(year: int = typer.Argument(..., help="The report's year, e.g. 2021."),
          inputs: Path = InputsOpt, output: Path = OutputOpt,
          format: str = typer.Option("docx,pdf", "--format", help="Which files: docx, pdf or docx,pdf."),
          profile: Optional[str] = typer.Option(None, "--profile", help="Layout profile name (templates/profiles/)."),
          strict: bool = typer.Option(False, "--strict", help="Treat every finding of the checks as an error."),
          draft: bool = typer.Option(False, "--draft", help="Make a draft even if figures are not filled in yet."),
          pdf_variant: str = typer.Option("pdf/a-3a", "--pdf-variant",
                                          help="PDF/A kind: pdf/a-3a, pdf/a-3u (inputs attached), "
                                               "pdf/a-2a or pdf/a-2u (nothing attached)."),
          pdf_engine: Optional[str] = typer.Option(None, "--pdf-engine",
                                                   help=f"{described('pdf')}; default: the first of these that "
                                                        "loads here."),
          force: bool = typer.Option(False, "--force", help="If a report here was edited, keep it under a new name "
                                                           "and write a fresh one."),
          wait: float = typer.Option(WAITING, "--wait", min=0,
                                     help="Seconds to wait if another run is writing in the same output folder."),
          edition: Optional[str] = typer.Option(None, "--edition",
                                                help="kk-Latn: the Kazakh report in Latin letters; ru, en: "
                                                     "translated by inputs/YEAR/translations/<language>.po "
                                                     "(report-YEAR-<edition>.*); all: the report and every "
                                                     "edition report.yaml names."),
          debug: bool = DebugOpt) -> None:
    """Make the report of YEAR (the default command: `generate-report 2021`)."""
    from generator.pipeline import FORMATS, generate
    from generator.writeset import start_workers
    inputs, output = _folders(inputs, output)
    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        say(f"--format: '{format}' is not understood; use docx, pdf or docx,pdf.")
        raise typer.Exit(1)
    from generator.writers.pdf_variants import ARCHIVE_VARIANTS
    variant = pdf_variant.strip().lower()
    variant = variant if variant.startswith("pdf/") else f"pdf/{variant}"
    if variant not in ARCHIVE_VARIANTS:
        say(f"--pdf-variant: '{pdf_variant}' is not understood; use {', '.join(ARCHIVE_VARIANTS)}.")
        raise typer.Exit(1)
    from generator.writers.registry import engines
    if pdf_engine is not None and pdf_engine.strip().lower() not in engines("pdf"):
        say(f"--pdf-engine: '{pdf_engine}' is not understood; use {' or '.join(engines('pdf'))}.")
        raise typer.Exit(1)
    engine = pdf_engine and pdf_engine.strip().lower()
    with start_workers(formats, engine) as workers:   # forked first: they load what they need while the inputs are read
        report, notes = guard(debug, lambda: preflight(inputs, year, strict))
        result = guard(debug, lambda: generate(inputs, year, output / str(year), formats=formats,
                                               profile_name=profile, strict=strict, progress=progress, draft=draft,
                                               pdf_variant=variant, force=force, workers=workers, report=report,
                                               waiting=wait, pdf_engine=engine, edition=edition))
    for notice in result.notices:
        say(notice)
    for path in result.kept:
        typer.echo(f"Kept the edited file as: {path}")
    report_warnings(notes, result.warnings)
    for path in result.written:
        typer.echo(f"Written: {path}")
    if result.manifest:
        typer.echo(f"Written: {result.manifest}")


@app.command("check")
def check(year: int = typer.Argument(..., help="The report's year, e.g. 2021."),
          inputs: Path = InputsOpt, output: Path = OutputOpt,
          strict: bool = typer.Option(False, "--strict", help="Exit with an error if anything is found."),
          edition: Optional[str] = typer.Option(None, "--edition",
                                                help="ru, en: also check that edition's translations (untranslated, "
                                                     "fuzzy, wrong references); all: every edition's."),
          debug: bool = DebugOpt) -> None:
    """Load and check the inputs of YEAR, and list what is still to fill in; draw nothing."""
    from generator.pipeline import open_findings, prepare
    inputs, _ = _folders(inputs, output)
    report, notes = guard(debug, lambda: preflight(inputs, year))
    ready = guard(debug, lambda: prepare(inputs, year, report=report))
    if edition:
        from generator.editions import translation_findings
        notes = [*notes, *guard(debug, lambda: translation_findings(report, edition))]
    report_todo(ready.unfilled)
    report_warnings(notes, ready.findings)
    if not ready.findings and not ready.unfilled:
        typer.echo("No findings: the figures agree with each other.")
    elif not open_findings(ready.findings) and not ready.unfilled:
        typer.echo("No open findings: each is acknowledged in report.yaml.")
    if strict and (open_findings(ready.findings) or ready.unfilled or notes):
        raise typer.Exit(1)


@app.command("translations")
def translations_command(year: int = typer.Argument(..., help="The report's year, e.g. 2021."),
                         language: str = typer.Argument(..., help="The edition's language: ru or en."),
                         inputs: Path = InputsOpt, debug: bool = DebugOpt) -> None:
    """Create or update inputs/YEAR/translations/LANGUAGE.po: new texts empty, changed ones fuzzy,
    removed ones obsolete; every translation kept."""
    from generator.editions import translated_edition
    from generator.load.translations import update
    inputs, _ = _folders(inputs, None)
    report, _notes = guard(debug, lambda: preflight(inputs, year))
    if not guard(debug, lambda: translated_edition(language, report)):
        say(f"{language} is written from the Kazakh text letter by letter: it has no catalog to translate.")
        raise typer.Exit(1)
    path, counts = guard(debug, lambda: update(report, language))
    typer.echo(f"Written: {path} ({counts['translated']} translated, {counts['new']} new, "
               f"{counts['fuzzy']} fuzzy, {counts['obsolete']} obsolete)")


@app.command("new")
def new(year: int = typer.Argument(..., help="The new report's year, e.g. 2022."),
        inputs: Path = InputsOpt, debug: bool = DebugOpt) -> None:
    """Start YEAR's inputs from the latest year: same files, figures emptied to fill, text kept as a draft."""
    from generator.newyear import new_year
    if inputs is None:
        project = find_project(Path.cwd())
        inputs = (project or Path.cwd()) / INPUTS_NAME
    written = guard(debug, lambda: new_year(inputs, year))
    for path in written:
        typer.echo(f"Written: {path}")
    typer.echo(f"Next: fill in the figures, then `generate-report check {year}` lists what is left.")


@app.command("preview")
def preview(year: int = typer.Argument(..., help="The report's year, e.g. 2021."), inputs: Path = InputsOpt,
            profile: Optional[str] = typer.Option(None, "--profile", help="Layout profile name (templates/profiles/)."),
            port: int = typer.Option(0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
            no_open: bool = typer.Option(False, "--no-open", help="Do not open the page in a browser."),
            pdf_engine: Optional[str] = typer.Option(None, "--pdf-engine",
                                                     help="Whose pages to show: weasyprint or typst; default: the "
                                                          "engine that would write the PDF here."),
            debug: bool = DebugOpt) -> None:
    """Show the printed pages of YEAR in a browser, made again each time an input is saved; Ctrl-C stops."""
    from generator.preview import serve
    from generator.preview.browser import show
    inputs, _ = _folders(inputs, None)
    try:
        guard(debug, lambda: serve(inputs, year, profile, port, lambda url: show(url, not no_open, typer.echo),
                                   typer.echo, debug, pdf_engine and pdf_engine.strip().lower()))
    except KeyboardInterrupt:
        typer.echo("Preview stopped.")
        raise typer.Exit(0)             # Ctrl-C is how a preview ends: its own line, not a build's


@app.command("review")
def review(docx: Path = typer.Argument(..., help="The reviewed report, e.g. output/2021/report-2021.docx."),
           inputs: Path = InputsOpt,
           year: Optional[int] = typer.Option(None, "--year", help="The report's year, if the file does not say."),
           apply: bool = typer.Option(False, "--apply", help="Write the reviewers' changes into the input files."),
           debug: bool = DebugOpt) -> None:
    """List what reviewers changed in the DOCX and the comments they wrote, with the input field of
    each, and the input files' diff they make; with --apply, write it (every file or none)."""
    reviewed, year = _reviewed(docx, year, debug)
    from generator.pipeline import prepare
    from generator.review import describe, review as compare
    inputs, _ = _folders(inputs, None)
    ready = guard(debug, lambda: prepare(inputs, year))
    from generator.docxread import docx_language
    if (language := docx_language(docx)) and language != ready.report.info.language:
        return _review_edition(reviewed, ready.report, language, inputs, year, apply, debug)
    changes, remarks = guard(debug, lambda: compare(reviewed, ready.report, ready.doc, ready.profile))
    for change in changes:
        typer.echo(describe(change))
    for remark in remarks:
        typer.echo(f"comment by {remark.author or 'someone'} on «{remark.anchored}» ({remark.place}): {remark.text}")
    typer.echo(f"{len(changes)} change{'s' if len(changes) != 1 else ''}, "
               f"{len(remarks)} comment{'s' if len(remarks) != 1 else ''} by reviewers.")
    if not changes:
        return
    if reviewed.tracked:
        say(f"{docx}: {reviewed.tracked} tracked changes are pending: accept or reject them in Word or LibreOffice first; "
             "nothing was written to the inputs.")
        raise typer.Exit(1 if apply else 0)
    _apply_review(changes, ready, apply, debug)


def _review_edition(reviewed, kazakh, language: str, inputs: Path, year: int, apply: bool, debug: bool) -> None:
    """An edition's DOCX: its text edits listed, and with ``apply`` written into its catalog."""
    from generator.editions import translated_edition
    from generator.pipeline import prepare
    from generator.review import describe, review as compare
    from generator.review.editions import plan, write_edits
    from generator.terms import language_key
    edition = language_key(language)
    if language.lower().endswith("-latn-kz") or not guard(debug, lambda: translated_edition(edition, kazakh)):
        say(f"{reviewed.path}: the {language} edition is written from the Kazakh text: review the Kazakh report.")
        raise typer.Exit(1)
    ready = guard(debug, lambda: prepare(inputs, year, edition=edition, report=kazakh))
    changes, _ = guard(debug, lambda: compare(reviewed, ready.report, ready.doc, ready.profile))
    edits = plan(changes, ready, kazakh)
    for change in changes:
        typer.echo(describe(change))
    for change, why in edits.unmapped:
        typer.echo(f"for the secretary: {change.place}: {change.kind} «{change.new or change.old}»: {why}")
    if reviewed.tracked or not apply or not edits.translations:
        typer.echo(f"{len(edits.translations)} translations to write; nothing was written"
                   + (" (accept or reject the tracked changes in Word first)." if reviewed.tracked else "."))
        raise typer.Exit(1 if apply and reviewed.tracked else 0)
    typer.echo(f"Written: {guard(debug, lambda: write_edits(edits, kazakh, edition))}")


def _apply_review(changes, ready, apply: bool, debug: bool) -> None:
    """The input files' diff the changes make, what maps to no field, and with ``apply`` the files written."""
    from generator.review.apply import diff, plan, write
    planned = guard(debug, lambda: plan(changes, ready))
    for change, why in planned.unmapped:
        typer.echo(f"for the secretary: {change.place}: {change.kind} «{change.new or change.old}»: {why}")
    typer.echo(diff(planned), nl=False)
    if not apply:
        typer.echo("Nothing was written; `review --apply` writes these changes into the inputs.")
        return
    for shown in guard(debug, lambda: write(planned, ready, lambda root: _built(root, ready.report.year))):
        typer.echo(f"Written: {shown}")
    typer.echo(f"Next: `generate-report {ready.report.year}` builds the reviewed report and checks its figures.")


def _built(inputs: Path, year: int) -> None:
    """The loading and checks a build makes of ``inputs`` (InputErrors for what it refuses)."""
    from generator.pipeline import prepare
    report, _ = preflight(inputs, year)
    prepare(inputs, year, report=report)


def _reviewed(docx: Path, year: int | None, debug: bool):
    """The reviewed DOCX read within bounds, and the year to compare it with; else a plain line and exit 1."""
    if not docx.is_file():
        say(f"{docx}: there is no such file.")
        raise typer.Exit(1)
    from generator.docxread import check_docx
    guard(debug, lambda: check_docx(docx))     # a file from outside: refused before anything heavy is loaded
    from generator.review import read_reviewed, report_year
    reviewed = guard(debug, lambda: read_reviewed(docx))
    if year and reviewed.year and reviewed.year != year:
        say(f"{docx}: this is the report of {reviewed.year}, not {year}; give --year {reviewed.year} "
             f"or the {year} report's DOCX.")
        raise typer.Exit(1)
    year = year or report_year(reviewed)
    if year is None:
        say(f"{docx}: cannot tell which year's report this is; give it with --year.")
        raise typer.Exit(1)
    return reviewed, year


@app.command("schema")
def schema(output: Path = typer.Option(Path("schemas"), "--output", help="Folder for the JSON Schemas."),
           debug: bool = DebugOpt) -> None:
    """Write the JSON Schemas of the input files, so editors complete and underline fields."""
    from generator.load.schema import write_schemas
    for path in guard(debug, lambda: write_schemas(output)):
        typer.echo(f"Written: {path}")


def commands() -> list[str]:
    """The names of the commands, as registered."""
    return sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def _routed(args: list[str]) -> list[str] | None:
    """The arguments with a bare year meaning `build YEAR`; None (after one plain line) for a word
    that is no command: its nearest command and the list are named."""
    if not args or args[0].startswith("-") and args[0] not in ("-h", "--help", "--version"):
        return ["build", *args] if args else args
    first = args[0]
    if first in commands() or first in ("-h", "--help", "--version"):
        return args
    if whole_number(first) is not None:
        return ["build", *args]
    near = difflib.get_close_matches(first, commands(), n=1)
    hint = f" Did you mean `{PROG} {near[0]}`?" if near else ""
    say(f"'{first}' is not a command.{hint} The commands: {', '.join(commands())}; a bare year means build.")
    return None


def main() -> None:
    """Entry point: a bare year means `build YEAR`."""
    args = _routed(sys.argv[1:])
    if args is None:
        sys.exit(1)
    try:
        code = app(args=args, prog_name=PROG, standalone_mode=False)
    except UsageError as exc:     # a wrong option or a missing year: one line, and where help is
        name = exc.ctx.command_path if exc.ctx is not None else PROG
        say(f"{exc.format_message()} (`{name} -h` lists what it takes)")
        code = 1
    except ClickException as exc:
        say(exc.format_message())
        code = 1
    except typer.Abort:
        code = 130
    if code == 130:                   # Ctrl-C (typer makes it Exit(130), click Abort)
        interrupt.ignore()
        say(interrupt.said())
    sys.exit(code or 0)


def run() -> None:
    """The console script: ``main``, and after a run that went well, an exit that does not free
    the run's objects one by one (WeasyPrint's laid-out pages: 0.2 s of a 2.5 s report). Every
    file is closed by then, the workers have ended and the work folder (the fonts WeasyPrint
    handed to Fontconfig too) is removed; a failed or stopped run exits the usual way."""
    try:
        main()
    except SystemExit as end:
        if end.code not in (0, None):
            raise
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
