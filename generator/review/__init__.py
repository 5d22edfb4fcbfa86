"""`generate-report review FILE.docx`: what reviewers changed and said, traced to the input fields.

The DOCX writer wraps every piece it makes (a paragraph, list item, caption, table cell, cover
line) in a source bookmark (``_src_N``: the map names each, whatever its prefix) and stores, in
the package's map, each bookmark's source, the text it wrote there and the spans of that text
showing a figure. Review finds each piece in the body from its own mark and text
(``review.identify``, whatever the word processor did to the marks) and compares: a piece whose
text differs is changed (a figure whose number an edit changed is that figure's change, the
number read whole in its unit by ``review.figures``), a piece
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
from generator.sections import NOTE_AUTHOR
from generator.writers.docx.writer import source_pieces
from generator.writers.docx.sources import (
    SOURCES_NS, SOURCES_PART, Span, paragraph_text, read_map, text_pieces,
)
from generator.fmt.read import Read, money_word, number_spans
from generator.review.charts import Point, as_number, chart_points, chart_read, grouped
from generator.review.figures import FigureEdit, figure_edits, figure_unit, part_spans
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
    CONTENTS = "contents"       # an entry of the contents typed over (made from the headings)


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
    figures: list[FigureEdit] = field(default_factory=list)   # changed: the figures' edits in ``new``
    read: Read | None = None            # figure: the new value read in the figure's unit


@dataclass
class Remark:
    """A comment a reviewer wrote in Word, with the text it is anchored on and its field."""
    place: str
    author: str
    anchored: str
    text: str


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
                        _read_comments(package), _keywords_year(package), chart_points(package, _map_root(package)),
                        package.xml(NOTES_PART) if NOTES_PART in package else None)


def review(docx: Path | Reviewed, report, doc=None, profile=None) -> tuple[list[Change], list[Remark]]:
    """Every edit of a reviewed DOCX (a path, or what ``read_reviewed`` read), in reading order.

    A DOCX whose map a word processor dropped is compared with the map the document built from
    the inputs now (``doc`` and ``profile``) would have: the bookmarks are numbered in one order."""
    reviewed = docx if isinstance(docx, Reviewed) else read_reviewed(docx)
    if not reviewed.names and doc is not None:
        reviewed.names = {e.name: Piece(e.source, e.text, e.spans) for e in source_pieces(doc, profile)}
    changes: list[Change] = []
    found_all = identify([reviewed.body, reviewed.notes], reviewed.names, lambda n: _place(reviewed.names[n], report))
    seeing = Seeing(reviewed.names, report, Units(report, profile.terms.money if profile else DEFAULT_MONEY),
                    _titles(found_all, reviewed.names))
    for found in found_all:
        made = _changes(found, seeing)
        for change in made:
            change.doubt = found.doubt or change.doubt
        changes.extend(made)
    changes.extend(_chart_changes(reviewed.points, report, seeing.units))
    return changes, _remarks(reviewed.body, reviewed.comments, reviewed.names, report)


DEFAULT_MONEY = "{n} теңге"


@dataclass
class Units:
    """A figure's unit and the money pattern, for reading an edited figure (``figures``)."""
    report: object
    money: str

    def __call__(self, source: Field) -> tuple[str, str]:
        return figure_unit(self.report, source), self.money


@dataclass
class Seeing:
    """What turning a found paragraph into changes needs: the map's pieces, the report (for
    places), the figures' units, and the headings' titles (for the contents' entries)."""
    pieces: dict
    report: object
    units: Units
    titles: set[str]


def _changes(found: Found, seeing: Seeing) -> list[Change]:
    """What a reviewer did, as ``identify`` found it: a piece edited (or not), lost, retyped, a
    paragraph added, or an entry of the contents typed over."""
    pieces, report = seeing.pieces, seeing.report
    if found.seen is Seen.MARKED:
        return _compared(pieces[found.name], found.paragraph, report, seeing.units)
    if found.seen is Seen.LOST:
        return [_change(Kind.REMOVED, pieces[found.name], report, "", "")]
    if found.seen is Seen.CONTENTS:
        return _contents(found.paragraph, seeing.titles)
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


def _compared(piece: Piece, paragraph, report, units: Units) -> list[Change]:
    """A piece against the text of its paragraph: each edited figure read whole (its own
    change), and any other edit (the text's, with the figures' edits it holds)."""
    accepted, rejected = paragraph_text(paragraph, True), paragraph_text(paragraph, False)
    if norm(accepted) == norm(piece.text) and norm(rejected) == norm(piece.text):
        return []
    spans = part_spans(report, piece.text, piece.spans)
    edits, elsewhere = figure_edits(piece.text, accepted, spans, units) if accepted == rejected else ([], True)
    figures = [Change(Kind.FIGURE, e.source, place_of(report, e.source), e.old, e.new, e.new, piece, read=e.read)
               for e in edits]
    if elsewhere:
        figures.append(_change(Kind.CHANGED, piece, report, accepted, rejected, _runs(paragraph)))
        figures[-1].figures = edits
        unread = next((e for e in edits if e.read.why and _has_words(e.new, units.money)), None)
        if unread:          # words typed over a figure: the text without it would lose them
            figures[-1].doubt = (f"a figure of it was typed over with «{unread.new}», which is not read as that "
                                 f"figure: change the text and the figure in the inputs by hand")
    return figures


def _has_words(typed: str, money: str) -> bool:
    """Whether what stands where a figure stood holds words (not a mistyped number or its unit)."""
    return any(c.isalpha() for c in typed.replace(money, ""))


def _contents(paragraph, titles: set[str]) -> list[Change]:
    """An entry of the contents whose title is no heading's, as written or as the file has it now."""
    title = _title(paragraph_text(paragraph).split("\t")[0])
    if not title or title in titles:
        return []
    shown = norm(paragraph_text(paragraph).split("\t")[0])
    return [Change(Kind.CONTENTS, None, "(the contents)", "", shown, shown)]


def _titles(found: list[Found], pieces: dict[str, Piece]) -> set[str]:
    """The texts of every piece as written and of every paragraph showing one as it reads now."""
    now = {_title(paragraph_text(f.paragraph)) for f in found if f.seen in (Seen.MARKED, Seen.BY_TEXT)}
    return now | {_title(piece.text) for piece in pieces.values()}


def _title(text: str) -> str:
    """A heading's words and numbers alone (no spaces, breaks or marks): a contents entry joins
    a heading's lines with a full stop, the page number follows a tab."""
    return re.sub(r"\W+", "", text).lower()


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
    """A change as the command line shows it: a figure on one line (grouped as the report prints
    it), a text with was/now."""
    if change.kind == Kind.FIGURE or change.kind == Kind.CHANGED and _numeric(change.old) and _numeric(change.new):
        return f"{change.place}: {grouped(change.old)} → {grouped(change.new)}"
    if change.kind == Kind.ADDED:
        return f"added after {change.place}:\n  now: {change.new}"
    if change.kind == Kind.CONTENTS:
        return f"{change.place}: an entry changed\n  now: {change.new}"
    lines = [f"{change.place}: {change.kind}", f"  was: {change.old}"]
    if change.new:
        lines.append(f"  now: {change.new}")
    if change.rejected != change.new and change.rejected != change.old:
        lines.append(f"  with the tracked changes rejected: {change.rejected}")
    return "\n".join(lines)


def _numeric(text: str) -> bool:
    """Whether a text is one printed number (a table cell's)."""
    shown = text.strip()
    return bool(shown) and number_spans(shown, money_word(DEFAULT_MONEY)) == [(0, len(shown))]


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


def _chart_changes(points: list[Point], report, units: Units) -> list[Change]:
    """A chart value edited in its data is the change of the figure (or table cell) it shows."""
    out = []
    for point in points:
        if point.now is not None and as_number(point.now) != as_number(point.written):
            piece = Piece(None, point.written)
            out.append(Change(Kind.FIGURE, point.source, place_of(report, point.source), point.written,
                              point.now, point.now, piece, read=_chart_read(point, units)))
    return out


def _chart_read(point: Point, units: Units):
    """An edited chart value read in its figure's unit (the generator's own values: as a count)."""
    return chart_read(point.now, units(point.source)[0] if isinstance(point.source, Field) else "count")


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

