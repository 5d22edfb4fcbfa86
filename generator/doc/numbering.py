"""Numbers assigned from document order: tables and diagrams each count from 1."""
from __future__ import annotations

from generator.doc.model import Diagram, Document, Table


def assign_numbers(doc: Document) -> None:
    """Give every Table and Diagram its number and an anchor, in reading order."""
    counters = {Table: 0, Diagram: 0}
    for block in doc.blocks():
        kind = type(block)
        if kind in counters:
            counters[kind] += 1
            block.number = counters[kind]
            if not block.anchor:
                block.anchor = f"{'table' if kind is Table else 'diagram'}-{block.number}"
