"""`review report-2021-ru.docx --apply`: the translators' edits in an edition's DOCX written into
its catalog (``generator.load.translations``): each edited piece's Kazakh text (its msgid) gets the
edited text as its translation, with its references and bold and italic rebuilt as review
rebuilds them in the Kazakh report. Figures are not edited in an edition: they are the Kazakh
report's, and an edit of one is listed, not applied.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.doc.inline import has_footnote
from generator.doc.provenance import Field
from generator.load.texts import LINE_BREAK, texts
from generator.load.translations import catalog_for, catalog_path, write
from generator.review import Change, Kind
from generator.review.apply import reference_printer, figures_restored
from generator.review.diff import rebuild, tokens_of
from generator.sections.context import Context


@dataclass
class Edits:
    """The new translations by Kazakh text, and the changes that cannot go into the catalog, with why."""
    translations: dict[str, str] = field(default_factory=dict)
    unmapped: list[tuple[Change, str]] = field(default_factory=list)


def plan(changes: list[Change], ready, kazakh) -> Edits:
    """The catalog edits ``changes`` make in the edition ``ready`` (a pipeline.Prepared of an
    edition) whose Kazakh inputs are ``kazakh`` (a Report)."""
    out = Edits()
    sources = {(p.key, p.path): text for p, text in texts(kazakh)}
    shown = {(p.key, p.path): text for p, text in texts(ready.report)}
    ctx = Context(ready.report, ready.profile)
    for change in changes:
        why = _edit(change, sources, shown, ctx, out)
        if why:
            out.unmapped.append((change, why))
    return out


def _edit(change: Change, sources: dict, shown: dict, ctx: Context, out: Edits) -> str:
    source = change.source
    if change.kind is not Kind.CHANGED or not isinstance(source, Field) or source.year is not None:
        return "only a text's edit goes into the catalog; figures and added or removed pieces are the Kazakh report's"
    key, whole = (source.key, tuple(source.path)), (source.key, tuple(source.path[:-1]))
    a_line = key not in sources and whole in sources and isinstance(source.path[-1], int)   # texts.JOINED
    if key not in sources and not a_line:
        return "not a translatable text"
    if change.figures:
        return "a figure edited in an edition: the figures are the Kazakh report's, change it there"
    if a_line:
        return _edit_line(change, whole, sources, shown, ctx, out)
    template = shown[key]
    if has_footnote(template):
        return "the text holds a footnote (^[…]): copy the change into the catalog by hand, keeping the footnote"
    made = rebuild(tokens_of(template, reference_printer(source, ctx)), change.old, figures_restored(change))
    if made.refused:
        return made.refused
    out.translations[sources[key]] = made.template
    return ""


def _edit_line(change: Change, whole: tuple, sources: dict, shown: dict, ctx: Context, out: Edits) -> str:
    """An edited line of a text translated as one, ``whole`` (``texts.JOINED``: the cover's title):
    its whole translation with that line replaced (on top of the other lines' edits)."""
    line = change.source.path[-1]
    lines = out.translations.get(sources[whole], shown[whole]).split(LINE_BREAK)
    if line >= len(lines):
        return "not a line of the text's translation"
    printer = reference_printer(change.source, ctx)
    made = rebuild(tokens_of(lines[line], printer), change.old, figures_restored(change))
    if made.refused:
        return made.refused
    lines[line] = made.template
    out.translations[sources[whole]] = LINE_BREAK.join(lines)
    return ""


def write_edits(edits: Edits, kazakh, edition: str) -> str:
    """The catalog with the new translations (their fuzzy flags removed); its path as shown."""
    catalog = catalog_for(kazakh, edition)
    for msgid, text in edits.translations.items():
        message = catalog.get(msgid)
        if message is None:
            catalog.add(msgid, text)
        else:
            message.string = text
            message.flags.discard("fuzzy")
    write(catalog, catalog_path(kazakh, edition))
    return f"inputs/{kazakh.year}/translations/{edition}.po"
