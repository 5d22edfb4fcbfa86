"""Verdicts on a campaign's edits, from the report rebuilt after `review --apply` and `review`'s lines:
``right`` (the rebuilt report shows the edit exactly), ``listed`` (not applied, and a `for the
secretary` line shows it), ``WRONG`` (something else shows there, the inputs no longer build, or a
paragraph nobody edited changed), ``LOST`` (not applied, and nothing says so)."""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from tests.uno.plan import TEXT_KINDS, Edit
from tests.uno.shown import NUMBER, Shown, norm, numbers, value


def judge(edits: list[Edit], before: Shown, after: Shown | str, output: str) -> None:
    """Each edit's outcome from the report rebuilt after `review --apply` (``after``; a string: why
    the inputs did not build) and `review`'s output."""
    listed = [spaced(line) for line in output.splitlines() if "for the secretary" in line]
    for edit in edits:
        if isinstance(after, str):
            edit.outcome, edit.detail = "WRONG", f"the inputs no longer build: {after}"
            continue
        shown = SHOWN[edit.base](edit, before, after, output)
        if shown is True:
            edit.outcome = "right"
        elif shown is False:
            edit.outcome, edit.detail = _listed(edit, listed)
        else:
            edit.outcome, edit.detail = "WRONG", shown
    if not isinstance(after, str) and all(e.base in TEXT_KINDS for e in edits):
        stray = collateral(edits, before, after)
        if stray:
            edits.append(Edit("collateral", {}, "", "", outcome="WRONG", base="collateral",
                              detail="paragraphs nobody edited changed: " + stray))


#: Reasons a `for the secretary` line may not give for an edit of this kind: a footnote's text is the
#: inputs' own (the `^[…]` of a text), not a piece the generator makes; a figure typed here is always a
#: number in the figure's own printed form (27,5% in a percent column), never «not a number».
FALSE_REASONS = {"footnote": "the generator makes this piece itself", "cell": "is not a number",
                 "sentence": "is not a number", "chart": "is not a number"}


def _listed(edit: Edit, listed: list[str]) -> tuple[str, str]:
    """An edit not applied: listed (a secretary's line shows it, with a true reason) or lost."""
    lines = [line for line in listed if spaced(edit.mark).strip() in line]
    false = FALSE_REASONS.get(edit.base)
    if lines and false and all(false in line for line in lines):
        return "LOST", f"listed with a wrong reason: {lines[0]}"
    return ("listed" if lines else "LOST"), "the rebuilt report shows it as before"


def spaced(text: str) -> str:
    return re.sub(r"[\u00a0\u202f\u2009]", " ", text)


def shown_sentence(edit: Edit, before: Shown, after: Shown, output: str):
    paras = [p for p in after.paras if p.cell is None]
    best = max(paras, key=lambda p: SequenceMatcher(None, p.text, edit.new, autojunk=False).ratio())
    verdict = _number_at(numbers(best.text), edit, numbers(edit.old)[edit.where], best.text)
    if verdict is not True and verdict is not False or _masked(best.text) == _masked(edit.old):
        return verdict
    return f"the words around the figure changed: {best.text!r}"


def _masked(text: str) -> str:
    """A paragraph's words, each figure in it one mark, without the marks of comments or footnotes
    (a check's finding on a figure the reviewer changed is a comment of the rebuilt report)."""
    return NUMBER.sub("#", norm(text.replace("\ufffc", "")))


def _number_at(tokens: list[str], edit: Edit, old: str, text: str):
    t = edit.where if isinstance(edit.where, int) else 0
    if t >= len(tokens):
        return f"the rebuilt text has no figure there: {text!r}"
    if value(tokens[t]) == edit.typed:
        return True
    if value(tokens[t]) == value(old):
        return False
    return f"the rebuilt report shows {tokens[t]!r} where {edit.op.get('text')!r} was typed: {text!r}"


def shown_cell(edit: Edit, before: Shown, after: Shown, output: str):
    cell = next((p.text for p in after.paras if p.cell == edit.where), None)
    if cell is None:
        return f"the rebuilt report has no cell {edit.where}"
    return _number_at(numbers(cell), edit, edit.old.strip(), cell)


def shown_chart(edit: Edit, before: Shown, after: Shown, output: str):
    part, s, k = edit.where
    try:
        now = after.charts[part][s][k]
    except (KeyError, IndexError):
        return f"the rebuilt report has no point {edit.where}"
    if now == edit.typed:
        return True
    return False if now == value(edit.old) else f"the rebuilt chart shows {now} where {edit.typed} was typed"


def _counts(paras) -> Counter:
    return Counter(norm(p.text.replace("\ufffc", "")) for p in paras if not p.style.startswith("TOC"))


def shown_replaced(edit: Edit, before: Shown, after: Shown, output: str):
    return _moved(_counts(before.paras), _counts(after.paras), edit.old, edit.new)


def _moved(b: Counter, a: Counter, old: str, new: str):
    old, new = norm(old.replace("\ufffc", "")), norm(new.replace("\ufffc", ""))
    if a[new] == b[new] + 1 and (not old or a[old] == b[old] - 1):
        return True
    if a[new] == b[new] and (not old or a[old] == b[old]):
        return False
    return f"counts before/after: {old!r} {b[old]}→{a[old]}, {new!r} {b[new]}→{a[new]}"


def shown_inserted(edit: Edit, before: Shown, after: Shown, output: str):
    return _moved(_counts(before.paras), _counts(after.paras), "", edit.new)


def shown_deleted_item(edit: Edit, before: Shown, after: Shown, output: str):
    b, a, old = _counts(before.paras), _counts(after.paras), norm(edit.old)
    return True if a[old] == b[old] - 1 else False if a[old] == b[old] else f"{old!r} {b[old]}→{a[old]}"


def shown_footnote(edit: Edit, before: Shown, after: Shown, output: str):
    return _moved(Counter(map(norm, before.notes)), Counter(map(norm, after.notes)), edit.old, edit.new)


def shown_comment(edit: Edit, before: Shown, after: Shown, output: str):
    return True if edit.new in output else False


SHOWN = {"sentence": shown_sentence, "cell": shown_cell, "chart": shown_chart, "heading": shown_replaced,
         "caption": shown_replaced,
         "cover": shown_replaced, "paragraph": shown_replaced, "insert": shown_inserted, "delete": shown_deleted_item,
         "footnote": shown_footnote, "comment": shown_comment}


def collateral(edits: list[Edit], before: Shown, after: Shown) -> str:
    """What changed in the rebuilt body besides what the edits explain (text kinds only)."""
    expected = _counts(before.paras)
    for e in edits:
        if e.outcome == "right" and e.base in ("heading", "caption", "cover", "paragraph", "insert", "delete"):
            expected[norm(e.new.replace("\ufffc", ""))] += e.base != "delete"
            expected[norm(e.old.replace("\ufffc", ""))] -= e.base != "insert"
    got = _counts(after.paras)
    extra, missing = +(got - expected), +(expected - got)
    return "; ".join([f"+{t!r}" for t in extra] + [f"-{t!r}" for t in missing])
