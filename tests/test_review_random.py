"""Random reviewers' edits of the 2021 report, made with python-docx (a fixed seed), each checked
after `review --apply` and a rebuild: the edit is in the inputs and the rebuilt report with the
exact figure, or `review` lists it for the secretary with its reason. No wrong value, no edit lost.

``REVIEW_EDITS=300 pytest tests/test_review_random.py`` runs a larger sample."""
from __future__ import annotations

import copy
import os
import random
import re
from decimal import Decimal
from typing import NamedTuple

import docx
import pytest

from generator.doc.provenance import Field
from generator.pipeline import generate, prepare
from generator.review import read_reviewed, review
from generator.review.apply import current_value, plan, write
from generator.review.figures import is_figure, part_spans
from generator.sections.context import Context
from tests.small_inputs import copy_real_inputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EDITS = int(os.environ.get("REVIEW_EDITS", "40"))
SEED = int(os.environ.get("REVIEW_SEED", "2021"))
SPACES = [" ", "\u00a0", "\u202f", "\u2009", ""]
CLOSERS = " .;,:"
_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3})")


def marked(document) -> list[tuple[str, object]]:
    """(bookmark name, w:p) of each marked paragraph of the body, in reading order."""
    out = []
    for p in document.element.body.iter(f"{W}p"):
        names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart")]
        out.extend((n, p) for n in names[:1] if n and n.startswith("_src_"))
    return out


def replace_at(p, start: int, end: int, new: str) -> None:
    """Type ``new`` over characters [start, end) of a paragraph, run by run, as a word processor
    does: the run where they start takes the new text, the runs after lose their part."""
    at, placed = 0, False
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        text = (el.text or "") if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab" else "\n"
        lo, hi = max(start, at), min(end, at + len(text))
        if el.tag == f"{W}t" and not placed and at <= start <= at + len(text):
            el.text, placed = text[:start - at] + new + text[max(hi, start) - at:], True
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif el.tag == f"{W}t" and placed and lo < hi:
            el.text = text[:lo - at] + text[hi - at:]
        at += len(text)
    assert placed, "the place was not found in the paragraph's runs"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", _GROUPS.sub("", text)).strip().rstrip(CLOSERS)


# --- the edits ----------------------------------------------------------------------------------

class Edit(NamedTuple):
    """An edit made: its kind, the field it should reach, the number intended (a figure's), the
    piece's text as edited, and the piece's own field."""
    kind: str
    source: object
    intended: Decimal | None
    text: str
    where: object


def figure_edit(rng, p, piece, span):
    """A figure's digits corrected (one or two changed, maybe one added), typed with a random
    group space."""
    a, z, source = span
    printed = piece.text[a:z]
    found = re.match(r"([-\u2212]?)(\d+(?:[ \u00a0]\d{3})*)(?:,(\d+))?(.*)$", printed)
    if found is None:
        return None
    sign, old_whole, old_frac = found.group(1), re.sub(r"\D", "", found.group(2)), found.group(3) or ""
    whole, frac = corrected(rng, old_whole, old_frac)
    if (whole, frac) == (old_whole.lstrip("0") or "0", old_frac):
        return None
    space = rng.choice(SPACES)
    groups = [whole[max(0, i - 3):i] for i in range(len(whole), 0, -3)][::-1]
    typed = sign + space.join(groups) + (f",{frac}" if frac else "") + found.group(4)
    replace_at(p, a, z, typed)
    intended = Decimal(f"{'-' if sign else ''}{whole}" + (f".{frac}" if frac else ""))
    return Edit("figure", source, intended, piece.text[:a] + typed + piece.text[z:], piece.source)


def corrected(rng, whole: str, frac: str) -> tuple[str, str]:
    """A number's digits (whole part, decimal part) with one or two changed, and maybe one added."""
    digits = list(whole + frac)
    for _ in range(rng.choice([1, 1, 2])):
        k = rng.randrange(len(digits))
        digits[k] = rng.choice([d for d in "0123456789" if d != digits[k]])
    size = len(whole)
    if rng.random() < 0.2:
        digits.insert(rng.randrange(size), rng.choice("123456789"))
        size += 1
    return "".join(digits[:size]).lstrip("0") or "0", "".join(digits[size:])


def word_edit(rng, p, piece, _):
    """A word inserted after a space outside the figures."""
    spaces = [m.start() for m in re.finditer(" ", piece.text)
              if not any(a <= m.start() < z for a, z, _ in piece.spans)]
    if not spaces:
        return None
    at = rng.choice(spaces) + 1
    replace_at(p, at, at, "жаңа ")
    return Edit("text", piece.source, None, piece.text[:at] + "жаңа " + piece.text[at:], piece.source)


def delete_item(rng, p, piece, _):
    """A list item or content paragraph deleted."""
    p.getparent().remove(p)
    return Edit("removed", piece.source, None, piece.text, piece.source)


def insert_item(rng, p, piece, _):
    """A new item typed after one, half of them ending with a date in brackets."""
    new = copy.deepcopy(p)
    for el in list(new.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        el.getparent().remove(el)
    runs = list(new.iter(f"{W}r"))
    for r in runs[1:]:
        r.getparent().remove(r)
    text = f"Жаңа іс-шара {rng.randrange(100, 999)}" + (" (15.12.2021);" if rng.random() < 0.5 else ";")
    ts = list(runs[0].iter(f"{W}t")) if runs else []
    if not ts:
        return None
    ts[0].text = text
    for t in ts[1:]:
        t.getparent().remove(t)
    p.addnext(new)
    return Edit("added", piece.source, None, text, piece.source)


def sequence(source) -> str:
    """The list or content a piece belongs to (its indexes after it shift when one is added)."""
    found = re.match(r"(.*\.(?:items|content))\.\d+", source.text)
    return found.group(1) if found else source.text


def pick_edits(rng, document, names, count: int, report):
    """``count`` edits on distinct pieces, none two in a sequence one of them reshapes (a phrase
    of a figure's parts edited in one part's number)."""
    pieces = [(n, p, names[n]) for n, p in marked(document) if n in names and isinstance(names[n].source, Field)]
    rng.shuffle(pieces)
    made, reshaped, used = [], set(), set()
    for name, p, piece in pieces:
        if len(made) >= count:
            break
        seq = sequence(piece.source)
        if seq in reshaped or piece.source in used:
            continue
        item = re.search(r"\.(items|content)\.\d+\.text$", piece.source.text)
        figures = [s for s in part_spans(report, piece.text, piece.spans) if is_figure(s[2])]
        kinds = ([figure_edit] * 3 if figures else []) + [word_edit] + ([delete_item, insert_item] if item else [])
        kind = rng.choice(kinds)
        if kind in (delete_item, insert_item) and seq in {sequence(e.source) for e in made}:
            continue
        edit = kind(rng, p, piece, rng.choice(figures) if figures else None)
        if edit is None:
            continue
        made.append(edit)
        used.add(piece.source)
        if kind in (delete_item, insert_item):
            reshaped.add(seq)
    return made


# --- the check ----------------------------------------------------------------------------------

def outcome(edit, listed: set[str], ctx, rebuilt: dict[str, list[str]]) -> str:
    """"applied", "listed", or what went wrong."""
    kind, source, intended, text, where = edit
    typed = norm(str(intended).replace(".", ","))
    texts = [norm(t) for t in rebuilt.get(sequence(where) if kind in ("removed", "added") else where, [])]
    if kind == "figure":
        value = current_value(source, ctx)
        if value is not None and Decimal(str(value)) == intended:
            return "applied" if any(typed in t for t in texts) else f"wrong: {where} reads {texts}, not {typed}"
        return "listed" if source in listed or where in listed else f"wrong: {source} is {value}, {intended} was typed"
    if kind == "removed" and norm(text) not in texts or kind == "text" and masked(text) in map(masked, texts) \
            or kind == "added" and undated(norm(text)) in {undated(t) for t in texts}:
        return "applied"
    return "listed" if source in listed else f"lost: {kind} of {source}: «{text}»"


def masked(text: str) -> str:
    """A text with its numbers hidden: other edits change the figures it shows."""
    return re.sub(r"\d+", "#", norm(text))


def undated(text: str) -> str:
    return re.sub(r"\s*\(\d\d\.\d\d\.\d{4}\)", "", text)


@pytest.mark.slow
def test_random_edits_are_applied_exactly_or_listed(report_2021, tmp_path):
    rng = random.Random(SEED)
    inputs = copy_real_inputs(tmp_path)
    names = read_reviewed(report_2021[".docx"]).names
    document = docx.Document(report_2021[".docx"])
    ready = prepare(inputs, 2021)
    edits = pick_edits(rng, document, names, EDITS, ready.report)
    document.save(tmp_path / "reviewed.docx")
    changes, _ = review(tmp_path / "reviewed.docx", ready.report, ready.doc, ready.profile)
    planned = plan(changes, ready)
    listed = {c.source for c, _ in planned.unmapped} | {c.piece.source for c, _ in planned.unmapped if c.piece}
    write(planned, ready, lambda root: prepare(root, 2021))   # refused files would raise
    again = generate(inputs, 2021, tmp_path / "again", formats=("docx",)).written[0]
    rebuilt: dict[str, list[str]] = {}
    for piece in read_reviewed(again).names.values():
        rebuilt.setdefault(piece.source, []).append(piece.text)
        rebuilt.setdefault(sequence(piece.source), []).append(piece.text)
    ctx = Context(prepare(inputs, 2021).report, ready.profile)
    results = [outcome(edit, listed, ctx, rebuilt) for edit in edits]
    wrong = [r for r in results if r not in ("applied", "listed")]
    print(f"{len(edits)} edits: {results.count('applied')} applied, {results.count('listed')} listed, "
          f"{len(wrong)} wrong or lost")
    assert len(edits) >= EDITS * 3 // 4
    assert wrong == [], f"{len(wrong)} of {len(edits)} edits: " + "; ".join(wrong)
    assert results.count("applied") > len(edits) // 2
