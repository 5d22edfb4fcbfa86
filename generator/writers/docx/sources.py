"""Where each piece of the DOCX came from: source bookmarks, their map, and the checks' comments.

Every paragraph, list item, caption and table cell the writer marks with a source is wrapped
in a bookmark ``_src_N`` (hidden: Word lists a name with a leading underscore only on request);
a custom XML part maps each name to the field's text form (``Field.text``:
``funds:content.3.text``; ``Made.text`` for a piece the generator made itself:
``=row number|funds:tables.t``), the text written there (``t``) and the spans of it that show a
figure or the field's own text (``f``: ``start,end,source;…``). Word and LibreOffice keep
bookmarks when a reviewer edits, so `generate-report review` tells, for any kind of piece,
which input field an edited paragraph came from and which figure an edit inside it touched.
This module is the one place the text form is written; ``read_source`` reads it back. Notes
(findings of the checks) become Word comments anchored on the text of the figure they concern.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr


from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from generator.doc.model import Document
from generator.doc.provenance import Field, Made, Provenance, What, parse
from generator.fmt import whole_number
from generator.writers.docx import oxml

SOURCES_PART = "/customXml/report-sources.xml"
SOURCES_NS = "urn:museum-report:sources"
BOOKMARK_PREFIX = "_src_"
BOOKMARK_BASE_ID = 100_000      # far above the heading bookmarks' ids
COMMENT_INITIALS = "GR"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BREAKS = {f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n"}


def paragraph_text(paragraph, accept: bool = True) -> str:
    """A paragraph's text (an lxml ``w:p``) with tracked changes accepted (insertions in,
    deletions out) or rejected; the writer stores it and review reads it the same way."""
    return "".join(text for text, _ in text_pieces(paragraph, accept))


def text_pieces(paragraph, accept: bool = True) -> list[tuple[str, object]]:
    """(text, its ``w:r``) of each text, deleted text, tab and line break of a paragraph, in order."""
    out = []
    for el in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab", f"{{{W}}}br"):
        inserted = any(a.tag == f"{{{W}}}ins" for a in el.iterancestors())
        deleted = el.tag == f"{{{W}}}delText" or any(a.tag == f"{{{W}}}del" for a in el.iterancestors())
        if (accept and deleted) or (not accept and inserted):
            continue
        out.append((_BREAKS.get(el.tag) or el.text or "", el.getparent()))
    return out


class SourceMarks:
    """Collects, while the writer works, which runs and paragraphs show which input field."""

    def __init__(self) -> None:
        self.runs: list[tuple[Provenance, object]] = []          # (source, run) in reading order
        self.paragraphs: list[tuple[Provenance, object]] = []    # (source, paragraph) in reading order
        self.names: list[MapEntry] = []                          # each marked piece, in reading order
        self._pending: dict[int, Provenance] = {}                # id(w:r) → source, of runs not yet in a piece
        self.points: list[MapPoint] = []                         # chart values showing a figure
        self._index: tuple[dict, dict] | None = None      # see _indexes, made by finish
        self._notes: list[object] = []                    # footnote paragraphs of the paragraph being written
        self.block = -1                                   # the key of the body block being written (-1: the cover)
        self._starts: list[tuple[int, object]] = []       # (block key, w:bookmarkStart) of each piece

    def run(self, source: Provenance | None, run) -> None:
        if source:
            self.runs.append((source, run))
            self._pending[id(run._r)] = source

    def note(self, paragraph) -> None:
        """A footnote's paragraph, marked with the paragraph that calls it (see ``paragraph``)."""
        self._notes.append(paragraph)

    def paragraph(self, source: Provenance | None, paragraph) -> None:
        """Wrap a paragraph made from an input field in a source bookmark; its text and the spans
        of the marked runs in it go to the map. Its footnotes follow it in the map as pieces the
        generator made (``What.FOOTNOTE`` beside the field): review shows their edits."""
        if source:
            self._mark(source, paragraph)
            self.paragraphs.append((source, paragraph))
        notes, self._notes = self._notes, []
        for note in notes:
            self._mark(Made(What.FOOTNOTE, source.field if source else None), note)

    def _mark(self, source: Provenance, paragraph) -> None:
        name = f"{BOOKMARK_PREFIX}{len(self.names) + 1}"
        oxml.add_bookmark(paragraph._p, BOOKMARK_BASE_ID + len(self.names), name)
        start = next(b for b in paragraph._p.iter(f"{{{W}}}bookmarkStart") if b.get(f"{{{W}}}name") == name)
        self._starts.append((self.block, start))
        self.names.append(MapEntry(name, source, paragraph_text(paragraph._p), self._spans(paragraph._p)))

    def _spans(self, p) -> list[Span]:
        """The spans of a paragraph's marked runs (adjacent runs of one source joined)."""
        at, spans = 0, []
        for text, run in text_pieces(p):
            source = self._pending.pop(id(run), None)
            if source and spans and spans[-1].source == source and spans[-1].end == at:
                spans[-1] = Span(spans[-1].start, at + len(text), source)
            elif source:
                spans.append(Span(at, at + len(text), source))
            at += len(text)
        return spans

    def name_in_built_order(self) -> None:
        """Number the pieces in the order of the body's blocks as built (``Fill`` keys), not as
        printed: a map made again from the document as built (review, where a word processor
        dropped the DOCX's map) then names the same pieces. The map stays in reading order."""
        ranks = sorted(range(len(self._starts)), key=lambda i: (self._starts[i][0], i))
        for rank, i in enumerate(ranks):
            name = f"{BOOKMARK_PREFIX}{rank + 1}"
            self._starts[i][1].set(f"{{{W}}}name", name)
            self.names[i] = self.names[i]._replace(name=name)

    def chart(self, part: str, series: int, point: int, value: float | int, source: Field | None) -> None:
        """Record that point ``point`` of series ``series`` (0-based, in the order of the chart
        part's ``c:ser``) of the chart part ``part`` (``word/charts/chart1.xml``) shows figure
        ``source`` with ``value``: review reads the chart's cached values (Word refreshes them
        when its data is edited) and reports a changed one as that figure's change."""
        if source:
            self.points.append(MapPoint(part, str(series), str(point), repr(value), source))

    def finish(self, out, doc: Document) -> None:
        """Store the bookmark map in the package and anchor each note as a comment."""
        _add_sources_part(out, self.names, self.points)
        when = dt.datetime.fromisoformat(doc.meta.date).replace(tzinfo=dt.timezone.utc)
        for note in doc.notes:
            runs = self._anchor(note.source)
            if runs:
                comment = out.add_comment(runs, text=note.text, author=note.author, initials=COMMENT_INITIALS)
                comment._comment_elm.date = when

    def _anchor(self, source: Field) -> list:
        """The runs showing a field: its own value, else a part of it, else the paragraph made
        from it; a field with no text of its own is looked for by its enclosing fields."""
        runs, paragraphs = self._indexes()
        for candidate in source.widening():
            for kind in ("own", "part"):
                if candidate in runs[kind]:
                    return [runs[kind][candidate]]
                if candidate in paragraphs[kind]:
                    paragraph = paragraphs[kind][candidate]
                    return [paragraph.runs[0], paragraph.runs[-1]]
        return []

    def _indexes(self) -> tuple[dict, dict]:
        """The first run, and the first paragraph with runs, of each field ("own") and of each
        field enclosing one ("part": ``k:figures.a`` for ``k:figures.a.parts.3``), in reading
        order: each note's anchor is then found without reading every run again."""
        if self._index is None:
            runs: dict[str, dict] = {"own": {}, "part": {}}
            paragraphs: dict[str, dict] = {"own": {}, "part": {}}
            for found, marked in ((runs, self.runs),
                                  (paragraphs, [(s, p) for s, p in self.paragraphs if p.runs])):
                for source, item in marked:
                    if isinstance(source, Field):
                        found["own"].setdefault(source, item)
                        for around in source.enclosing():
                            found["part"].setdefault(around, item)
            self._index = (runs, paragraphs)
        return self._index



class Span(NamedTuple):
    """A stretch ``[start, end)`` of a piece's text showing a figure or the field's own text."""
    start: int
    end: int
    source: Provenance


class MapEntry(NamedTuple):
    """One marked piece as the map holds it: its bookmark, where it came from, the text written
    there and the spans of that text showing a figure."""
    name: str
    source: Provenance
    text: str
    spans: list[Span]


class MapPoint(NamedTuple):
    """A chart's value the map traces to a figure: the chart part, series, point and the value written."""
    part: str
    series: str
    point: str
    value: str
    source: Provenance


def _add_sources_part(out, names: list[MapEntry], points=()) -> None:
    rows = "".join(f"<s b={quoteattr(e.name)} t={quoteattr(e.text)}{_spans_attr(e.spans)}>{escape(e.source.text)}</s>"
                   for e in names)
    rows += "".join(f'<c part={quoteattr(c.part)} s="{c.series}" p="{c.point}" v={quoteattr(c.value)}>'
                    f'{escape(c.source.text)}</c>' for c in points)
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sources xmlns="{SOURCES_NS}">{rows}</sources>'
    part = Part(PackURI(SOURCES_PART), "application/xml", blob.encode("utf-8"), out.part.package)
    out.part.relate_to(part, RT.CUSTOM_XML)


def _spans_attr(spans: list[Span]) -> str:
    text = ";".join(f"{a},{z},{source.text}" for a, z, source in spans)
    return f" f={quoteattr(text)}" if text else ""


def read_map(root) -> list[MapEntry]:
    """The pieces of a source map part (its root element, as ``_add_sources_part`` wrote it);
    an entry this writer did not write (no bookmark, a source it cannot read) is left out."""
    out = []
    for el in root.iter(f"{{{SOURCES_NS}}}s"):
        source = parse(el.text or "")
        if el.get("b") and source:
            out.append(MapEntry(el.get("b"), source, el.get("t") or "", _read_spans(el.get("f") or "")))
    return out


def read_points(root) -> list[MapPoint]:
    """The chart values of a source map part: traced to a figure or cell, or the generator's own."""
    out = []
    for el in root.iter(f"{{{SOURCES_NS}}}c"):
        source = parse(el.text or "")
        if source is not None:
            out.append(MapPoint(el.get("part") or "", el.get("s") or "", el.get("p") or "", el.get("v") or "", source))
    return out


def _read_spans(spans: str) -> list[Span]:
    """``start,end,source;…`` → the spans (anything else: not written by this writer, left out)."""
    out = []
    for item in filter(None, spans.split(";")):
        start, _, rest = item.partition(",")
        end, _, text = rest.partition(",")
        source = parse(text)
        first, last = whole_number(start), whole_number(end)
        if first is not None and last is not None and source:
            out.append(Span(first, last, source))
    return out
