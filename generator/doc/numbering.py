"""Numbers assigned from document order: tables count from 1, diagrams from 1, photos with them."""
from __future__ import annotations

from generator.doc.model import Diagram, Document, Heading, Photo, Table


def assign_numbers(doc: Document, appendix_prefix: str | None = None, number_photos: bool = False) -> None:
    """Give every Table and Diagram its number and an anchor, in reading order; photos get an
    anchor, and with ``number_photos`` a number in the diagrams' sequence (GOST's «Сурет N»).

    With ``appendix_prefix`` (like "{letter}."), each appendix numbers its own tables and
    diagrams from 1 after its letter (А.1, А.2, …); without, the numbers run on through them."""
    counters = {Table: 0, Diagram: 0, Photo: 0}
    sequence = {Table: Table, Diagram: Diagram, Photo: Diagram if number_photos else Photo}
    names = {Table: "table", Diagram: "diagram", Photo: "photo"}
    prefix, part = "", ""
    for block in doc.blocks():
        kind = type(block)
        if kind is Heading and block.appendix and appendix_prefix is not None:
            counters = dict.fromkeys(counters, 0)
            prefix, part = appendix_prefix.format(letter=block.appendix), f"{block.anchor}-"
        if kind not in counters:
            continue
        counters[sequence[kind]] += 1
        number = counters[sequence[kind]]
        if kind is Photo and not number_photos:
            block.anchor = block.anchor or f"photo-{part}{number}"
            continue
        block.number, block.prefix = number, prefix
        block.anchor = block.anchor or f"{names[kind]}-{part}{number}"
