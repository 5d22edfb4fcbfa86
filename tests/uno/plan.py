"""Reviewers' edits picked at random from a made DOCX, each with what the rebuilt report must show:
the exact figure or text typed where it was typed (tests/uno/edit.py types them)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from tests.uno.shown import NUMBER, Shown, numbers, value

TEXT_KINDS = ("heading", "caption", "paragraph", "insert", "delete", "footnote", "cover", "comment")
FIGURE_KINDS = ("sentence", "cell", "chart")
KINDS = FIGURE_KINDS + TEXT_KINDS + ("tracked",)
WORDS = ["жаңа", "маңызды", "қосымша", "арнайы", "тарихи", "мәдени", "ұлттық", "көрнекі"]


@dataclass
class Edit:
    """One edit: the kind, the driver's instruction, and what the rebuilt report must show."""
    kind: str
    op: dict
    old: str                      # the paragraph (or cell, footnote, chart value) before
    new: str                      # after the edit, as the reviewer left it
    where: object = None          # figure kinds: (paragraph text | cell | chart point), the token's index
    typed: float | None = None    # figure kinds: the number typed
    tracked: bool = False
    base: str = ""                # a tracked edit's own kind
    mark: str = ""                # what a `for the secretary` line about it shows: the new text around the edit
    outcome: str = ""
    detail: str = ""


LIST_STYLES = ("List",)
CAPTIONS = ("TableCaption", "DiagramCaption", "PhotoCaption", "FigureCaption")


class Planner:
    """Edits picked at random (``rng``) from one made DOCX, each on a paragraph of its own."""

    def __init__(self, shown: Shown, rng):
        self.shown, self.rng = shown, rng
        self.whole = "\n".join(p.text for p in shown.paras if not p.style.startswith("TOC")) + "\n" + \
            "\n".join(shown.notes)
        self.used: set[int] = set()
        self.figures: set[float] = set()

    # where edits can go
    def free(self, i: int) -> bool:
        return all(abs(i - j) > 2 for j in self.used)

    def candidates(self, test) -> list[int]:
        return [i for i, p in enumerate(self.shown.paras) if self.free(i) and test(p) and "\ufffc" not in p.text]

    def context(self, text: str, a: int, b: int, lo: int = 0) -> tuple[str, int] | None:
        """A piece of ``text`` around [a, b), not before ``lo``, found once in the whole document, and
        a's offset in it."""
        for k in (6, 12, 20, 40, 80):
            s, e = max(lo, a - k), min(len(text), b + k)
            piece = text[s:e]
            if "\t" not in piece and "\ufffc" not in piece and self.whole.count(piece) == 1:
                return piece, a - s
        return None

    def typed(self, kind: str, i: int, a: int, b: int, new: str, lo: int = 0, **more) -> Edit | None:
        p = self.shown.paras[i]
        found = self.context(p.text, a, b, lo)
        if found is None:
            return None
        piece, at = found
        self.used.add(i)
        op = {"op": "type", "find": piece, "at": at, "length": b - a, "expect": p.text[a:b], "text": new}
        after = p.text[:a] + new + p.text[b:]
        return Edit(kind, op, p.text, after, mark=after[max(0, a - 8):a + len(new) + 8], **more)

    def word(self, text: str, start: int = 0) -> tuple[int, int] | None:
        words = [m.span() for m in re.finditer(r"[^\W\d_]{3,}", text) if m.start() >= start]
        return self.rng.choice(words) if words else None

    def other_word(self, old: str, upper: bool = False) -> str:
        new = self.rng.choice([w for w in WORDS if w != old.lower()])
        return new.upper() if upper or old.isupper() else (new.capitalize() if old[:1].isupper() else new)

    # the kinds
    def sentence(self) -> Edit | None:
        choices = [(i, m) for i in self.candidates(lambda p: p.cell is None and p.style == "BodyText")
                   for m in NUMBER.finditer(self.shown.paras[i].text)]
        return self._figure("sentence", choices)

    def cell(self) -> Edit | None:
        choices = [(i, m) for i in self.candidates(lambda p: p.cell is not None)
                   for m in [NUMBER.fullmatch(self.shown.paras[i].text.strip())] if m]
        return self._figure("cell", choices)

    def _figure(self, kind: str, choices) -> Edit | None:
        choices = [(i, m) for i, m in choices if value(m.group()) not in self.figures]
        if not choices:
            return None
        i, m = self.rng.choice(choices)
        p, old = self.shown.paras[i], m.group()
        new = corrected(old, self.rng)
        t = sum(1 for n in NUMBER.finditer(p.text) if n.start() < m.start())
        if p.cell is not None:
            return self._cell(i, m, new)
        edit = self.typed(kind, i, m.start(), m.end(), new, where=t, typed=value(new))
        if edit and [value(n) for n in numbers(edit.new)][t] == value(new):
            self.figures |= {value(old), value(new)}
            return edit
        return None

    def _cell(self, i: int, m, new: str) -> Edit:
        p = self.shown.paras[i]
        table, row, col = p.cell
        cells = sorted(q.text.replace("\ufffc", "") for q in self.shown.paras
                       if q.cell and q.cell[0] == table and q.text.strip())
        self.used.add(i)
        self.figures |= {value(m.group()), value(new)}
        op = {"op": "cell", "cells": cells, "row": row, "col": col, "at": m.start(), "length": m.end() - m.start(),
              "expect": p.text, "text": new}
        return Edit("cell", op, p.text, p.text[:m.start()] + new + p.text[m.end():], where=p.cell, typed=value(new),
                    mark=new)

    def chart(self) -> Edit | None:
        points = [(part, s, k, v) for part, series in sorted(self.shown.charts.items())
                  for s, values in enumerate(series) for k, v in enumerate(values)
                  if v is not None and v not in self.figures]
        if not points:
            return None
        part, s, k, v = self.rng.choice(points)
        series = self.shown.charts[part]
        new = value(corrected(fmt_plain(v), self.rng))
        self.figures |= {v, new}
        data = [[series[j][q] for j in range(len(series))] for q in range(len(series[0]))]
        op = {"op": "chart", "data": data, "row": k, "col": s, "value": new}
        return Edit("chart", op, fmt_plain(v), fmt_plain(new), where=(part, s, k), typed=new,
                    mark=printed(new, 0, " ") if new == int(new) else fmt_plain(new))

    def heading(self) -> Edit | None:
        return self._retype("heading", lambda p: p.style.startswith("Heading") and p.cell is None, r"^[\d.]+\s*")

    def caption(self) -> Edit | None:
        return self._retype("caption", lambda p: p.style in CAPTIONS, r"^.*?\d+\.\s*")

    def cover(self) -> Edit | None:
        return self._retype("cover", lambda p: p.style.startswith("Cover"), r"")

    def _retype(self, kind: str, test, skip: str) -> Edit | None:
        choices = self.candidates(lambda p: test(p) and p.text.strip())
        self.rng.shuffle(choices)
        for i in choices:
            text = self.shown.paras[i].text
            label = re.match(skip, text) if skip else None
            lo = label.end() if label else 0
            span = self.word(text, lo)
            if span:
                edit = self.typed(kind, i, *span, self.other_word(text[span[0]:span[1]]), lo=lo)
                if edit:
                    return edit
        return None

    def paragraph(self) -> Edit | None:
        choices = self.candidates(lambda p: p.style == "BodyText" and p.cell is None and len(p.text) > 40)
        if not choices:
            return None
        i = self.rng.choice(choices)
        text = self.shown.paras[i].text
        words = [m.span() for m in re.finditer(r"\S+", text)]
        first = self.rng.randrange(len(words))
        last = min(len(words) - 1, first + self.rng.randrange(1, 8))
        phrase = " ".join(self.rng.sample(WORDS, self.rng.randrange(2, 5)))
        return self.typed("paragraph", i, words[first][0], words[last][1], phrase)

    def _items(self) -> list[int]:
        return self.candidates(lambda p: p.style.startswith(LIST_STYLES) and p.cell is None and p.text.strip())

    def insert(self) -> Edit | None:
        choices = self._items()
        if not choices:
            return None
        i = self.rng.choice(choices)
        p = self.shown.paras[i]
        last = i + 1 >= len(self.shown.paras) or self.shown.paras[i + 1].style != p.style
        dated = self.rng.random() < .6
        date = f" ({self.rng.randrange(1, 29):02d}.{self.rng.randrange(1, 13):02d}.2021)" if dated else ""
        name = f"{self.other_word('').capitalize()} {self.rng.choice(WORDS)}"
        new = f"«{name}» көрмесі{date}{'.' if last else ';'}"
        found = self.context(p.text, max(0, len(p.text) - 30), len(p.text))
        if found is None:
            return None
        self.used.add(i)
        return Edit("insert", {"op": "enter", "find": found[0], "text": new}, p.text, new, mark=new[:25])

    def delete(self) -> Edit | None:
        choices = self._items()
        self.rng.shuffle(choices)
        for i in choices:
            p = self.shown.paras[i]
            found = self.context(p.text, 0, min(len(p.text), 30))
            if found:
                self.used.add(i)
                return Edit("delete", {"op": "delete", "find": found[0], "expect": p.text}, p.text, "",
                            mark=p.text[:25])
        return None

    def footnote(self) -> Edit | None:
        notes = [n for n in self.shown.notes if n not in self.figures and self.word(n)]
        if not notes:
            return None
        note = self.rng.choice(notes)
        a, b = self.word(note)
        piece = note[max(0, a - 10):b + 10]
        new = self.other_word(note[a:b])
        self.figures.add(note)          # one edit per footnote
        op = {"op": "footnote", "find": piece, "at": a - max(0, a - 10), "length": b - a, "expect": note[a:b],
              "text": new}
        after = note[:a] + new + note[b:]
        return Edit("footnote", op, note, after, mark=after[max(0, a - 8):a + len(new) + 8])

    def comment(self) -> Edit | None:
        choices = self.candidates(lambda p: p.style == "BodyText" and p.cell is None and len(p.text) > 20)
        if not choices:
            return None
        i = self.rng.choice(choices)
        found = self.context(self.shown.paras[i].text, 0, 12)
        if found is None:
            return None
        self.used.add(i)
        note = f"Тексеріңіз {self.rng.randrange(10**6)}"
        return Edit("comment", {"op": "comment", "find": found[0], "text": note}, self.shown.paras[i].text, note,
                    mark=note)


def corrected(old: str, rng) -> str:
    """A reviewer's correction of a printed figure: one or two digits typed over, a digit added, or
    the whole figure typed again with a plain, no-break or narrow space between groups, or none."""
    digits = [k for k, ch in enumerate(old) if ch.isdigit()]
    how = rng.random()
    if how < .5:
        new = list(old)
        for k in rng.sample(digits, min(len(digits), rng.choice((1, 1, 2)))):
            new[k] = rng.choice([d for d in "0123456789" if d != old[k] and (d != "0" or k != digits[0])])
        return "".join(new)
    number = value(old)
    decimals = len(old.rstrip("%").split(",")[1]) if "," in old else 0
    if how < .65:
        number = number * 10 + rng.randrange(10) / (10 ** decimals) if decimals else number * 10 + rng.randrange(10)
    else:
        number = max(1, number + rng.choice((-1, 1)) * rng.randrange(1, 100))
    return printed(number, decimals, rng.choice((" ", "\u00a0", "\u202f", "")), "%" if old.endswith("%") else "")


def printed(number: float, decimals: int, space: str, suffix: str = "") -> str:
    whole, _, frac = f"{number:.{decimals}f}".partition(".")
    groups = f"{int(whole):,}".replace(",", space)
    return groups + ("," + frac if decimals else "") + suffix


def fmt_plain(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v).replace(".", ",")


PLANNERS = {kind: getattr(Planner, kind) for kind in FIGURE_KINDS + TEXT_KINDS}


def plan_job(shown: Shown, rng, kinds: list[str], track: bool) -> list[Edit]:
    """Edits of the given kinds on one DOCX, on paragraphs apart and figures apart."""
    planner, edits = Planner(shown, rng), []
    for kind in kinds:
        edit = PLANNERS[kind](planner)
        if edit is not None:
            edit.tracked, edit.base = track, edit.kind
            edits.append(edit)
    return edits
