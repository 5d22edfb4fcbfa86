"""Where an edit of a piece's printed text falls: inside a figure's value, or in the field's text.

A field's text (a YAML template with ``{…}`` references, ``**bold**`` and ``*italic*``) prints as
a line of the report; the reviewer's line is aligned with the printed one character by character
(difflib), and the printed one with the template's pieces, so each character of the new line is
known to be the template's own text, a reference's value, the generator's framing (a list item's
date and closing mark, a caption's label) or new. The new template keeps every reference whose
value is printed unchanged; an edited figure is read whole by ``figures`` and put back as it was
printed before the text is rebuilt, so the text keeps its reference.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.doc.provenance import Field

CLOSING = " .;,:!?…"      # a list item's closing mark, which the generator puts right again
_REF = re.compile(r"\{[^{}]+\}")


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
    """A field's new template, or why not."""
    template: str = ""
    refused: str = ""


def rebuild(tokens: list[Token], old: str, runs: list[tuple[str, bool, bool]]) -> Rebuilt:
    """The template that prints the reviewer's text (``runs``: its pieces with bold and italic),
    given the template's tokens and the text they printed (``old``). Edited figures are put back
    as printed before (``figures`` reads them); an edit inside another value a reference prints
    is refused, since that value is written elsewhere."""
    new = "".join(text for text, _, _ in runs)
    printed_labels = _label_printed(tokens, old)
    labels, refused = _label_new(tokens, old, new, printed_labels)
    if refused:
        return Rebuilt(refused=refused)
    fmt = [(b, i) for text, b, i in runs for _ in text]
    marked = any("*" in t.text for t in tokens if t.kind == "lit") or len(set(fmt)) > 1
    return Rebuilt(_compose(tokens, new, labels, _spaces_outside(new, fmt) if marked else None))


def _spaces_outside(new: str, fmt: list[tuple[bool, bool]]) -> list[tuple[bool, bool]]:
    """Each run of spaces given only the bold and italic both its neighbours have (none at the
    text's ends), so no ``**`` or ``*`` closes after a space or opens before one: Markdown would
    print such a mark as typed («**4 925 **мәдени»). A space's own bold is never seen."""
    out, i = list(fmt), 0
    while i < len(new):
        j = i
        while j < len(new) and new[j].isspace():
            j += 1
        if j > i:
            before = fmt[i - 1] if i else (False, False)
            after = fmt[j] if j < len(new) else (False, False)
            out[i:j] = [(before[0] and after[0], before[1] and after[1])] * (j - i)
        i = j + 1 if j == i else j
    return out


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


def _label_new(tokens, old: str, new: str, printed: list) -> tuple[list, str]:
    """Labels of the new text's characters, or why the edit cannot be mapped."""
    labels: list[object] = ["new"] * len(new)
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            labels[j1:j2] = printed[i1:i2]
            continue
        framing = "".join(c for c, label in zip(old[i1:i2], printed[i1:i2]) if label == "frame")
        if framing.strip(CLOSING):
            return [], "it edits what the generator adds (a date, a number, a caption's label)"
    if not _framing_whole(old, printed, new, labels):
        return [], "it edits what the generator adds (a date, a number, a caption's label)"
    for k, token in enumerate(tokens):
        at = [i for i, label in enumerate(labels) if label == ("ref", k)]
        kept = len(at)
        if token.kind == "ref" and (0 < kept < len(token.printed.strip()) or at and at[-1] - at[0] + 1 != kept):
            return [], (f"it edits «{token.printed}», which the text takes from {token.text}: "
                        "change that value where it is written")
    return labels, ""


def _framing_whole(old: str, printed: list, new: str, labels: list) -> bool:
    """Whether each run of the generator's framing stands whole and unbroken in the new text
    (its closing marks and the spaces at its ends aside): nothing typed inside a caption's
    label («Кесте №1.») or an item's date."""
    where = {}
    for tag, i1, i2, j1, _ in _opcodes(old, new):
        if tag == "equal":
            where.update({i: j1 + i - i1 for i in range(i1, i2)})
    frame = [i for i, label in enumerate(printed) if label == "frame"]
    if any(i not in where for i in frame if old[i] not in CLOSING):
        return False
    solid = [i for i in frame if old[i] not in CLOSING]
    return all(where[b] - where[a] == b - a for a, b in zip(solid, solid[1:])
               if all(printed[k] == "frame" for k in range(a, b)))


def _compose(tokens: list[Token], new: str, labels: list, fmt) -> str:
    """The new text with each reference printed whole (or a figure edited) put back as ``{…}``,
    the generator's framing left out, and bold and italic (when the field uses them) as ``**``
    and ``*``."""
    keep = {k for k, token in enumerate(tokens) if token.kind == "ref"
                     and sum(1 for label in labels if label == ("ref", k)) == len(token.printed)}
    out, state, i = [], (False, False), 0
    while i < len(new):
        label = labels[i]
        j = i + 1
        while j < len(new) and labels[j] == label and (fmt is None or fmt[j] == fmt[i] or _is_ref(label)):
            j += 1
        if label == "frame" and new[i:j].strip() == "" and out and not "".join(out)[-1:].isspace():
            out.append(" ")             # the generator's space between the text and its framing
        elif label != "frame":
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
