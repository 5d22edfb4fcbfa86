"""An edited figure read whole: the number token standing where the figure's printed value stood.

The reviewer's line is aligned with the printed one (difflib) only to find *where* each figure
now stands; what it now says is the whole number token there (``fmt.read``: digits and their
group spaces, a decimal part, a sign, ``%`` or the money word), read in the figure's unit and
compared as a number. A token that is not a number of that unit is the figure's edit too, with
the reason, so that the secretary sees it and the text around it never takes it as words.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.doc.provenance import Field, Provenance
from generator.fmt.read import Read, money_word, number_spans, read_quantity


@dataclass
class FigureEdit:
    """A figure whose printed value an edit changed: where it stood in the old text (``was``),
    the token in the new text (``at``), and that token read in the figure's unit."""
    source: Field
    old: str
    new: str
    was: tuple[int, int]
    at: tuple[int, int]
    read: Read


def is_figure(source: Provenance | None) -> bool:
    """Whether a source names a figure's value (``k:figures.a.parts.0``), not one of its texts."""
    return source is not None and source.is_figure


def opcodes(a: str, b: str):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def figure_edits(old: str, new: str, spans, unit_of) -> tuple[list[FigureEdit], bool]:
    """Each figure of ``spans`` ((start, end, source) in ``old``) whose number the new text
    changes, and whether any edit lies outside the figures; ``unit_of(source)`` gives a figure's
    (unit, money pattern)."""
    codes = opcodes(old, new)
    edits, owned = [], set()
    for a, z, source in spans:
        if not is_figure(source):
            continue
        found = _figure_edit(old, new, codes, (a, z), source, unit_of)
        if found is not None:
            edit, ops = found
            owned |= ops
            edits.extend([edit] if edit else [])
    elsewhere = any(code[0] != "equal" and k not in owned for k, code in enumerate(codes))
    return edits, elsewhere


def _figure_edit(old: str, new: str, codes, span: tuple[int, int], source: str, unit_of):
    """(the figure's edit or None when its number is unchanged, the opcodes it accounts for);
    None when no edit touches the figure, or an edit across its ends rewrote it with words."""
    a, z = span
    touching = [k for k, (tag, i1, i2, _, _) in enumerate(codes) if tag != "equal" and _touches(i1, i2, a, z)]
    core, inside = _core(codes, a, z)
    if not touching or core is None:
        return None                    # untouched, or deleted with its words: an edit of the text
    unit, money = unit_of(source)
    word = money_word(money)
    over = [t for t in number_spans(new, word) if t[0] < core[1] and t[1] > core[0]]
    whole = len(over) == 1 and (not inside or over[0][0] <= core[0] and core[1] <= over[0][1])
    if not whole and not inside:
        return None                    # rewritten across its ends, with no number: an edit of the text
    at = _own_sign(codes, over[0], span, new) if whole else \
        (min([core[0], *(t[0] for t in over)]), max([core[1], *(t[1] for t in over)]))
    ops = {k for k in touching if _within(codes[k], (a, z), at)}
    read = read_quantity(new[at[0]:at[1]], unit, word)
    if read.why == "" and read.value == read_quantity(old[a:z], unit, word).value:
        return None, ops
    return FigureEdit(source, old[a:z], new[at[0]:at[1]].strip(), span, at, read), ops


def _own_sign(codes, token: tuple[int, int], span: tuple[int, int], new: str) -> tuple[int, int]:
    """The token without a dash or sign before it that is the text's, not the figure's
    («– 7 мақала»: the 7 is the figure); a sign the reviewer typed stays."""
    start = token[0]
    while start < token[1] and not new[start].isdigit() and _kept_outside(codes, start, span):
        start += 1
    return start, token[1]


def _kept_outside(codes, j: int, span: tuple[int, int]) -> bool:
    """Whether the new text's character ``j`` is an old character outside the span, kept."""
    for tag, i1, _, j1, j2 in codes:
        if tag == "equal" and j1 <= j < j2:
            return not span[0] <= i1 + (j - j1) < span[1]
    return False


def _touches(i1: int, i2: int, a: int, z: int) -> bool:
    """Whether an edit of old[i1:i2] falls on the span [a, z) (an insertion at either end does)."""
    return i1 < z and i2 > a if i1 != i2 else a <= i1 <= z


def _core(codes, a: int, z: int) -> tuple[tuple[int, int] | None, bool]:
    """Where the figure's span is in the new text: its kept characters and what replaced them
    inside it; else (an edit across its ends) what replaced it, if that holds a single number."""
    ends, across = [], []
    for tag, i1, i2, j1, j2 in codes:
        lo, hi = max(i1, a), min(i2, z)
        if tag == "equal" and lo < hi:
            ends += [j1 + lo - i1, j1 + hi - i1]
        elif tag != "equal" and j2 > j1 and (a <= i1 and i2 <= z if i1 != i2 else a < i1 < z):
            ends += [j1, j2]
        elif tag != "equal" and j2 > j1 and lo < hi:
            across += [j1, j2]
    if ends:
        return (min(ends), max(ends)), True
    return ((min(across), max(across)) if across else None), False


def _token(new: str, core: tuple[int, int], money: str) -> tuple[int, int] | None:
    """The one number token of the new text that holds the figure's place whole, else None."""
    over = [(s, e) for s, e in number_spans(new, money) if s < core[1] and e > core[0]]
    if len(over) == 1 and over[0][0] <= core[0] and core[1] <= over[0][1]:
        return over[0]
    return None


def _within(code, span: tuple[int, int], at: tuple[int, int]) -> bool:
    """Whether an edit lies within the figure: in its old span and its new token."""
    _, i1, i2, j1, j2 = code
    return span[0] <= i1 and i2 <= span[1] and at[0] <= j1 and j2 <= at[1]


def part_spans(report, text: str, spans) -> list[tuple[int, int, str]]:
    """The spans with a phrase of a figure's parts (``{x.parts}``: «1 спартакиада, 12 музей
    сабағы», marked as the figure) split into each part's number, when the phrase reads as the
    parts' numbers and labels in order; else as they are."""
    out = []
    for a, z, source in spans:
        figure = _figure(report, source) if is_figure(source) else None
        split = _split_parts(text[a:z], figure.parts, a, source) if figure is not None and figure.parts else None
        out.extend(split or [(a, z, source)])
    return out


def _split_parts(phrase: str, parts, at: int, source: Field) -> list[tuple[int, int, str]] | None:
    """Each part's number in a phrase «N label, N label», or None if it does not read so."""
    out, pos = [], 0
    for i, part in enumerate(parts):
        found = next(iter(number_spans(phrase[pos:])), None)
        tail = f" {part.label}".rstrip() if part.label else ""
        if found is None or found[0] != 0 or not phrase.startswith(tail, pos + found[1]):
            return None
        out.append((at + pos, at + pos + found[1], source.child("parts", i)))
        pos += found[1] + len(tail)
        if phrase.startswith(", ", pos):
            pos += 2
    return out if pos == len(phrase) else None


def _figure(report, source: Field):
    """The figure (or part) a figure's source names; None if there is none."""
    path = source.path
    section = _section(report, source)
    figure = section.figures.get(path[1]) if section is not None and len(path) >= 2 else None
    for step in range(2, len(path) - 1, 2):
        index = path[step + 1]
        ok = figure is not None and path[step] == "parts" and isinstance(index, int) and index < len(figure.parts)
        figure = figure.parts[index] if ok else None
    return figure


def _section(report, source: Field):
    """The section (of its year, else of the report's) a field is in; None if there is none."""
    return report.section_in(source.year_or(report.year), source.key) or report.sections.get(source.key)


def figure_unit(report, source: Provenance | None) -> str:
    """The unit of the figure or number cell a source names (count, percent, decimal, money);
    "decimal" for a field of no stated unit."""
    if not isinstance(source, Field):
        return "decimal"
    path = source.path
    section = _section(report, source)
    if section is None:
        return "decimal"
    if path[:1] == ("tables",) and len(path) == 5:
        return _column_unit(section, path)
    if path[:1] != ("figures",) or len(path) < 2 or path[1] not in section.figures:
        return "decimal"
    figure, unit = section.figures[path[1]], "count"
    unit = figure.unit or unit
    for step in range(2, len(path) - 1, 2):
        index = path[step + 1]
        if path[step] != "parts" or not isinstance(index, int) or index >= len(figure.parts):
            break
        figure = figure.parts[index]
        unit = figure.unit or unit
    return unit


def _column_unit(section, path: tuple) -> str:
    table = section.tables.get(path[1])
    columns = getattr(table, "columns", None) or []
    column = path[4]
    if isinstance(column, int) and column < len(columns):
        return "percent" if columns[column].type == "percent" else "decimal"
    return "decimal"
