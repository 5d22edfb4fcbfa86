"""Numbers assigned from document order: tables and diagrams each count from 1."""
from __future__ import annotations

from generator.doc.model import Diagram, Document, Heading, Table


def assign_numbers(doc: Document, appendix_prefix: str | None = None) -> None:
    """Give every Table and Diagram its number and an anchor, in reading order.

    With ``appendix_prefix`` (like "{letter}."), each appendix numbers its own tables and
    diagrams from 1 after its letter (А.1, А.2, …); without, the numbers run on through them."""
    counters = {Table: 0, Diagram: 0}
    prefix, part = "", ""
    for block in doc.blocks():
        kind = type(block)
        if kind is Heading and block.appendix and appendix_prefix is not None:
            counters = dict.fromkeys(counters, 0)
            prefix, part = appendix_prefix.format(letter=block.appendix), f"{block.anchor}-"
        if kind in counters:
            counters[kind] += 1
            block.number, block.prefix = counters[kind], prefix
            if not block.anchor:
                block.anchor = f"{'table' if kind is Table else 'diagram'}-{part}{block.number}"
