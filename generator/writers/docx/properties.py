"""The DOCX's own figures for docProps/app.xml, read from the document model."""
from __future__ import annotations

from typing import Iterator

from generator.doc.model import Diagram, Document, Heading, ListBlock, Paragraph, Photo, Table, plain_text


def word_count(doc: Document) -> int:
    """The words of the document's text, as Word counts them: runs of characters between spaces."""
    return sum(len(text.split()) for text in _texts(doc.blocks()))


def _texts(blocks) -> Iterator[str]:
    """The text of every block that has some, in reading order."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block.full_text
        elif isinstance(block, Paragraph):
            yield plain_text(block.inlines)
        elif isinstance(block, ListBlock):
            yield from (plain_text(item.inlines) for item in block.all_items())
        elif isinstance(block, Table):
            yield block.title
            yield from (plain_text(cell.inlines) for row in [*block.header, *block.body] for cell in row)
        elif isinstance(block, Diagram):
            yield block.title
        elif isinstance(block, Photo):
            yield block.caption
