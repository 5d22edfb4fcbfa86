"""Pieces a reviewer edits that the inputs write inside a field: a footnote's ``^[…]``, and a new
list item's date, printed after its text in brackets."""
from __future__ import annotations

import re

from generator.doc.inline import FOOTNOTE_OPEN
from generator.fmt import parse_date

_DATE_AT_END = re.compile(r"\s*\((\d{2}\.\d{2}\.\d{4})\)\s*[.;,:]?\s*$")
_CLOSING = " ;,"            # the generator closes each list item itself
_SPACE = re.compile(r"\s+")


def new_item(text: str) -> dict:
    """A new list item from a reviewer's line: its text, and its date when the line ends with
    one in brackets as the report prints it (``Көрме (15.12.2021).`` → text and ``date:``)."""
    found = _DATE_AT_END.search(text)
    if found is not None and _is_date(found.group(1)):
        return {"text": text[:found.start()].rstrip(_CLOSING), "date": found.group(1)}
    return {"text": text.rstrip(_CLOSING)}


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def notes(template: str) -> list[tuple[int, int]]:
    """(start, end) of the inner text of each ``^[…]`` of a field's text (brackets inside paired)."""
    out, pos = [], 0
    while (start := template.find(FOOTNOTE_OPEN, pos)) >= 0:
        inner, depth = start + len(FOOTNOTE_OPEN), 1
        end = inner
        while end < len(template) and depth:
            depth += {"[": 1, "]": -1}.get(template[end], 0)
            end += 1
        if depth:
            break
        out.append((inner, end - 1))
        pos = end
    return out


def with_note(template: str, old: str, printed, rewrite) -> tuple[str | None, str]:
    """The field's text with the footnote that printed ``old`` rewritten; or None and why not.
    ``printed(inner)``: what a note's inner text prints; ``rewrite(inner)``: its new inner text
    and why it cannot be made ("" when it can)."""
    found = [(s, e) for s, e in notes(template) if _norm(printed(template[s:e])) == _norm(old)]
    if len(found) != 1:
        return None, ("the footnote's text is not found in its field as it was printed: copy the change "
                      "into its ^[…] by hand")
    s, e = found[0]
    text, why = rewrite(template[s:e])
    if why:
        return None, why
    text = _norm(text)
    if not text or text.count("[") != text.count("]"):
        return None, "the new footnote is empty or has unpaired brackets: write it into its ^[…] by hand"
    return template[:s] + text + template[e:], ""


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()
