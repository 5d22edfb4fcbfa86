"""`generate-report review FILE.docx`: what reviewers changed and said, traced to the input fields.

Each generated paragraph, list item and table cell sits in a source bookmark (``src_N``); the
DOCX's map (or, if a word processor dropped it, the same map rebuilt from the inputs) names
the input field behind it. The generated text comes from the document model rebuilt from the
inputs; the reviewed text is read with tracked changes both accepted and rejected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.doc.model import Heading, ListBlock, Paragraph, Photo, Table, plain_text
from generator.docxread import MAIN_PART, Package, open_docx
from generator.sections import NOTE_AUTHOR
from generator.writers.docx.sources import BOOKMARK_PREFIX, SOURCES_NS, SOURCES_PART

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CORE_PART = "docProps/core.xml"
COMMENTS_PART = "word/comments.xml"
_SPACE = re.compile(r"\s+")


@dataclass
class Change:
    """One edited paragraph, list item or table cell, with the input field it came from."""
    place: str          # 'inputs/2021/funds.yaml:23 content.0.text'
    old: str
    new: str            # with tracked changes accepted
    rejected: str       # with tracked changes rejected (what the file says before they are accepted)


@dataclass
class Remark:
    """A comment a reviewer wrote in Word, with the text it is anchored on and its field."""
    place: str
    author: str
    anchored: str
    text: str


def sourced_texts(doc) -> list[tuple[str, str]]:
    """(source, text) of every piece the DOCX writer wraps in a source bookmark, in its order."""
    out: list[tuple[str, str]] = []
    for block in doc.blocks():
        if isinstance(block, Heading):
            out.append((block.source, f"{block.number}\n{block.text}" if block.appendix else block.full_text))
        elif isinstance(block, Paragraph):
            out.append((block.source, plain_text(block.inlines)))
        elif isinstance(block, ListBlock):
            out.extend((item.source, plain_text(item.inlines)) for item in block.all_items())
        elif isinstance(block, Table):
            out.extend((cell.source, plain_text(cell.inlines)) for row in block.body for cell in row)
        elif isinstance(block, Photo):
            out.append((block.source, block.caption))
    return [(source, text) for source, text in out if source]


@dataclass
class Reviewed:
    """What a reviewed DOCX holds for review: its body, bookmark → source map, comments, and year."""
    path: Path
    body: object
    names: dict[str, str]
    comments: dict[str, tuple[str, str]]
    year: int | None            # from the file's keywords; None if it does not say


def read_reviewed(docx_path: Path) -> Reviewed:
    """Read the parts review needs, within the bounds of ``open_docx`` (DocxRefused otherwise)."""
    with open_docx(docx_path) as package:
        return Reviewed(Path(docx_path), package.xml(MAIN_PART), _read_map(package),
                        _read_comments(package), _keywords_year(package))


def review(docx: Path | Reviewed, report, doc) -> tuple[list[Change], list[Remark]]:
    """Compare a reviewed DOCX (a path, or what ``read_reviewed`` read) with the document the inputs make now."""
    reviewed = docx if isinstance(docx, Reviewed) else read_reviewed(docx)
    body, names = reviewed.body, reviewed.names
    expected = sourced_texts(doc)
    if not names:   # a word processor dropped the map: the bookmarks are numbered in the same order
        names = {f"{BOOKMARK_PREFIX}{i}": source for i, (source, _) in enumerate(expected, start=1)}
    generated = dict(expected)
    found = _bookmarked_paragraphs(body)
    changes = []
    for name, paragraph in found.items():
        source = names.get(name)
        if source is None or source not in generated:
            continue
        accepted, rejected = _texts(paragraph, accept=True), _texts(paragraph, accept=False)
        if _norm(accepted) != _norm(generated[source]) or _norm(rejected) != _norm(generated[source]):
            changes.append(Change(_place(report, source), generated[source], accepted, rejected))
    gone = [s for name, s in names.items() if name not in found and s in generated]
    changes.extend(Change(_place(report, s), generated[s], "", "") for s in gone)
    return changes, _remarks(body, reviewed.comments, names, report)


def report_year(reviewed: Reviewed) -> int | None:
    """The year a generated DOCX is about: its keywords, else its folder's name."""
    return reviewed.year or _year_in(reviewed.path.parent.name)


def _keywords_year(package: Package) -> int | None:
    if CORE_PART not in package:
        return None
    return _year_in("".join(el.text or "" for el in package.xml(CORE_PART).iter("{*}keywords")))


def _year_in(text: str) -> int | None:
    found = re.search(r"\b(19|20)\d\d\b", text)
    return int(found.group(0)) if found else None


def _read_map(package: Package) -> dict[str, str]:
    """The bookmark → source map, wherever a word processor put the part (LibreOffice renames it)."""
    candidates = [SOURCES_PART.lstrip("/"), *(n for n in package.names if n.startswith("customXml/item"))]
    for name in dict.fromkeys(candidates):
        if name not in package:
            continue
        root = package.xml(name)
        if root.tag == f"{{{SOURCES_NS}}}sources":
            return {el.get("b"): el.text or "" for el in root.iter(f"{{{SOURCES_NS}}}s")}
    return {}


def _read_comments(package: Package) -> dict[str, tuple[str, str]]:
    if COMMENTS_PART not in package:
        return {}
    root = package.xml(COMMENTS_PART)
    return {c.get(f"{{{W}}}id"): (c.get(f"{{{W}}}author") or "", _norm("".join(c.itertext())))
            for c in root.iterfind("w:comment", NS)}


def _bookmarked_paragraphs(body) -> dict[str, object]:
    """Each source bookmark's paragraph (the bookmark starts inside the paragraph it wraps)."""
    out = {}
    for start in body.iter(f"{{{W}}}bookmarkStart"):
        name = start.get(f"{{{W}}}name") or ""
        if name.startswith(BOOKMARK_PREFIX):
            paragraph = next(start.iterancestors(f"{{{W}}}p"), None)
            if paragraph is not None:
                out[name] = paragraph
    return out


def _texts(paragraph, accept: bool) -> str:
    """A paragraph's text with tracked changes accepted (insertions in, deletions out) or rejected."""
    parts = []
    for el in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab", f"{{{W}}}br"):
        inserted = any(a.tag == f"{{{W}}}ins" for a in el.iterancestors())
        deleted = el.tag == f"{{{W}}}delText" or any(a.tag == f"{{{W}}}del" for a in el.iterancestors())
        if (accept and deleted) or (not accept and inserted):
            continue
        parts.append({f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n"}.get(el.tag) or el.text or "")
    return "".join(parts)


def _remarks(body, comments: dict, names: dict, report) -> list[Remark]:
    """Reviewers' comments (not the generator's), with the text between their range marks."""
    out = []
    for start in body.iter(f"{{{W}}}commentRangeStart"):
        cid = start.get(f"{{{W}}}id")
        author, text = comments.get(cid, ("", ""))
        if author == NOTE_AUTHOR or cid not in comments:
            continue
        paragraph = next(start.iterancestors(f"{{{W}}}p"), None)
        source = _paragraph_source(paragraph, names) if paragraph is not None else ""
        out.append(Remark(_place(report, source) if source else "(text not made from the inputs)",
                          author, _anchored(body, cid), text))
    return out


def _paragraph_source(paragraph, names: dict) -> str:
    for start in paragraph.iter(f"{{{W}}}bookmarkStart"):
        source = names.get(start.get(f"{{{W}}}name"))
        if source:
            return source
    return ""


def _anchored(body, cid: str) -> str:
    """The text between a comment's range start and end, in document order."""
    inside, parts = False, []
    for el in body.iter(f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd", f"{{{W}}}t"):
        if el.tag.endswith("commentRangeStart") and el.get(f"{{{W}}}id") == cid:
            inside = True
        elif el.tag.endswith("commentRangeEnd") and el.get(f"{{{W}}}id") == cid:
            break
        elif inside and el.tag.endswith("}t"):
            parts.append(el.text or "")
    return _norm("".join(parts))


def _place(report, source: str) -> str:
    key, path, year = report.parse_source(source)
    shown, line = report.where(key, path, year)
    field = ".".join(map(str, path))
    return f"{shown}:{line} {field}" if line else f"{shown} {field}"


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()
