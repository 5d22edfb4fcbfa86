"""Where an edit of a piece's printed text falls: inside a figure's value, or in the field's text.

A field's text (a YAML template with ``{…}`` references, ``**bold**`` and ``*italic*``) prints as
a line of the report; the reviewer's line is aligned with the printed one character by character
(difflib), and the printed one with the template's pieces, so each character of the new line is
known to be the template's own text, a reference's value, the generator's framing (a list item's
date and closing mark, a caption's label) or new. The new template keeps every reference whose
value is printed unchanged; an edit inside a figure's value is that figure's edit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.doc.provenance import Field, Provenance

CLOSING = " .;,:!?…"      # a list item's closing mark, which the generator puts right again
_REF = re.compile(r"\{[^{}]+\}")
_NUMBER = re.compile(r"-?[\d\s\u00a0\u202f]*[\d][\d\s\u00a0\u202f]*([.,]\d+)?")


@dataclass
class Token:
    """A piece of a template: its own text (``lit``) or a reference, printed as ``printed``;
    ``source``: the figure a reference shows (None for years, dates and other values)."""
    kind: str
    text: str
    printed: str
    source: Field | None = None


@dataclass
class Rebuilt:
    """A field's new template and the figures whose printed values were edited, or why not."""
    template: str = ""
    figures: list[tuple[Field, str]] | None = None     # (figure, new printed value)
    refused: str = ""


def is_figure(source: Provenance | None) -> bool:
    """Whether a source names a figure's value (``k:figures.a.parts.0``), not one of its texts."""
    return source is not None and source.is_figure


def number_text(text: str) -> bool:
    """Whether a printed value reads as a number (digits, spaces between groups, a decimal mark)."""
    return bool(_NUMBER.fullmatch(text.strip()))


def figure_edits(old: str, new: str, spans) -> tuple[list[tuple[str, str, str]], bool]:
    """(figure source, old value, new value) of each figure whose printed value an edit changed
    into another number, the edits confined to it; and whether any edit lies elsewhere."""
    figures = [(a, z, s) for a, z, s in spans if is_figure(s)]
    touched: set[int] = set()
    elsewhere = False
    codes = _opcodes(old, new)
    for tag, i1, i2, _, _ in codes:
        inside = [k for k, (a, z, _) in enumerate(figures) if a <= i1 and i2 <= z]
        if tag != "equal" and inside:
            touched.add(inside[0])
        elif tag != "equal":
            elsewhere = True
    out = []
    for k in sorted(touched):
        a, z, source = figures[k]
        value = new[_new_at(codes, a, start=True):_new_at(codes, z, start=False)]
        if number_text(value) and value != old[a:z]:
            out.append((source, old[a:z], value))
        else:
            elsewhere = True
    return out, elsewhere


def _new_at(codes, i: int, start: bool) -> int:
    """Where position ``i`` of the old text is in the new one (a figure's start or end)."""
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i1 <= i < i2 or tag == "equal" and not start and i1 < i <= i2:
            return j1 + (i - i1)
        if tag != "equal" and (i == i1 if start else i == i2):
            return j1 if start else j2
    return codes[-1][4] if codes else 0


def rebuild(tokens: list[Token], old: str, runs: list[tuple[str, bool, bool]]) -> Rebuilt:
    """The template that prints the reviewer's text (``runs``: its pieces with bold and italic),
    given the template's tokens and the text they printed (``old``)."""
    new = "".join(text for text, _, _ in runs)
    printed_labels = _label_printed(tokens, old)
    labels, figures, refused = _label_new(tokens, old, new, printed_labels)
    if refused:
        return Rebuilt(refused=refused)
    fmt = [(b, i) for text, b, i in runs for _ in text]
    marked = any("*" in t.text for t in tokens if t.kind == "lit") or len(set(fmt)) > 1
    composed = _compose(tokens, new, labels, fmt if marked else None, set(figures))
    return Rebuilt(composed, [(tokens[k].source, value) for k, value in figures.items()])


def _label_printed(tokens: list[Token], old: str) -> list[object]:
    """For each character of the printed text: ("lit", k), ("ref", k), or "frame" (the generator's)."""
    chars: list[tuple[str, object]] = []
    for k, token in enumerate(tokens):
        text = token.printed if token.kind == "ref" else token.text.replace("*", "")
        chars.extend((c, (token.kind, k)) for c in text)
    folded: list[tuple[str, object]] = []
    for c, label in chars:
        c = " " if c in " \t\r\n" else c
        if not (c == " " and (not folded or folded[-1][0] == " ")):
            folded.append((c, label))
    while folded and folded[-1][0] == " ":
        folded.pop()
    labels: list[object] = ["frame"] * len(old)
    template_text = "".join(c for c, _ in folded)
    for tag, i1, i2, j1, _ in _opcodes(template_text, old):
        if tag == "equal":
            for n in range(i2 - i1):
                labels[j1 + n] = folded[i1 + n][1]
    return labels


def _label_new(tokens, old: str, new: str, printed: list) -> tuple[list, dict[int, str], str]:
    """Labels of the new text's characters, the figures edited, or why the edit cannot be mapped."""
    labels: list[object] = ["new"] * len(new)
    figures: dict[int, None] = {}
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            labels[j1:j2] = printed[i1:i2]
            continue
        framing = "".join(c for c, label in zip(old[i1:i2], printed[i1:i2]) if label == "frame")
        if framing.strip(CLOSING):
            return [], {}, "it edits what the generator adds (a date, a number, a caption's label)"
        refs = {label for label in printed[max(i1 - 1, 0):i2 + (1 if i1 == i2 else 0)]
                if isinstance(label, tuple) and label[0] == "ref"}
        if len(refs) == 1 and tokens[next(iter(refs))[1]].source:
            ref = next(iter(refs))
            if tag != "insert" or i1 > 0 and printed[i1 - 1] == ref and i1 < len(printed) and printed[i1] == ref:
                labels[j1:j2] = [ref] * (j2 - j1)
                figures[ref[1]] = None
    edited = {}
    for k in figures:
        value = "".join(c for c, label in zip(new, labels) if label == ("ref", k))
        if not number_text(value):
            return _label_new_plain(old, new, printed), {}, ""
        edited[k] = value
    return labels, edited, ""


def _label_new_plain(old: str, new: str, printed: list) -> list:
    labels: list[object] = ["new"] * len(new)
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            labels[j1:j2] = printed[i1:i2]
    return labels


def _compose(tokens: list[Token], new: str, labels: list, fmt, edited: set[int]) -> str:
    """The new text with each reference printed whole (or a figure edited) put back as ``{…}``,
    the generator's framing left out, and bold and italic (when the field uses them) as ``**``
    and ``*``."""
    keep = edited | {k for k, token in enumerate(tokens) if token.kind == "ref"
                     and sum(1 for label in labels if label == ("ref", k)) == len(token.printed)}
    out, state, i = [], (False, False), 0
    while i < len(new):
        label = labels[i]
        j = i + 1
        while j < len(new) and labels[j] == label and (fmt is None or fmt[j] == fmt[i] or _is_ref(label)):
            j += 1
        if label != "frame":
            if fmt is not None and fmt[i] != state:
                out.append(_switch(state, fmt[i]))
                state = fmt[i]
            ref = label[1] if isinstance(label, tuple) and label[0] == "ref" else None
            out.append(tokens[ref].text if ref in keep else new[i:j])
            keep.discard(ref)
        i = j
    if fmt is not None:
        out.append(_switch(state, (False, False)))
    return "".join(out).strip()


def _is_ref(label) -> bool:
    return isinstance(label, tuple) and label[0] == "ref"


def _switch(old: tuple[bool, bool], new: tuple[bool, bool]) -> str:
    """The markup closing what ``old`` had and opening what ``new`` has (italic inside bold)."""
    out = ""
    if old[1] and not new[1]:
        out += "*"
    if old[0] != new[0]:
        out += "**"
    if new[1] and not old[1]:
        out += "*"
    return out


def tokens_of(template: str, printed_ref) -> list[Token]:
    """The template's tokens; ``printed_ref(ref)`` gives a reference's (printed value, figure source)."""
    tokens, at = [], 0
    for match in _REF.finditer(template):
        if match.start() > at:
            tokens.append(Token("lit", template[at:match.start()], template[at:match.start()]))
        printed, source = printed_ref(match.group(0))
        tokens.append(Token("ref", match.group(0), printed, source))
        at = match.end()
    if at < len(template):
        tokens.append(Token("lit", template[at:], template[at:]))
    return tokens


def _opcodes(a: str, b: str):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
