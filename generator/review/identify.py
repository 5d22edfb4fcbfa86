"""Which piece of the source map each paragraph of a reviewed DOCX shows, from its own marks and text.

Word processors keep the writer's bookmarks, but not always as written: LibreOffice renames one
(``_src_7`` → ``_src_7_Copy_1``: the copy's when a paragraph is copied, sometimes the only one on
a plain save) and drops a footnote's; a deleted paragraph takes its mark with it, or leaves it,
covering nothing, in the next one. So a paragraph is a piece's only through that piece's own mark
or its own text, never through its neighbours':

- a mark counts under its map name, LibreOffice's copy suffix taken off, and only in its own part
  (a footnote's piece in the footnotes, every other piece in the body);
- a mark in several paragraphs (a paragraph copied) is the piece of the one whose text is nearest
  the map's (the first of equals, in doubt unless its text is the map's); the others are the
  reviewer's paragraphs;
- several marks in one paragraph: the first that covers text is its piece; the others were merged
  into it, or (covering nothing) moved there from a deleted paragraph: they are lost;
- a paragraph without a mark is a lost piece's when it has that piece's text (its mark dropped),
  or, standing where the piece stood, a text near it (the piece retyped); else it is added;
- a piece that nothing shows is lost (removed);
- an entry of the contents (Word's TOC1, TOC2 … styles) is never a piece, nor a reviewer's.

A paragraph added where a lost piece stood may be that piece rewritten or a new one beside a
deletion: both are in doubt, and review lists them for the secretary rather than guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from generator.doc.provenance import Made, What
from generator.writers.docx.sources import paragraph_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NEAR = 0.6                          # how alike a retyped piece's text is to the map's, at the least
_COPY = re.compile(r"(_Copy_\d+)+$")   # LibreOffice's suffix of a copied bookmark's name
_SPACE = re.compile(r"\s+")
_ENTRY = re.compile(r"(TOC|CONTENTS)\d+")      # a contents entry's style, as Word and LibreOffice name it

DOUBT_ADDED = ("it stands where {place} stood, whose mark is lost: it may be that text rewritten or a "
               "new paragraph; make the change by hand")
DOUBT_LOST = ("its mark is lost and a new paragraph stands in its place: it may be rewritten or "
              "deleted; make the change by hand")
DOUBT_COPIED = ("its mark is in {count} paragraphs that differ from the text it was made with: "
                "make the change by hand")


class Seen(StrEnum):
    """How review found a piece, or a paragraph of the reviewer's."""
    MARKED = "marked"       # the piece's own mark is in the paragraph
    BY_TEXT = "by text"     # its mark lost, the paragraph shows its text or a text near it
    LOST = "lost"           # nothing shows it
    NEW = "new"             # a paragraph of the reviewer's
    CONTENTS = "contents"   # an entry of the contents (made from the headings, with no mark)


@dataclass
class Found:
    """One thing review reports, in reading order: the piece ``name`` in ``paragraph`` (MARKED,
    BY_TEXT) or in none (LOST), a reviewer's ``paragraph`` after the piece ``name`` (NEW; None:
    at the start), or an entry of the contents (CONTENTS). ``doubt``: why it is not certain, for
    the secretary."""
    seen: Seen
    name: str | None
    paragraph: object = None
    doubt: str = ""

    @property
    def piece(self) -> bool:
        """Whether it is a piece of the map (found or lost)."""
        return self.seen in (Seen.MARKED, Seen.BY_TEXT, Seen.LOST)


def norm(text: str) -> str:
    """Text with runs of white space (no-break ones too) as one space, for comparing."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def identify(parts: list, pieces: dict, place) -> list[Found]:
    """What each paragraph of ``parts`` (the body's and the footnotes' roots) shows of ``pieces``
    (bookmark name → piece, in the map's order), part after part; ``place(name)`` names a
    piece's field for a doubt."""
    order = {name: i for i, name in enumerate(pieces)}
    out: list[Found] = []
    for index, root in enumerate(parts):
        mine = {n: p for n, p in pieces.items() if _is_note(p) == (index > 0)}
        out += _in_part(root, mine, order, place) if root is not None else []
    return out


def _is_note(piece) -> bool:
    return isinstance(piece.source, Made) and piece.source.what == What.FOOTNOTE


def _in_part(root, pieces: dict, order: dict, place) -> list[Found]:
    paragraphs = [p for p in root.iter(f"{{{W}}}p") if marks_of(p, pieces) or paragraph_text(p).strip()]
    owner, doubts = _owners(paragraphs, pieces)
    found = [Found(_seen(p, owner), owner.get(id(p)), p, doubts.get(id(p), "")) for p in paragraphs]
    shown = {f.name for f in found if f.name}
    lost = [name for name in pieces if name not in shown]
    _by_text(found, lost, pieces, order)
    kept = [f for f in found if f.seen is not Seen.NEW or not _generated(f.paragraph)]
    return _with_lost(kept, lost, order, place)


def _seen(paragraph, owner: dict[int, str]) -> Seen:
    if id(paragraph) in owner:
        return Seen.MARKED
    return Seen.CONTENTS if _contents(paragraph) else Seen.NEW


def marks_of(paragraph, pieces: dict) -> list[str]:
    """The map names of the paragraph's marks (``pieces``' names), in order, each once."""
    names = (_COPY.sub("", b.get(f"{{{W}}}name") or "") for b in paragraph.iter(f"{{{W}}}bookmarkStart"))
    return list(dict.fromkeys(n for n in names if n in pieces))


def _contents(paragraph) -> bool:
    """An entry of the contents (Word's TOC1, TOC2 … styles), which the generator writes without a mark."""
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style is not None and bool(_ENTRY.fullmatch((style.get(f"{{{W}}}val") or "").upper()))


def _generated(paragraph) -> bool:
    """A paragraph with a field (a caption's number): the generator's, a piece's whose mark was
    lost or one the map has no entry for, never a reviewer's paragraph."""
    return paragraph.find(".//w:instrText", NS) is not None or paragraph.find(".//w:fldSimple", NS) is not None


def _owners(paragraphs: list, pieces: dict) -> tuple[dict[int, str], dict[int, str]]:
    """Each marked paragraph's piece, and the doubt of each paragraph holding a mark that stands
    in several paragraphs none of which has the map's text (both by ``id`` of the paragraph)."""
    holders: dict[str, list] = {}
    for p in paragraphs:
        for name in marks_of(p, pieces):
            holders.setdefault(name, []).append(p)
    doubts, chosen = {}, {}
    for name, held in holders.items():
        scores = [_likeness(paragraph_text(p), pieces[name].text) for p in held]
        best = max(scores)
        chosen[name] = held[scores.index(best)]
        if scores.count(best) > 1 and best < 1:
            doubts.update((id(p), DOUBT_COPIED.format(count=len(held))) for p in held)
    owner = {}
    for p in paragraphs:
        names = [n for n in marks_of(p, pieces) if chosen[n] is p]
        if names:
            covering = _covering(p)
            owner[id(p)] = next((n for n in names if n in covering), names[0])
    return owner, doubts


def _covering(paragraph) -> set[str]:
    """The map names of the marks in a paragraph that cover some of its text (accepted)."""
    open_marks: dict[str, str] = {}
    covering: set[str] = set()
    for el in paragraph.iter(f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd", f"{{{W}}}t"):
        if el.tag == f"{{{W}}}bookmarkStart":
            open_marks[el.get(f"{{{W}}}id")] = _COPY.sub("", el.get(f"{{{W}}}name") or "")
        elif el.tag == f"{{{W}}}bookmarkEnd":
            open_marks.pop(el.get(f"{{{W}}}id"), None)
        elif (el.text or "").strip() and not any(a.tag == f"{{{W}}}del" for a in el.iterancestors()):
            covering.update(open_marks.values())
    return covering


def _likeness(text: str, written: str, least: float = 0.0) -> float:
    """1 for the same text (white space aside), else how alike the two are (0 to 1, below 1);
    0 when it is surely below ``least``."""
    a, b = norm(text), norm(written)
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
        return 0.0
    return min(matcher.ratio(), 0.999)


def _by_text(found: list[Found], lost: list[str], pieces: dict, order: dict) -> None:
    """A paragraph without a mark that shows a lost piece's text (anywhere), or a text near it
    where that piece stood, is that piece's (taken from ``lost``)."""
    written: dict[str, list[str]] = {}
    for name in lost:
        written.setdefault(norm(pieces[name].text), []).append(name)
    for exact in (True, False):         # the same texts first: a near one must not take their piece
        low, highs = -1, _next_pieces(found, order)
        for i, f in enumerate(found):
            if f.seen is Seen.NEW and lost:
                here = [n for n in lost if low < order[n] < highs[i]]
                best = _same(f.paragraph, written, here) if exact else _near(f.paragraph, pieces, here)
                if best:
                    found[i] = f = Found(Seen.BY_TEXT, best, f.paragraph)
                    lost.remove(best)
                    written[norm(pieces[best].text)].remove(best)
            if f.piece:
                low = order[f.name]


def _next_pieces(found: list[Found], order: dict) -> list[int]:
    """For each place of ``found``, the map position of the first piece after it (len: none),
    in one pass from the end (looking ahead from each paragraph would take the square of their
    number: 10 000 added paragraphs, minutes)."""
    out, high = [len(order)] * len(found), len(order)
    for i in range(len(found) - 1, -1, -1):
        out[i] = high
        if found[i].piece:
            high = order[found[i].name]
    return out


def _same(paragraph, written: dict[str, list[str]], here: list[str]) -> str | None:
    """The lost piece with the paragraph's very text (one standing ``here`` first)."""
    same = written.get(norm(paragraph_text(paragraph)), [])
    return next((n for n in same if n in here), same[0]) if same else None


def _near(paragraph, pieces: dict, here: list[str]) -> str | None:
    """The lost piece standing ``here`` whose text is nearest the paragraph's, if near enough."""
    text = paragraph_text(paragraph)
    scores = {n: _likeness(text, pieces[n].text, NEAR) for n in here}
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] >= NEAR else None


def _with_lost(found: list[Found], lost: list[str], order: dict, place) -> list[Found]:
    """The found paragraphs with each new one's piece before it, and each lost piece after the
    last piece found before it in the map; a new paragraph where a lost piece stood, and that
    piece, in doubt."""
    out: list[Found] = []
    contested: set[str] = set()
    before, highs = None, _next_pieces(found, order)
    for i, f in enumerate(found):
        if f.seen is Seen.NEW:
            low = order[before] if before is not None else -1
            here = [n for n in lost if low < order[n] < highs[i]]
            contested.update(here)
            doubt = f.doubt or (DOUBT_ADDED.format(place=place(here[0])) if here else "")
            f = Found(Seen.NEW, before, f.paragraph, doubt)
        elif f.piece:
            before = f.name
        out.append(f)
    for name in sorted(lost, key=order.get):
        at = max((k + 1 for k, g in enumerate(out) if g.piece and order[g.name] < order[name]),
                 default=0)
        out.insert(at, Found(Seen.LOST, name, None, DOUBT_LOST if name in contested else ""))
    return out
