"""The report's editions: which a run makes, the language each is written in, the names of their
files, and the steps only an edition takes between the checks every edition shares and its build.

An edition is None (the report as its inputs write it, in Kazakh), ``kk-Latn`` (the same text in
Latin letters, ``generator.doc.latin``) or a language (``ru``, ``en``: each text translated by
``inputs/<year>/translations/<language>.po``, ``generator.load.translations``). ``--edition all``
makes the report and every edition report.yaml names (``editions:``).

The figures are checked once, in the Kazakh inputs; only the checks that read an edition's own
words (``generator.check.WORDED``: a comparison's ``says:`` by its language's grammar) run again
on each translated edition's inputs.
"""
from __future__ import annotations

from generator.config import known_languages
from generator.doc import latin
from generator.load.problems import InputErrors, Problem, shown_path
from generator.model.report import Report
from generator.resources import project_of
from generator.terms import language_key

ALL = "all"                 # --edition all: the report and every edition report.yaml names


def editions_of(report: Report, edition: str | None) -> list[str | None]:
    """The editions a run of ``edition`` makes, in order: ``all`` → the report's own, then each
    edition report.yaml names once; any other → that one."""
    return [None, *dict.fromkeys(report.info.editions)] if edition == ALL else [edition]


def output_name(year: int, edition: str | None = None) -> str:
    """The reports' file name without its suffix: report-2021, or report-2021-kk-Latn for an edition."""
    return f"report-{year}-{edition}" if edition else f"report-{year}"


def edition_language(edition: str | None, report: Report) -> str:
    """The language tag the edition is written in: the report's own, kk-Latn-KZ for the Latin one,
    ru-RU for ru (Babel's likely region). An edition with no words in templates/terms/ is a plain
    problem (InputErrors)."""
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


def translated_edition(edition: str, report: Report) -> bool:
    """Whether ``edition`` is made from a catalog of translations (ru, en) rather than from the
    Kazakh text itself (kk-Latn); InputErrors for an edition not made here."""
    return edition_language(edition, report) != latin.LANGUAGE


def edition_inputs(report: Report, edition: str | None, language: str, mark: str) -> tuple[Report, list[Problem]]:
    """The inputs the edition is built from and the texts it has no translation for: a translated
    edition's from its catalog (texts not translated yet in ``mark``), the others' the inputs as read."""
    if edition is None or language == latin.LANGUAGE:
        return report, []
    from generator.load.translations import edition_inputs as translated
    return translated(report, edition, language, mark)


def edition_findings(findings: list[Problem], kazakh: Report, edition: Report) -> list[Problem]:
    """The findings of the Kazakh inputs, those of the checks that read words (a ``says:`` against
    the figures) made again in the edition's own words: read by the edition language's grammar
    (generator/grammar/), or, where it has none, each listed as not checked. The Kazakh findings
    as they are for an edition of the Kazakh text itself."""
    if edition is kazakh:
        return findings
    from generator.check import WORDED, check_report, worded
    return [*(p for p in findings if not worded(p)), *check_report(edition, WORDED)]


def untranslated_stop(untranslated: list[Problem], report: Report, editions: list[str | None]) -> InputErrors:
    """The error of a final build with texts not translated yet: each named, then what to do."""
    said = (f"texts are not translated into {editions[0]} yet; translate them, or make a draft with --draft"
            if len(editions) == 1 else
            "texts of the editions are not translated yet; translate them, or make drafts with --draft")
    return InputErrors([*untranslated, Problem(shown_path(report.year_dir), None, "", f"{len(untranslated)} {said}")])


def translation_findings(report: Report, edition: str) -> list[Problem]:
    """The edition's catalog against the inputs (``generator.load.translations.findings``; ``all``:
    every edition's); none for an edition without a catalog (kk-Latn); InputErrors for an edition
    not made here."""
    chosen = [e for e in editions_of(report, edition) if e is not None and translated_edition(e, report)]
    return [p for e in chosen for p in _catalog_findings(report, e)]


def _catalog_findings(report: Report, edition: str) -> list[Problem]:
    """One translated edition's catalog against the inputs, its quotation marks its language's."""
    from generator.config import load_terms
    from generator.load import translations
    quotes = load_terms(edition, project_of(report)).quotes
    return translations.findings(report, edition, translations.catalog_for(report, edition), quotes)
