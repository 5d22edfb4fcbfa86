"""Where each piece of the DOCX came from: source bookmarks, their map, and the checks' comments.

Every paragraph, list item and table cell made from an input field is wrapped in a bookmark
``src_N``; a custom XML part maps each name to the field's source id (``funds:content.3.text``).
Word and LibreOffice keep bookmarks when a reviewer edits, so `generate-report review` can
tell which input field an edited paragraph came from. Notes (findings of the checks) become
Word comments anchored on the text of the figure they concern.
"""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from generator.doc.model import Document
from generator.doc.sources import widening
from generator.writers.docx import oxml

SOURCES_PART = "/customXml/report-sources.xml"
SOURCES_NS = "urn:museum-report:sources"
BOOKMARK_PREFIX = "src_"
BOOKMARK_BASE_ID = 100_000      # far above the heading bookmarks' ids
COMMENT_INITIALS = "GR"


class SourceMarks:
    """Collects, while the writer works, which runs and paragraphs show which input field."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, object]] = []          # (source, run) in reading order
        self.paragraphs: list[tuple[str, object]] = []    # (source, paragraph) in reading order
        self.names: list[tuple[str, str]] = []            # (bookmark name, source)
        self._index: tuple[dict, dict] | None = None      # see _indexes, made by finish

    def run(self, source: str, run) -> None:
        if source:
            self.runs.append((source, run))

    def paragraph(self, source: str, paragraph) -> None:
        """Wrap a paragraph made from an input field in a source bookmark."""
        if not source:
            return
        name = f"{BOOKMARK_PREFIX}{len(self.names) + 1}"
        oxml.add_bookmark(paragraph._p, BOOKMARK_BASE_ID + len(self.names), name)
        self.names.append((name, source))
        self.paragraphs.append((source, paragraph))

    def finish(self, out, doc: Document) -> None:
        """Store the bookmark map in the package and anchor each note as a comment."""
        _add_sources_part(out, self.names)
        when = dt.datetime.fromisoformat(doc.meta.date).replace(tzinfo=dt.timezone.utc)
        for note in doc.notes:
            runs = self._anchor(note.source)
            if runs:
                comment = out.add_comment(runs, text=note.text, author=note.author, initials=COMMENT_INITIALS)
                comment._comment_elm.date = when

    def _anchor(self, source: str) -> list:
        """The runs showing a source: its own value, else a part of it, else the paragraph made
        from it; a source with no text of its own is looked for by its enclosing fields."""
        runs, paragraphs = self._indexes()
        for candidate in widening(source):
            for kind in ("own", "part"):
                if candidate in runs[kind]:
                    return [runs[kind][candidate]]
                if candidate in paragraphs[kind]:
                    paragraph = paragraphs[kind][candidate]
                    return [paragraph.runs[0], paragraph.runs[-1]]
        return []

    def _indexes(self) -> tuple[dict, dict]:
        """The first run, and the first paragraph with runs, of each source ("own") and of each
        field enclosing a source ("part": ``k:figures.a`` for ``k:figures.a.parts.3``), in
        reading order: each note's anchor is then found without reading every run again."""
        if self._index is None:
            runs: dict[str, dict] = {"own": {}, "part": {}}
            paragraphs: dict[str, dict] = {"own": {}, "part": {}}
            for found, marked in ((runs, self.runs),
                                  (paragraphs, [(s, p) for s, p in self.paragraphs if p.runs])):
                for source, item in marked:
                    found["own"].setdefault(source, item)
                    for i, char in enumerate(source):
                        if char == ".":
                            found["part"].setdefault(source[:i], item)
            self._index = (runs, paragraphs)
        return self._index


def _add_sources_part(out, names: list[tuple[str, str]]) -> None:
    rows = "".join(f"<s b={quoteattr(name)}>{escape(source)}</s>" for name, source in names)
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sources xmlns="{SOURCES_NS}">{rows}</sources>'
    part = Part(PackURI(SOURCES_PART), "application/xml", blob.encode("utf-8"), out.part.package)
    out.part.relate_to(part, RT.CUSTOM_XML)


def read_sources(package_parts) -> dict[str, str]:
    """The bookmark → source map of a DOCX written by this writer (empty if it has none)."""
    import xml.etree.ElementTree as ET
    for part in package_parts:
        if str(part.partname) == SOURCES_PART:
            root = ET.fromstring(part.blob)
            return {el.get("b"): el.text or "" for el in root.iter(f"{{{SOURCES_NS}}}s")}
    return {}
