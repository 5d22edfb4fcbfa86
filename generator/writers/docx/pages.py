"""The DOCX's pages as the PDF's: what the page fill's record (``generator.doc.fill.Fill``) says
of pages, applied to the body elements a block was written as."""
from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph


def paginate(out, written: list, starts_page: bool, leads_in: bool) -> None:
    """Mark the body elements one block was ``written`` as (none: nothing to mark): a page starts
    at the first where it ``starts_page`` in the PDF; the last keeps with the next block where
    the block is a list's lead-in."""
    if written and starts_page:
        _break_before(out, written[0])
    if written and leads_in and written[-1].tag == qn("w:p"):
        DocxParagraph(written[-1], out).paragraph_format.keep_with_next = True


def _break_before(out, element) -> None:
    """A page starts at this body element (a paragraph, or a table's first row), with no space
    above it: the PDF's page broke there by itself, which drops the block's top margin, where a
    word processor keeps a paragraph's space before after a break it was told to make."""
    if element.tag == qn("w:tbl"):
        element = element.find(".//" + qn("w:p"))
    fmt = DocxParagraph(element, out).paragraph_format
    fmt.page_break_before, fmt.space_before = True, Pt(0)
