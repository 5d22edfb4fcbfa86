"""The fixed phases: load → check → build the document → draw charts → write. Only load and write touch files."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import interrupt
from generator.config import FILE_NAME, known_languages, load_profile
from generator.load.inputs import load_report
from generator.load.problems import InputErrors, Problem, shown_path
from generator.lock import WAITING, hold
from generator.model.report import Report
from generator.outputs import (
    OutputEdited, edited, keep_aside, made_folder, unchanged_others, usable_folder, work_folder,
)
from generator.resources import template_dirs

FORMATS = ("docx", "pdf")       # the formats a run writes by default


@dataclass
class Result:
    """What a run wrote and what it found."""
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    manifest: Path | None = None          # SHA256SUMS of the outputs and the inputs
    kept: list[Path] = field(default_factory=list)   # edited reports moved aside (--force)
    notices: list[str] = field(default_factory=list)  # e.g. the PDF made by another engine


def preflight(inputs_root: Path, year: int, strict: bool = False) -> tuple[Report, list[Problem]]:
    """The inputs read and their loader's warnings (``generator.load.inputs.preflight``); with ``strict``
    those warnings are errors, listed with the checks' findings not acknowledged. Raises InputErrors."""
    from generator.load.inputs import preflight as read_inputs
    report, notes = read_inputs(inputs_root, year)
    if strict and notes:
        from generator.check import check_report
        from generator.check.acknowledged import unacknowledged
        raise InputErrors([*notes, *unacknowledged(report, check_report(report))])
    return report, notes


def output_name(year: int, edition: str | None = None) -> str:
    """The reports' file name without its suffix: report-2021, or report-2021-kk-Latn for an edition."""
    return f"report-{year}-{edition}" if edition else f"report-{year}"


def edition_language(edition: str | None, report) -> str:
    """The language tag the edition is written in: the report's own, kk-Latn-KZ for the Latin one,
    ru-RU for ru (Babel's likely region). An edition with no words in templates/terms/ is a plain
    problem (InputErrors)."""
    from generator.doc import latin
    from generator.terms import language_key
    if edition is None:
        return report.info.language
    if edition == latin.EDITION:
        return latin.LANGUAGE
    if edition in known_languages() and edition != language_key(report.info.language):
        from babel.core import get_global
        region = get_global("likely_subtags").get(edition, edition).split("_")[-1]
        return f"{edition}-{region}"
    choices = [latin.EDITION, *(k for k in known_languages() if k != language_key(report.info.language))]
    raise InputErrors([Problem("--edition", None, "", f"'{edition[:40]}' is not an edition this generator makes: "
                               f"write one of {', '.join(choices)}")])


@dataclass
class Prepared:
    """The inputs loaded and checked, and the document built from them, before anything is drawn."""
    report: object
    profile: object
    doc: object
    findings: list[Problem]
    unfilled: list[Problem]
    edition: str | None = None          # None: the report's own; kk-Latn: in Latin letters; ru, en: translated
    untranslated: list[Problem] = field(default_factory=list)   # texts an edition has no translation for


def prepare(inputs_root: Path, year: int, profile_name: str | None = None,
            progress: Callable[[str], None] = lambda step: None, report: Report | None = None,
            edition: str | None = None) -> Prepared:
    """Load, check and build; raise InputErrors for mistakes. Findings and unfilled figures are returned.

    ``report``: the inputs already read (by ``preflight``), so they are not read again.
    ``edition``: ``kk-Latn`` builds the document in Latin letters (``generator.doc.latin``); a language
    (``ru``) builds it from the translated inputs (``generator.load.translations``), the texts not
    translated yet marked and listed in ``untranslated``; the figures are checked in the Kazakh inputs."""
    progress("Reading the inputs")
    if report is None:
        report = load_report(inputs_root.resolve(), year)
    language = edition_language(edition, report)
    profile = _profile(profile_name, report, language)
    progress("Checking the figures")
    from generator.check import check_report
    findings = check_report(report)
    untranslated = []
    if edition is not None and language != latin_language():
        from generator.load.translations import edition_inputs
        report, untranslated = edition_inputs(report, edition, language, profile.terms.untranslated)
        findings = _edition_comparisons(findings, check_report(report))
    progress("Building the document")
    from generator.sections import build_document
    latin = language == latin_language()       # built in the Kazakh words, then written in Latin letters whole
    words = _profile(profile_name, report, report.info.language) if latin else profile
    doc, ctx = build_document(report, words)
    if ctx.problems:
        raise InputErrors(ctx.problems)
    unfilled, no_data = ctx.gaps()
    from generator.check.acknowledged import acknowledge
    from generator.sections import attach_notes
    findings = acknowledge(report, [*findings, *dict.fromkeys(ctx.findings), *no_data])
    attach_notes(doc, findings, words.terms)
    if latin:
        from generator.doc.latin import document
        doc = document(doc, report.info.language)
    return Prepared(report, profile, doc, findings, unfilled, edition, untranslated)


def translated_edition(edition: str, report) -> bool:
    """Whether ``edition`` is made from a catalog of translations (ru, en) rather than from the
    Kazakh text itself (kk-Latn); InputErrors for an edition not made here."""
    return edition_language(edition, report) != latin_language()


def _edition_comparisons(findings: list[Problem], edition: list[Problem]) -> list[Problem]:
    """The findings of the Kazakh inputs, their comparisons' (a ``says:`` against the figures) those
    of the edition's own words: read by the edition language's grammar (generator/grammar/), or,
    where it has none, each listed as not checked."""
    said = [p for p in edition if p.term.startswith("comparison")]
    return [*(p for p in findings if not p.term.startswith("comparison")), *said]


def latin_language() -> str:
    from generator.doc.latin import LANGUAGE
    return LANGUAGE


def generate(inputs_root: Path, year: int, output_dir: Path, formats: tuple[str, ...] = FORMATS,
             profile_name: str | None = None, strict: bool = False,
             progress: Callable[[str], None] = lambda step: None, draft: bool = False,
             pdf_variant: str | None = None, force: bool = False, workers=None,
             report: Report | None = None, waiting: float = WAITING, pdf_engine: str | None = None,
             edition: str | None = None, ready: Prepared | None = None) -> Result:
    """Make the report's files in output_dir; on any problem raise InputErrors and write nothing.

    The PDF is ``pdf_variant`` (default: the writer's archival PDF/A-3 with the inputs attached);
    SHA256SUMS records the outputs and the inputs.

    Figures not filled in stop the run, unless ``draft``: then they show as a visible mark.
    A report in output_dir edited since it was written stops the run (OutputEdited), unless
    ``force``: then it is kept under a new name as the new files replace it.

    The reports and SHA256SUMS replace the earlier ones as one set (``generator.replacement``);
    a replacement a stopped run left half done is finished first, and said in ``Result.notices``.
    A Ctrl-C is KeyboardInterrupt, even one a library swallowed (``generator.interrupt``).

    ``workers`` (``generator.charts.workers.Workers``) draw the charts and write the DOCX beside
    the main process; the caller may start them early (the command line does, before reading the
    inputs), or they are started here.

    One run at a time writes in output_dir (``generator.lock.hold``): another run's hold is
    waited for up to ``waiting`` seconds, then FolderBusy is raised and nothing is written.

    ``pdf_engine`` names the PDF's writer (see ``generator.writers.registry``); None: the first
    whose libraries load, with a notice when that is not the first registered.

    ``edition`` (``kk-Latn``, ``ru``, ``en``) writes report-<year>-<edition>.* beside the report's own
    files; ``ready``: that edition already prepared (``generate_editions``).
    """
    interrupt.watch()
    if pdf_engine is not None:
        _plan(formats, pdf_engine)      # an engine asked for by name that cannot run: said before anything moves
    ready = ready or prepare(inputs_root, year, profile_name, progress, report, edition)
    report = ready.report
    from generator.manifest import gather_inputs
    inputs = gather_inputs(report, inputs_root.resolve())     # the bytes attached and summed
    if ready.unfilled and not draft:
        raise InputErrors([*ready.unfilled, Problem(shown_path(report.year_dir), None, "",
                           f"{len(ready.unfilled)} figures or lists of {year} are not filled in yet; "
                           f"fill them, or make a draft with --draft")])
    if ready.untranslated and not draft:
        raise InputErrors([*ready.untranslated, Problem(shown_path(report.year_dir), None, "",
                           f"{len(ready.untranslated)} texts are not translated into {edition} yet; "
                           f"translate them, or make a draft with --draft")])
    if not draft:
        from generator.check.glyphs import glyph_problems
        if letters := glyph_problems(report):
            raise InputErrors([*letters, Problem(shown_path(report.year_dir), None, "",
                               "the PDF uses only its bundled fonts and these letters are in none of them; "
                               "change the texts, or make a draft with --draft (which shows □ in their place)")])
    result = Result(warnings=ready.findings)
    if strict and open_findings(result.warnings):
        raise InputErrors(open_findings(result.warnings))
    output_dir = output_dir.resolve()
    usable_folder(output_dir)
    interrupt.check()
    with made_folder(output_dir), hold(output_dir, waiting):
        _replace_outputs(ready, output_dir, formats, result, progress, pdf_variant, force, workers, inputs,
                         pdf_engine)
    return result


def generate_editions(inputs_root: Path, year: int, output_dir: Path, report: Report, draft: bool = False,
                      progress: Callable[[str], None] = lambda step: None, **options) -> Result:
    """``--edition all``: the report and every edition report.yaml names (``editions:``), each as
    ``generate`` makes it, from inputs read once. Every edition is loaded, checked and built before
    any is written: a problem in one (a text not translated in a final build) writes none."""
    editions = [None, *dict.fromkeys(report.info.editions)]
    readies = [prepare(inputs_root, year, options.get("profile_name"), progress, report, e) for e in editions]
    gaps = [p for ready in readies for p in (ready.untranslated if not draft else [])]
    if gaps:
        raise InputErrors([*gaps, Problem(shown_path(report.year_dir), None, "", f"{len(gaps)} texts of the "
                           f"editions are not translated yet; translate them, or make drafts with --draft")])
    result = Result()
    for edition, ready in zip(editions, readies):
        made = generate(inputs_root, year, output_dir, draft=draft, progress=progress, report=report,
                        edition=edition, ready=ready, **options)
        result.written += made.written
        result.warnings = result.warnings or made.warnings
        result.kept += made.kept
        result.notices += [n for n in made.notices if n not in result.notices]
        result.manifest = made.manifest
    return result


def _replace_outputs(ready: Prepared, output_dir: Path, formats, result: Result, progress, pdf_variant,
                     force: bool, workers, inputs, pdf_engine: str | None = None) -> None:
    """Draw and write in a work folder inside output_dir, then replace the reports and SHA256SUMS
    there as one set (``generator.replacement``), after finishing what a stopped run left."""
    from generator.manifest import SUMS_NAME, write_sums
    from generator.replacement import recover, replace_set
    report, profile, doc = ready.report, ready.profile, ready.doc
    result.notices += filter(None, [recover(output_dir)])
    names = [f"{output_name(report.year, ready.edition)}.{fmt}" for fmt in formats]
    changed = edited(output_dir, names)
    if changed and not force:
        raise OutputEdited(changed)
    others = unchanged_others(output_dir, names)
    from generator.writers.registry import image_forms
    forms = image_forms(formats, {"pdf": pdf_engine} if pdf_engine else None)
    with work_folder(output_dir) as work, _workers(workers, formats, pdf_engine) as side, _settled(side):
        progress("Drawing the diagrams")
        drawn = _draw(doc, profile, work, side, forms)
        plan = _plan(formats, pdf_engine)        # the writers loaded (WeasyPrint: a second) while the workers draw
        result.notices += plan.notices
        interrupt.check()
        from generator.manifest import pdf_attachments
        from generator.writers.registry import Job
        job = Job(doc, profile, work, [work, report.year_dir], drawn, side, pdf_variant, pdf_attachments(inputs),
                  templates=template_dirs(project_of(report)))
        staged = _write(job, plan, output_name(report.year, ready.edition), progress)
        staged.append(write_sums(work / SUMS_NAME, staged, inputs, output_dir, kept=others))
        interrupt.check()                         # a Ctrl-C a library swallowed: its file may be incomplete
        result.kept = [keep_aside(path) for path in changed]
        replace_set(output_dir, work, staged)
        result.written = [output_dir / path.name for path in staged[:-1]]
        result.manifest = output_dir / SUMS_NAME


def open_findings(findings: list[Problem]) -> list[Problem]:
    """The findings not acknowledged in report.yaml: those ``--strict`` stops on."""
    return [p for p in findings if not p.acknowledged]


def _profile(asked: str | None, report, language: str):
    """The layout profile asked for on the command line (--profile), or else the one report.yaml
    names, in the words of ``language``."""
    from pydantic import ValidationError
    from yaml import YAMLError
    name = asked or report.info.profile
    if asked and not FILE_NAME.fullmatch(asked):
        raise InputErrors([Problem("--profile", None, "", f"'{asked[:40]}' is not a layout profile's name: write the "
                                   "name of a file of templates/profiles/ without .yaml, e.g. gost")])
    try:
        return load_profile(name, language, project_of(report))
    except FileNotFoundError as exc:
        if Path(exc.filename or "").parent.name == "terms":
            shown, line = report.where("report", ("language",))
            raise InputErrors([Problem(shown, line, "language", f"there are no words for '{report.info.language}' in "
                                       f"templates/terms/: write one of {', '.join(known_languages())} "
                                       "(e.g. kk-KZ), or add a terms file for it")]) from None
        missing = f"there is no layout profile '{name}' in templates/profiles/"
        if asked:
            raise InputErrors([Problem("--profile", None, "", missing)]) from None
        shown, line = report.where("report", ("profile",))
        raise InputErrors([Problem(shown, line, "profile", missing)]) from None
    except (ValidationError, ValueError, YAMLError) as exc:     # a profile edited by hand: what is wrong in it
        errors = exc.errors(include_url=False) if isinstance(exc, ValidationError) else \
            [{"loc": (), "msg": " ".join(str(exc).split())}]
        raise InputErrors([Problem(f"templates/profiles/{name}.yaml", None, ".".join(map(str, e["loc"])),
                                   f"{e['msg']} (the layout profile; report.yaml chooses it)") for e in errors]) from None


def project_of(report) -> Path:
    """The project folder: the one holding the inputs folder (``inputs/2021`` → its parent's parent)."""
    return report.year_dir.resolve().parent.parent


@contextmanager
def _settled(workers):
    """On a failure or Ctrl-C, the workers' queued work cancelled and their running work waited
    for, before the work folder is removed: nothing is written there afterwards."""
    try:
        yield
    except BaseException:
        workers.settle()
        raise


def _workers(workers, formats, pdf_engine: str | None):
    """The caller's workers (left running), or new ones for this run."""
    from contextlib import nullcontext
    return nullcontext(workers) if workers is not None else start_workers(formats, pdf_engine)


def start_workers(formats, pdf_engine: str | None = None):
    """The worker processes a run of ``formats`` has work for (``generator.charts.workers``):
    none when it has none (its pictures are then made here), loading matplotlib only when they
    will draw charts."""
    from generator.charts.workers import Workers
    from generator.writers.registry import image_forms, needs_workers
    asked = {"pdf": pdf_engine} if pdf_engine else None
    return Workers(None if needs_workers(formats, asked) else 0, charts=bool(image_forms(formats, asked)))


def _draw(doc, profile, work: Path, workers, forms: tuple[str, ...]):
    """Charts once, in the ``forms`` the run's writers take (none: they draw their own), and a
    placeholder picture for each photo not yet supplied, handed to the workers; returns their
    ``Drawing``, which waits for them when needed."""
    from generator.charts.jobs import start_drawing
    return start_drawing(doc, profile, work / "charts", workers, photos_dir=work / "photos", forms=forms)


def _plan(formats, pdf_engine: str | None):
    """The registered writers of this run; an engine that cannot run here is a plain problem."""
    from generator.writers.registry import EngineUnavailable, plan
    try:
        return plan(formats, {"pdf": pdf_engine} if pdf_engine else None)
    except EngineUnavailable as error:
        raise InputErrors([Problem("--pdf-engine", None, "", str(error))]) from None


def _write(job, plan, name: str, progress) -> list[Path]:
    """Lay the pages out once (by the writer that paginates: the PDF's, and the page numbers of
    the DOCX's contents), then start every writer; the DOCX is written in a worker meanwhile."""
    started = {}
    if plan.pager is not None or any(w.paginates for w in plan.writers):
        progress("Laying out the pages")
    if plan.pager is not None:
        started[plan.pager] = plan.pager.start(job)
        job.pages = started[plan.pager].pages
        job.fill = getattr(started[plan.pager], "fill", None)
        interrupt.check()
    waits = []
    for writer in plan.writers:
        progress(f"Writing the {writer.format.upper()}")
        output = started.get(writer) or writer.start(job)
        path = job.work / f"{name}.{writer.format}"
        waits.append((path, output.write(path)))
        interrupt.check()
    for path, wait in waits:
        wait()
    return [path for path, _ in waits]
