"""Translations of the report's texts, a gettext PO catalog per language and year
(``inputs/<year>/translations/<language>.po``), read and written with Babel.

An entry's msgid is the Kazakh text as the inputs write it ({…} references, **, ^[…] included),
its msgstr the translation; its reference comment names each field it stands in
(``#: 2021/funds.yaml:2 heading``). One Kazakh text has one translation wherever it stands,
unless an entry with the msgctxt ``<file> <field>`` (``2021/funds.yaml tables.holdings.title``)
gives that field its own. A fuzzy entry (its Kazakh text changed since it was translated) counts
as not translated yet.

The edition's inputs are resolved here, between loading and building (``translated``): the
builders then make the document from them as from the Kazakh ones, with the same figures.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from generator.doc.provenance import Field
from generator.load.problems import InputErrors, Problem
from generator.load.texts import LINE_BREAK, replaced, texts
from generator.load.yamlsrc import FORBIDDEN, INVISIBLE, describe_char
from generator.model.report import Report, Source

FOLDER = "translations"
_REFERENCE = re.compile(r"\{[^{}\n]+\}")
_GUILLEMETS = re.compile("[«»]")
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d+)*")


def catalog_path(report: Report, language: str) -> Path:
    return report.year_dir / FOLDER / f"{language}.po"


def shown_file(report: Report, key: str) -> str:
    """A section's file as a reference comment names it: 2021/funds.yaml."""
    return f"{report.year}/{key}.yaml"


def template(report: Report, language: str) -> Catalog:
    """The catalog every text of the inputs asks for, untranslated."""
    fixed = datetime(report.year, 1, 1)       # no clock: same inputs, same bytes
    catalog = Catalog(locale=language.replace("-", "_"), project="annual report", version=str(report.year),
                      fuzzy=False, creation_date=fixed, revision_date=fixed)
    for place, text in texts(report):
        _, line = report.where(place.key, place.path)
        catalog.add(text, locations=[(shown_file(report, place.key), line), (place.dotted, None)])
    return catalog


def read(path: Path) -> Catalog:
    """A catalog; InputErrors naming the file and line of a mistake in it (an unclosed quote, …)."""
    try:
        with path.open("rb") as fh:
            return read_po(fh, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        line = exc.lineno + 1 if isinstance(getattr(exc, "lineno", None), int) else None   # Babel counts from 0
        shown = f"{path.parent.parent.name}/{FOLDER}/{path.name}"
        raise InputErrors([Problem(shown, line, "", f"the catalog cannot be read ({' '.join(str(exc).split())[:200]}): "
                                   "correct it in a PO editor (Poedit) or undo the last change")]) from None


def write(catalog: Catalog, path: Path) -> None:
    """The catalog in ``path``, its entries in the inputs' order; same catalog, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, include_previous=True)


def update(report: Report, language: str) -> tuple[Path, dict[str, int]]:
    """Create or bring up to date the language's catalog: new texts empty, changed Kazakh texts
    fuzzy with their old translation, removed ones obsolete, every translation kept. Returns the
    catalog's path and how many entries are new, fuzzy, obsolete and translated."""
    path = catalog_path(report, language)
    fresh = template(report, language)
    if not path.exists():
        write(fresh, path)
        return path, {"new": len(fresh), "fuzzy": 0, "obsolete": 0, "translated": 0}
    catalog = read(path)
    known = {m.id for m in catalog if m.id}
    contexted = [m for m in catalog if m.context and m.id]
    _join_lines(catalog, fresh, known)
    catalog.update(fresh, no_fuzzy_matching=False, update_header_comment=False)
    for message in contexted:             # a translator's own translation of one field stays with its text
        if message.id in {m.id for m in fresh if m.id} and (message.id, message.context) not in catalog._messages:
            catalog.add(message.id, message.string, context=message.context, locations=message.locations)
    write(catalog, path)
    messages = [m for m in catalog if m.id]
    return path, {"new": sum(m.id not in known for m in messages),
                  "fuzzy": sum(m.fuzzy for m in messages), "obsolete": len(catalog.obsolete),
                  "translated": sum(bool(m.string) and not m.fuzzy for m in messages)}


def _join_lines(catalog: Catalog, fresh: Catalog, known: set) -> None:
    """A text of several lines (``texts.JOINED``: the cover's title) new in the catalog whose lines
    were translated one by one: their translations, joined, as its fuzzy translation."""
    for message in fresh:
        if LINE_BREAK not in message.id or message.id in known:
            continue
        lines = [catalog.get(line) for line in message.id.split(LINE_BREAK)]
        if all(line is not None and line.string for line in lines):
            catalog.add(message.id, LINE_BREAK.join(line.string for line in lines), flags=["fuzzy"])


def carry_forward(source: Path, target: Path) -> list[Path]:
    """The catalogs of the year folder ``source`` copied into the new year's folder ``target``
    (``generate-report new``), their reference comments naming the new year's files, every
    translation kept; the obsolete entries left behind. A text changed in the new year is then
    made fuzzy by ``update``. Returns the catalogs written."""
    made = []
    for path in sorted((source / FOLDER).glob("*.po")):
        catalog = read(path)
        catalog.obsolete.clear()
        old, new = f"{source.name}/", f"{target.name}/"
        for message in catalog:
            message.locations = [(f.replace(old, new, 1) if f.startswith(old) else f, line)
                                 for f, line in message.locations]
        write(catalog, target / FOLDER / path.name)
        made.append(target / FOLDER / path.name)
    return made


def translated(report: Report, edition: str, language: str, catalog: Catalog,
               mark: str | None) -> tuple[Report, list[Problem]]:
    """The inputs of ``edition`` (ru), in ``language`` (ru-RU): each text its translation; where there is none (or only a fuzzy
    one), the Kazakh text, in ``mark`` ({text}) when one is given (a draft). Returns them and the
    texts not translated, one problem each."""
    missing: list[Problem] = []
    refused: list[Problem] = []

    def translate(place: Field, text: str) -> str:
        found = _translation(catalog, report, place, text)
        if found and (wrong := _characters(found)):
            refused.append(_problem(report, place, f"the {edition} translation {wrong}"))
        if found:
            return found
        missing.append(_untranslated(report, place, edition))
        return mark.format(text=text) if mark else text

    edition = replaced(report, translate)
    if refused:
        raise InputErrors(refused)
    return dataclasses.replace(edition, info=edition.info.model_copy(update={"language": language})), missing


def edition_inputs(report: Report, edition: str, language: str, mark: str) -> tuple[Report, list[Problem]]:
    """The inputs of the ``edition`` (``ru``) from its catalog, in ``language`` (ru-RU), the texts not
    translated yet in ``mark``; InputErrors when there is no catalog."""
    edition_report, missing = translated(report, edition, language, catalog_for(report, edition), mark)
    path = catalog_path(report, edition)      # an input of the edition: summed and attached as the YAML files are
    sources = {**report.sources, (report.year, f"{FOLDER}/{edition}"): Source(f"{report.year}/{FOLDER}/{path.name}", path)}
    return dataclasses.replace(edition_report, sources=sources), missing


def catalog_for(report: Report, edition: str) -> Catalog:
    """The edition's catalog of the year; InputErrors when there is none yet."""
    path = catalog_path(report, edition)
    if not path.is_file():
        raise InputErrors([Problem(f"{report.year}/{FOLDER}/{edition}.po", None, "",
                                   f"there is no {edition} catalog yet: make it with "
                                   f"generate-report translations {report.year} {edition}, then translate its texts")])
    return read(path)


def findings(report: Report, language: str, catalog: Catalog, quotes: str = "") -> list[Problem]:
    """What is wrong with the catalog against the inputs: texts untranslated or fuzzy, and
    translations that do not say the same references and footnotes as their source, type a
    number where the source has a reference, or quote with guillemets where the language's
    ``quotes`` (its terms') are others."""
    out: list[Problem] = []
    for place, text in texts(report):
        message = _message(catalog, report, place, text)
        if message is None or not message.string:
            out.append(_untranslated(report, place, language))
        elif message.fuzzy:
            out.append(_problem(report, place, f"the {language} translation is marked fuzzy: the Kazakh text changed "
                                               "since; check it and remove the fuzzy flag"))
        elif wrong := (mismatch(text, message.string) or _characters(message.string)
                       or _quoted(message.string, quotes)):
            out.append(_problem(report, place, f"the {language} translation {wrong}"))
    return out


def _quoted(translation: str, quotes: str) -> str:
    """Guillemets in a translation whose language writes other quotation marks ('' when none)."""
    if not quotes or "«" in quotes or not _GUILLEMETS.search(translation):
        return ""
    return f"quotes with « » where the language writes {quotes[0]}…{quotes[-1]}: change the quotation marks"


def mismatch(source: str, translation: str) -> str:
    """How a translation differs from its source in what must stay the same ('' when it does not)."""
    ours, theirs = sorted(_REFERENCE.findall(source)), sorted(_REFERENCE.findall(translation))
    if ours != theirs:
        return f"has the references {', '.join(theirs) or 'none'} where the Kazakh text has {', '.join(ours) or 'none'}"
    if source.count("^[") != translation.count("^["):
        return f"has {translation.count('^[')} footnotes where the Kazakh text has {source.count('^[')}"
    typed = set(_NUMBER.findall(_REFERENCE.sub("", translation))) - set(_NUMBER.findall(_REFERENCE.sub("", source)))
    if ours and typed:
        return (f"types the number {sorted(typed)[0]} where the Kazakh text has references: write the "
                "reference ({…}) instead, so the figure stays the inputs' own")
    return ""


def _characters(translation: str) -> str:
    """A character no text of the inputs may hold (``generator.load.yamlsrc``: control characters,
    invisible ones that reorder or join the text), said as the loader says it; '' when none."""
    found = FORBIDDEN.search(translation) or INVISIBLE.search(translation)
    return f"holds {describe_char(found.group())}: remove it" if found else ""


def _message(catalog: Catalog, report: Report, place: Field, text: str):
    own = catalog.get(text, context=f"{shown_file(report, place.key)} {place.dotted}")
    return own if own is not None else catalog.get(text)


def _translation(catalog: Catalog, report: Report, place: Field, text: str) -> str:
    message = _message(catalog, report, place, text)
    return message.string if message is not None and message.string and not message.fuzzy else ""


def _untranslated(report: Report, place: Field, language: str) -> Problem:
    return _problem(report, place, f"not translated into {language} yet: translate it in "
                                   f"{report.year}/{FOLDER}/{language}.po (generate-report translations "
                                   f"{report.year} {language} adds it there)")


def _problem(report: Report, place: Field, message: str) -> Problem:
    shown, line = report.where(place.key, place.path)
    return Problem(shown, line, place.dotted, message)
