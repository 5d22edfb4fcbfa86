"""The fixed phases: load → check → build the document → draw charts → write. Only load and write touch files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import interrupt
from generator.config import FILE_NAME, known_languages, load_profile
from generator.doc import latin
from generator.editions import edition_findings, edition_inputs, edition_language, editions_of, untranslated_stop
from generator.load.inputs import load_report
from generator.load.problems import InputErrors, Problem, shown_path
from generator.lock import WAITING, hold
from generator.model.report import Report
from generator.outputs import made_folder, usable_folder
from generator.resources import project_of, template_dirs
from generator.writeset import Options, Result, write_set, writers_planned

FORMATS = ("docx", "pdf")       # the formats a run writes by default


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
    return prepare_editions(inputs_root, year, profile_name, progress, report, edition)[0]


def prepare_editions(inputs_root: Path, year: int, profile_name: str | None = None,
                     progress: Callable[[str], None] = lambda step: None, report: Report | None = None,
                     edition: str | None = None) -> list[Prepared]:
    """``prepare`` for each edition a run of ``edition`` makes (``all``: the report and every edition
    report.yaml names, ``generator.editions.editions_of``): the inputs read and checked once, each
    edition then built from them (and checked again only in its own words)."""
    progress("Reading the inputs")
    if report is None:
        report = load_report(inputs_root.resolve(), year)
    editions = editions_of(report, edition)
    languages = [edition_language(e, report) for e in editions]      # an edition not made here: said first
    progress("Checking the figures")
    from generator.check import check_report
    findings = check_report(report)
    return [_build(report, findings, e, language, profile_name, progress) for e, language in zip(editions, languages)]


def _build(report: Report, findings: list[Problem], edition: str | None, language: str,
           profile_name: str | None, progress) -> Prepared:
    """One edition's document from the inputs read and checked (``findings``), in ``language``."""
    profile = _profile(profile_name, report, language)
    edition_report, untranslated = edition_inputs(report, edition, language, profile.terms.untranslated)
    findings = edition_findings(findings, report, edition_report)
    progress("Building the document")
    from generator.sections import build_document
    latin_edition = language == latin.LANGUAGE    # built in the Kazakh words, then written in Latin letters whole
    words = _profile(profile_name, report, report.info.language) if latin_edition else profile
    doc, ctx = build_document(edition_report, words)
    if ctx.problems:
        raise InputErrors(ctx.problems)
    unfilled, no_data = ctx.gaps()
    from generator.check.acknowledged import acknowledge
    from generator.sections import attach_notes
    findings = acknowledge(edition_report, [*findings, *dict.fromkeys(ctx.findings), *no_data])
    attach_notes(doc, findings, words.terms)
    if latin_edition:
        doc = latin.document(doc, report.info.language)
    return Prepared(edition_report, profile, doc, findings, unfilled, edition, untranslated)


def generate(inputs_root: Path, year: int, output_dir: Path, formats: tuple[str, ...] = FORMATS,
             profile_name: str | None = None, strict: bool = False,
             progress: Callable[[str], None] = lambda step: None, draft: bool = False,
             pdf_variant: str | None = None, force: bool = False, workers=None,
             report: Report | None = None, waiting: float = WAITING, pdf_engine: str | None = None,
             edition: str | None = None) -> Result:
    """Make the report's files in output_dir; on any problem raise InputErrors and write nothing.

    The PDF is ``pdf_variant`` (default: the writer's archival PDF/A-3 with the inputs attached);
    SHA256SUMS records the outputs and the inputs.

    Figures not filled in stop the run, unless ``draft``: then they show as a visible mark.
    A report in output_dir edited since it was written stops the run (OutputEdited), unless
    ``force``: then it is kept under a new name as the new files replace it.

    The reports and SHA256SUMS replace the earlier ones as one set (``generator.writeset``);
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
    files; ``all`` the report and every edition report.yaml names, from inputs read and checked
    once, each file the same bytes as its own run makes, in one set with one SHA256SUMS. Every
    edition is built before any is written: a problem in one writes none.
    """
    interrupt.watch()
    if pdf_engine is not None:
        writers_planned(formats, pdf_engine)   # an engine asked for by name that cannot run: said before anything moves
    readies = prepare_editions(inputs_root, year, profile_name, progress, report, edition)
    report = readies[0].report
    from generator.manifest import gather_inputs
    inputs = gather_inputs(report, inputs_root.resolve(), *(r.report for r in readies[1:]))   # attached and summed
    result = Result(warnings=_findings(readies))
    _refuse(readies, draft, strict, result.warnings)
    output_dir = output_dir.resolve()
    usable_folder(output_dir)
    interrupt.check()
    with made_folder(output_dir), hold(output_dir, waiting):
        write_set(readies, inputs, output_dir, Options(tuple(formats), pdf_engine, pdf_variant, force), result,
                  progress, workers, template_dirs(project_of(report)))
    return result


def _findings(readies: list[Prepared]) -> list[Problem]:
    """The first edition's findings, then those only another edition has (its own words' checks)."""
    found = list(readies[0].findings)
    for ready in readies[1:]:
        found += [p for p in ready.findings if p not in found]
    return found


def _refuse(readies: list[Prepared], draft: bool, strict: bool, findings: list[Problem]) -> None:
    """InputErrors when the editions may not be written: figures not filled in, texts not
    translated or letters no bundled font has (unless ``draft``), open findings with ``strict``."""
    report = readies[0].report
    if readies[0].unfilled and not draft:
        raise InputErrors([*readies[0].unfilled, Problem(shown_path(report.year_dir), None, "",
                           f"{len(readies[0].unfilled)} figures or lists of {report.year} are not filled in yet; "
                           f"fill them, or make a draft with --draft")])
    untranslated = [p for ready in readies for p in ready.untranslated]
    if untranslated and not draft:
        raise untranslated_stop(untranslated, report, [ready.edition for ready in readies])
    if not draft:
        from generator.check.glyphs import glyph_problems
        for edition in {id(ready.report): ready.report for ready in readies}.values():
            if letters := glyph_problems(edition):
                raise InputErrors([*letters, Problem(shown_path(report.year_dir), None, "",
                                   "the PDF uses only its bundled fonts and these letters are in none of them; "
                                   "change the texts, or make a draft with --draft (which shows □ in their place)")])
    if strict and open_findings(findings):
        raise InputErrors(open_findings(findings))

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
