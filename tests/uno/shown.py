"""What a DOCX shows a reader, read with lxml (never through the generator's map): body paragraphs
in reading order with their styles and table cells, footnotes, charts' values; and figures as
numbers, whatever spaces group their digits."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SPACES = "\u00a0\u202f\u2009 "
NUMBER = re.compile(r"[-−]?\d+(?:[ \u00a0\u202f\u2009]\d{3})*(?:,\d+)?%?")


@dataclass
class Para:
    """A paragraph of a DOCX as a reader sees it: its style id, its text, where it stands."""
    style: str
    text: str
    cell: tuple[int, int, int] | None = None     # (table, row, column) of a table's cell


@dataclass
class Shown:
    """What a DOCX shows: body paragraphs in reading order, footnotes, chart values."""
    paras: list[Para]
    notes: list[str]
    charts: dict[str, list[list[float | None]]] = field(default_factory=dict)   # part → [series][point]


def read(path) -> Shown:
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        notes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in z.namelist() else None
        charts = {n: _chart(etree.fromstring(z.read(n))) for n in z.namelist()
                  if re.fullmatch(r"word/charts/chart\d+\.xml", n)}
    return Shown(_paras(body), _notes(notes), charts)


MARKS = {f"{W}tab": "\t", f"{W}footnoteReference": "\ufffc", f"{W}commentReference": "\ufffc"}


def _text(p) -> str:
    """The text a reader sees (a footnote's or comment's mark as U+FFFC, a tab as a tab)."""
    return "".join(e.text or "" if e.tag == f"{W}t" else MARKS[e.tag]
                   for e in p.iter(f"{W}t", *MARKS) if not _deleted(e))


def _deleted(e) -> bool:
    return any(a.tag == f"{W}del" for a in e.iterancestors())


def _style(p) -> str:
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(f"{W}val") if s is not None else ""


def _paras(body) -> list[Para]:
    out, tables = [], 0
    for child in body:
        if child.tag == f"{W}p":
            out.append(Para(_style(child), _text(child)))
        elif child.tag == f"{W}tbl":
            for r, row in enumerate(child.findall(f"{W}tr")):
                for c, cell in enumerate(row.findall(f"{W}tc")):
                    for p in cell.iter(f"{W}p"):
                        out.append(Para(_style(p), _text(p), (tables, r, c)))
            tables += 1
    return out


def _notes(root) -> list[str]:
    if root is None:
        return []
    return [_text_all(n) for n in root.findall(f"{W}footnote") if n.get(f"{W}type") in (None, "normal")]


def _text_all(e) -> str:
    return " ".join(_text(p) for p in e.iter(f"{W}p")).strip()


def _chart(root) -> list[list[float | None]]:
    series = []
    for ser in root.iter(f"{C}ser"):
        val = ser.find(f"{C}val")
        cache = val.find(f".//{C}numCache") if val is not None else None
        if cache is None:
            continue
        count = int(cache.find(f"{C}ptCount").get("val"))
        points = [None] * count
        for pt in cache.findall(f"{C}pt"):
            points[int(pt.get("idx"))] = float(pt.findtext(f"{C}v"))
        series.append(points)
    return series


def value(token: str) -> float:
    """A printed figure as a number: groups with any space or none, a decimal comma, a %."""
    t = token.rstrip("%").replace("−", "-")
    for s in SPACES:
        t = t.replace(s, "")
    return float(t.replace(",", "."))


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def norm(text: str) -> str:
    """A paragraph's text compared: spaces of any kind as one space, a list item's mark dropped."""
    t = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip()
    return t.rstrip(";.")
