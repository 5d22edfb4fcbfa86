"""`generate-report review FILE.docx`: what reviewers changed and said, traced to the input fields.

The DOCX writer wraps every piece it makes (a paragraph, list item, caption, table cell, cover
line) in a source bookmark (``_src_N``: the map names each, whatever its prefix) and stores, in
the package's map, each bookmark's source, the text it wrote there and the spans of that text
showing a figure. Review finds each piece in the body from its own mark and text
(``review.identify``, whatever the word processor did to the marks) and compares: a piece whose
text differs is changed (an edit confined to a figure's span is that figure's change), a piece
nothing shows is removed, one whose mark was lost but whose text stands where it stood is
retyped, a paragraph of the reviewer's is added after the piece before it. What is not certain
carries a ``doubt`` and is listed for the secretary, never applied. Nothing here knows the kinds
of pieces: new kinds need only a source mark in the writer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.doc.provenance import Field, Made, Provenance
from generator.docxread import MAIN_PART, Package, open_docx
from generator.fmt import whole_number
from generator.sections import NOTE_AUTHOR
from generator.writers.docx.writer import source_pieces
from generator.writers.docx.sources import (
    SOURCES_NS, SOURCES_PART, MapPoint, Span, paragraph_text, read_map, read_points, text_pieces,
)
from generator.review.diff import figure_edits, is_figure as _is_figure, number_text
from generator.review.identify import Found, Seen, identify, marks_of, norm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CORE_PART = "docProps/core.xml"
COMMENTS_PART = "word/comments.xml"
NOTES_PART = "word/footnotes.xml"         # a footnote's text is a piece of its own


@dataclass
class Piece:
    """What the map says of one bookmark: the field, the text written, the figures' spans in it."""
    source: Provenance | None
    text: str
    spans: list[Span] = field(default_factory=list)


class Kind(StrEnum):
    """What a reviewer did to a piece."""
    CHANGED = "changed"
    FIGURE = "figure"           # an edit inside a figure's printed value
    REMOVED = "removed"
    RETYPED = "retyped"         # a new paragraph where a piece's mark was lost
    ADDED = "added"             # a paragraph after the piece ``source``


@dataclass
class Change:
    """One reviewer's edit with the field it concerns (``source``; None: the start of the report)."""
    kind: Kind
    source: Provenance | None
    place: str          # 'inputs/2021/funds.yaml:23 content.0.text'
    old: str
    new: str            # with tracked changes accepted
    rejected: str       # with tracked changes rejected (what the file says before they are accepted)
    piece: Piece | None = None
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)   # the new text's (text, bold, italic)
    following: Piece | None = None      # added: the piece the map has after ``piece``
    doubt: str = ""                     # why the piece is not identified beyond doubt: listed, not applied


@dataclass
class Remark:
    """A comment a reviewer wrote in Word, with the text it is anchored on and its field."""
    place: str
    author: str
    anchored: str
    text: str


@dataclass
class Point:
    """A chart's value the map traces to a figure: as written, and as the chart holds it now."""
    source: Field
    written: str
    now: str | None             # None: the chart or its point is gone


@dataclass
class Reviewed:
    """What a reviewed DOCX holds for review: its body, bookmark → piece map, comments, and year."""
    path: Path
    body: object
    names: dict[str, Piece]
    comments: dict[str, tuple[str, str]]
    year: int | None            # from the file's keywords; None if it does not say
    points: list[Point] = field(default_factory=list)
    notes: object = None        # the footnotes part's root, if the file has footnotes

    @property
    def tracked(self) -> int:
        """How many tracked insertions and deletions are pending in the body."""
        return sum(1 for _ in self.body.iter(f"{{{W}}}ins", f"{{{W}}}del"))


def read_reviewed(docx_path: Path) -> Reviewed:
    """Read the parts review needs, within the bounds of ``open_docx`` (DocxRefused otherwise)."""
    with open_docx(docx_path) as package:
        return Reviewed(Path(docx_path), package.xml(MAIN_PART), _read_map(package),
                        _read_comments(package), _keywords_year(package), _read_points(package),
                        package.xml(NOTES_PART) if NOTES_PART in package else None)


def review(docx: Path | Reviewed, report, doc=None, profile=None) -> tuple[list[Change], list[Remark]]:
    """Every edit of a reviewed DOCX (a path, or what ``read_reviewed`` read), in reading order.

    A DOCX whose map a word processor dropped is compared with the map the document built from
    the inputs now (``doc`` and ``profile``) would have: the bookmarks are numbered in one order."""
    reviewed = docx if isinstance(docx, Reviewed) else read_reviewed(docx)
    if not reviewed.names and doc is not None:
        reviewed.names = {e.name: Piece(e.source, e.text, e.spans) for e in source_pieces(doc, profile)}
    changes: list[Change] = []
    for found in identify([reviewed.body, reviewed.notes], reviewed.names, lambda n: _place(reviewed.names[n], report)):
        made = _changes(found, reviewed.names, report)
        for change in made:
            change.doubt = found.doubt
        changes.extend(made)
    changes.extend(_chart_changes(reviewed.points, report))
    return changes, _remarks(reviewed.body, reviewed.comments, reviewed.names, report)


def _changes(found: Found, pieces: dict[str, Piece], report) -> list[Change]:
    """What a reviewer did, as ``identify`` found it: a piece edited (or not), lost, retyped, or
    a paragraph added."""
    if found.seen is Seen.MARKED:
        return _compared(pieces[found.name], found.paragraph, report)
    if found.seen is Seen.LOST:
        return [_change(Kind.REMOVED, pieces[found.name], report, "", "")]
    if found.seen is Seen.CONTENTS:
        return []           # made from the headings: their edits are the headings' own
    paragraph = found.paragraph
    text, rejected = paragraph_text(paragraph), paragraph_text(paragraph, False)
    if found.seen is Seen.BY_TEXT:
        if norm(text) == norm(pieces[found.name].text) == norm(rejected):
            return []       # a word processor dropped the mark, the text is as written
        return [_change(Kind.RETYPED, pieces[found.name], report, text, rejected, _runs(paragraph))]
    near = pieces[found.name] if found.name else Piece(None, "")
    change = _change(Kind.ADDED, near, report, text, rejected, _runs(paragraph))
    names = list(pieces)
    at = names.index(found.name) + 1 if found.name else 0
    change.old, change.following = "", pieces[names[at]] if at < len(names) else None
    return [change]


def _compared(piece: Piece, paragraph, report) -> list[Change]:
    """A piece against the text of its paragraph: its figures' edits and any other edit."""
    accepted, rejected = paragraph_text(paragraph, True), paragraph_text(paragraph, False)
    if norm(accepted) == norm(piece.text) and norm(rejected) == norm(piece.text):
        return []
    edits, elsewhere = figure_edits(piece.text, accepted, piece.spans) if accepted == rejected else ([], True)
    figures = [Change(Kind.FIGURE, s, place_of(report, s), old, new, new, piece) for s, old, new in edits]
    if elsewhere:
        figures.append(_change(Kind.CHANGED, piece, report, accepted, rejected, _runs(paragraph)))
    return figures


def _place(piece: Piece, report) -> str:
    return place_of(report, piece.source) if piece.source else "(the start of the report)"


def _change(kind: Kind, piece: Piece, report, new: str, rejected: str, runs=None) -> Change:
    return Change(kind, piece.source, _place(piece, report), piece.text, new, rejected, piece, runs or [])


def _runs(paragraph) -> list[tuple[str, bool, bool]]:
    """The paragraph's accepted text as (text, bold, italic) pieces, formatting read from each run."""
    out = []
    for text, run in text_pieces(paragraph):
        out.append((text, _on(run, "b"), _on(run, "i")))
    return out


def _on(run, tag: str) -> bool:
    el = run.find(f"w:rPr/w:{tag}", NS) if run is not None else None
    return el is not None and el.get(f"{{{W}}}val", "true") not in ("0", "false", "off")


def describe(change: Change) -> str:
    """A change as the command line shows it: a figure on one line, a text with was/now."""
    numbers = number_text(change.old) and number_text(change.new)
    if change.kind == Kind.FIGURE or change.kind == Kind.CHANGED and (_is_figure(change.source) or numbers):
        return f"{change.place}: {change.old} → {change.new}"
    if change.kind == Kind.ADDED:
        return f"added after {change.place}:\n  now: {change.new}"
    lines = [f"{change.place}: {change.kind}", f"  was: {change.old}"]
    if change.new:
        lines.append(f"  now: {change.new}")
    if change.rejected != change.new and change.rejected != change.old:
        lines.append(f"  with the tracked changes rejected: {change.rejected}")
    return "\n".join(lines)


def report_year(reviewed: Reviewed) -> int | None:
    """The year a generated DOCX is about: its keywords, else its folder's name."""
    return reviewed.year or _year_in(reviewed.path.parent.name)


def _keywords_year(package: Package) -> int | None:
    if CORE_PART not in package:
        return None
    return _year_in("".join(el.text or "" for el in package.xml(CORE_PART).iter("{*}keywords")))


def _year_in(text: str) -> int | None:
    found = re.search(r"\b(19|20)\d\d\b", text)
    return int(found.group(0)) if found else None


def _read_map(package: Package) -> dict[str, Piece]:
    """The bookmark → piece map, wherever a word processor put the part (LibreOffice renames it)."""
    root = _map_root(package)
    return {e.name: Piece(e.source, e.text, e.spans) for e in read_map(root)} if root is not None else {}


def _map_root(package: Package):
    """The map part's root, wherever a word processor put it; None if there is none."""
    candidates = [SOURCES_PART.lstrip("/"), *(n for n in package.names if n.startswith("customXml/item"))]
    for name in dict.fromkeys(candidates):
        if name in package:
            root = package.xml(name)
            if root.tag == f"{{{SOURCES_NS}}}sources":
                return root
    return None


def _read_points(package: Package) -> list[Point]:
    """Each chart value the map traces, with the value the chart part caches now (Word refreshes
    the cache when the chart's data is edited)."""
    root = _map_root(package)
    entries: list[MapPoint] = read_points(root) if root is not None else []
    charts = {part: _cached(package, part) for part in dict.fromkeys(e.part for e in entries)}
    return [Point(e.source, e.value, charts[e.part].get((_int(e.series), e.point))) for e in entries]


def _int(text: str | None) -> int:
    found = whole_number(text)
    return -1 if found is None else found


def _cached(package: Package, part: str) -> dict[tuple[int, str], str]:
    """(series index, point index) → the value a chart part caches, for each series in order."""
    if part not in package:
        return {}
    chart = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    out = {}
    for s, series in enumerate(package.xml(part).iter(f"{chart}ser")):
        for point in series.iterfind(f"{chart}val//{chart}pt"):
            value = point.find(f"{chart}v")
            out[(s, point.get("idx"))] = value.text if value is not None else ""
    return out


def _chart_changes(points: list[Point], report) -> list[Change]:
    """A chart value edited in its data is the change of the figure it shows."""
    out = []
    for point in points:
        if point.now is not None and _as_number(point.now) != _as_number(point.written):
            out.append(Change(Kind.FIGURE, point.source, place_of(report, point.source), point.written,
                              point.now, point.now))
    return out


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _read_comments(package: Package) -> dict[str, tuple[str, str]]:
    if COMMENTS_PART not in package:
        return {}
    root = package.xml(COMMENTS_PART)
    return {c.get(f"{{{W}}}id"): (c.get(f"{{{W}}}author") or "", norm("".join(c.itertext())))
            for c in root.iterfind("w:comment", NS)}


def _remarks(body, comments: dict, names: dict[str, Piece], report) -> list[Remark]:
    """Reviewers' comments (not the generator's), with the text between their range marks."""
    out, anchored, sources = [], _anchored(body), {}
    for start in body.iter(f"{{{W}}}commentRangeStart"):
        cid = start.get(f"{{{W}}}id")
        author, text = comments.get(cid, ("", ""))
        if author == NOTE_AUTHOR or cid not in comments:
            continue
        paragraph = next(start.iterancestors(f"{{{W}}}p"), None)
        if paragraph not in sources:
            sources[paragraph] = _paragraph_source(paragraph, names) if paragraph is not None else None
        source = sources[paragraph]
        out.append(Remark(place_of(report, source) if source else "(text not made from the inputs)",
                          author, anchored.get(cid, ""), text))
    return out


def _paragraph_source(paragraph, names: dict[str, Piece]) -> Provenance | None:
    for name in marks_of(paragraph, names):
        if names[name].source:
            return names[name].source
    return None


MAX_ANCHORED = 400           # characters of a comment's anchored text shown; a longer one ends in «…»


def _anchored(body) -> dict[str, str]:
    """Each comment's text between its range start and end, in document order (from its first
    start), cut at MAX_ANCHORED characters: read in one pass over the body, however many comments."""
    texts: list[str] = []
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for el in body.iter(f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd", f"{{{W}}}t"):
        if el.tag.endswith("}t"):
            texts.append(el.text or "")
        elif el.tag.endswith("commentRangeStart"):
            starts.setdefault(el.get(f"{{{W}}}id"), len(texts))
        else:
            cid = el.get(f"{{{W}}}id")
            if cid in starts and cid not in ends:
                ends[cid] = len(texts)
    return {cid: _cut(texts, at, ends.get(cid, len(texts))) for cid, at in starts.items()}


def _cut(texts: list[str], start: int, end: int) -> str:
    """The texts from start to end joined, cut at MAX_ANCHORED characters (and as many pieces)."""
    stop, room = min(end, start + MAX_ANCHORED), 2 * MAX_ANCHORED
    pieces = texts[start:stop]
    joined = norm("".join(text[:room] for text in pieces))
    whole = stop == end and all(len(text) <= room for text in pieces) and len(joined) <= MAX_ANCHORED
    return joined if whole else joined[:MAX_ANCHORED] + "…"


def place_of(report, source: Provenance) -> str:
    """'inputs/2021/funds.yaml:11 figures.holdings', or for a piece the generator made itself,
    what it is and the field nearest to it."""
    if isinstance(source, Made):
        made = f"({source.what}, made by the generator)"
        return f"{place_of(report, source.near)} {made}" if source.near else made
    shown, line = report.place(source)
    return f"{shown}:{line} {source.dotted}" if line else f"{shown} {source.dotted}"

