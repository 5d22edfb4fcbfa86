"""Inline markup of the inputs' text: **bold**, *italic* and ^[footnotes]; anything unpaired stays literal."""
from __future__ import annotations

import re
from typing import Callable

from generator.doc.model import Emphasis, Footnote, Inline, Strong, Text
from generator.doc.provenance import Field

_SPACES = re.compile(r"[ \t\r\n]+")


def squash(text: str) -> str:
    """Fold runs of ordinary white space (line breaks of YAML text) to one space; keep no-break spaces."""
    return _SPACES.sub(" ", text).strip()


_TOKEN = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![\*\w])", re.S)


#: Private-use marks that carry a value's source, a gap or a value's own '*' through inline parsing
#: (``generator.model.refs`` puts them in; ``parse_inline`` takes them out).
SOURCE_OPEN, SOURCE_MID, SOURCE_CLOSE = "\ue000", "\ue001", "\ue002"
GAP_OPEN, GAP_CLOSE = "\ue003", "\ue004"
STAR = "\ue005"      # a '*' inside a filled-in value, kept apart from the text's own bold and italic

_SOURCED = re.compile(f"{SOURCE_OPEN}([^{SOURCE_OPEN}-{SOURCE_CLOSE}]*){SOURCE_MID}([^{SOURCE_OPEN}-{SOURCE_CLOSE}]*){SOURCE_CLOSE}")
_GAP = re.compile(f"{GAP_OPEN}([^{GAP_OPEN}{GAP_CLOSE}]*){GAP_CLOSE}")
_STAR = STAR


def parse_inline(text: str) -> list[Inline]:
    """Split text into spans: ``^[a]`` → Footnote (pandoc's inline note), ``**a**`` → Strong,
    ``*a*`` → Emphasis, the rest plain.

    Values marked with their source (generator.model.refs.mark_source) become Text spans
    carrying that source; marks of figures not filled in (refs.mark_gap) become Text spans
    flagged ``gap``; a value's own '*' (refs.STAR) stays a '*'.
    """
    spans = _split(_notes(text), _SOURCED, lambda m, span: Text(m.group(2), source=Field.parse(m.group(1))))
    return _stars(_split(spans, _GAP, lambda m, span: Text(m.group(1), source=span.source, gap=True)))


def _stars(spans: list[Inline]) -> list[Inline]:
    """A filled-in value's own '*' (kept apart while bold and italic were found) back as '*'."""
    for span in spans:
        if isinstance(span, Text):
            span.text = span.text.replace(_STAR, "*")
        else:
            _stars(span.children)
    return spans


def _split(spans: list[Inline], marks: re.Pattern, make: Callable[[re.Match, Text], Text]) -> list[Inline]:
    """Each Text span cut at the ``marks`` in it: ``make`` turns a mark into its span, the text
    between keeps the span's source; Strong and Emphasis are cut inside."""
    out: list[Inline] = []
    for span in spans:
        if not isinstance(span, Text):
            span.children = _split(span.children, marks, make)
            out.append(span)
            continue
        pos = 0
        for match in marks.finditer(span.text):
            if match.start() > pos:
                out.append(Text(span.text[pos:match.start()], source=span.source))
            out.append(make(match, span))
            pos = match.end()
        if pos < len(span.text):
            out.append(Text(span.text[pos:], source=span.source) if pos else span)
    return out


FOOTNOTE_OPEN = "^["
_LONE_STAR = re.compile(r"(?<=\S)\*|\*(?=\S)")       # a '*' between spaces is a sign, not markup


def slips(text: str, inline: bool) -> list[tuple[str, str]]:
    """What of a text's markup would be printed as typed (its references already taken out): a
    ``^[``, ``**`` or ``*`` never closed; where the text is no paragraph (``inline`` False: a
    title, a header, a label), any bold, italic or footnote at all. Each is the term of its
    words in the report's language (``templates/terms/``: findings) and a plain English sentence."""
    found: list[tuple[str, str]] = []
    for span in _walk(parse_inline(text)):
        if isinstance(span, Text):
            found.extend(_open_marks(span.text))
        elif not inline:
            what = {Footnote: "a footnote ^[…]", Strong: "bold **…**"}.get(type(span), "italic *…*")
            found.append(("markup_here", f"{what} is not printed here (only a paragraph, a list item or a "
                                         "table cell has it): write the text without the marks"))
    return list(dict.fromkeys(found))


def _walk(spans: list[Inline]):
    for span in spans:
        yield span
        if not isinstance(span, Text):
            yield from _walk(span.children)


def _open_marks(text: str) -> list[tuple[str, str]]:
    found = []
    if FOOTNOTE_OPEN in text:
        found.append(("markup_footnote", "the footnote ^[ is not closed (or is empty): end its text with ], "
                                         "or delete the ^["))
    if "**" in text:
        found.append(("markup_bold", "the bold mark ** is not closed: put ** after the bold words too, or delete it"))
    elif _LONE_STAR.search(text.replace(STAR, "")):
        found.append(("markup_italic", "the italic mark * is not closed: put * after the italic words too, "
                                       "or delete it"))
    return found




def has_footnote(text: str) -> bool:
    """Whether a text of the inputs holds a footnote, ``^[…]``."""
    return any(isinstance(span, Footnote) for span in _notes(text))


def _notes(text: str) -> list[Inline]:
    """Spans of a text with its ``^[…]`` notes (brackets inside paired) as Footnote spans; a
    note never closed, or empty, stays literal text."""
    spans: list[Inline] = []
    pos = 0
    while (start := text.find(FOOTNOTE_OPEN, pos)) >= 0:
        end = _closing(text, start + len(FOOTNOTE_OPEN))
        if end is None:
            break
        inner = text[start + len(FOOTNOTE_OPEN):end].strip()
        if inner:
            spans.extend(_parse(text[pos:start].rstrip(" ")))
            spans.append(Footnote(_parse(inner)))
        else:
            spans.extend(_parse(text[pos:end + 1]))
        pos = end + 1
    return [*spans, *_parse(text[pos:])]


def _closing(text: str, pos: int) -> int | None:
    """The index of the ']' that closes the bracket opened just before ``pos``."""
    depth = 1
    for i in range(pos, len(text)):
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return None


def _parse(text: str) -> list[Inline]:
    spans: list[Inline] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            spans.append(Text(text[pos:match.start()]))
        if match.group(1) is not None:
            spans.append(Strong(_parse(match.group(1))))
        else:
            spans.append(Emphasis([Text(match.group(2))]))
        pos = match.end()
    if pos < len(text):
        spans.append(Text(text[pos:]))
    return spans
