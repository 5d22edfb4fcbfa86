"""Which text of a document came from which input field (the blocks' and spans' ``source``)."""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Iterator

from generator.doc.model import Document, Heading, Photo, Text, plain_text
from generator.doc.provenance import Provenance


def sourced_texts(doc: Document) -> Iterator[tuple[str, Provenance, str]]:
    """``(anchor, source, text)`` of every piece of the body made from an input field, in reading
    order; ``anchor`` is the last heading, table or diagram anchor before it ("" before any)."""
    anchor = ""
    for block in doc.body:
        anchor = getattr(block, "anchor", "") or anchor
        for source, text in _sourced(block):
            yield anchor, source, text


def _sourced(item) -> Iterator[tuple[Provenance, str]]:
    """The ``(source, text)`` of a block or span and of everything inside it, depth first."""
    if isinstance(item, list):
        for element in item:
            yield from _sourced(element)
        return
    if not is_dataclass(item):
        return
    if getattr(item, "source", None):
        yield item.source, _text(item)
    for f in fields(item):
        if f.name not in ("source", "chart"):
            yield from _sourced(getattr(item, f.name))


def _text(item) -> str:
    """The words a block or span shows."""
    if isinstance(item, Text):
        return item.text
    if isinstance(item, Heading):
        return item.full_text
    if isinstance(item, Photo):
        return item.caption
    if hasattr(item, "inlines"):
        return plain_text(item.inlines)
    return getattr(item, "title", "")
