"""Word footnotes: the footnotes part (python-docx has none), filled as the writer meets them."""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from generator.writers.docx import oxml, styles as st

FOOTNOTES_PART = "/word/footnotes.xml"


class Footnotes:
    """The report's footnotes in reading order; Word numbers them 1, 2, … through the document."""

    def __init__(self) -> None:
        self.root = oxml.footnotes_root()

    def add(self) -> tuple[int, object]:
        """A new footnote: its id and the w:p its text goes into (after the number mark)."""
        note_id = len(self.root) - len(oxml.SEPARATOR_IDS) + 1
        note, paragraph = oxml.footnote(note_id, st.style_id(st.FOOTNOTE_TEXT), st.style_id(st.FOOTNOTE_REFERENCE))
        self.root.append(note)
        return note_id, paragraph

    def finish(self, out) -> None:
        """Store the footnotes part, if the report has any footnote."""
        if len(self.root) == len(oxml.SEPARATOR_IDS):
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI(FOOTNOTES_PART), CT.WML_FOOTNOTES, blob, out.part.package)
        out.part.relate_to(part, RT.FOOTNOTES)
        oxml.declare_footnote_separators(out.settings.element)
