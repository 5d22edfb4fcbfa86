"""The contents in one layout pass: each line is its heading, a dotted leader and a page number
drawn as a form (a PDF XObject) that is written once the heading's page is known, so the pages
are laid out and painted once, not again for the numbers (reportlab's ``multiBuild``)."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

LEADER = "."
NUMBER_ROOM = "000"           # the widest page number kept free at the right of each line
CALLBACK = "contents-line-end"


def form_name(anchor: str) -> str:
    return f"page-of-{anchor}"


def entry(text: str, anchor: str, level: int, style: ParagraphStyle, indent_mm: float) -> Paragraph:
    """A contents line linked to ``anchor``; its leader and number are drawn where its text ends."""
    room = stringWidth(NUMBER_ROOM, style.fontName, style.fontSize)
    line = ParagraphStyle(f"contents-{level}", parent=style, leftIndent=(level - 1) * indent_mm * mm,
                          rightIndent=room, firstLineIndent=0)
    return Paragraph(f'<a href="#{anchor}">{text}</a><onDraw name="{CALLBACK}" label="{anchor}"/>', line)


def line_end(width: float, font: str, size: float):
    """The canvas callback that draws a line's leader up to the number and the number's form."""
    def draw(canv: Canvas, kind: str, anchor: str) -> None:
        x, y = canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"]
        room = stringWidth(NUMBER_ROOM, font, size)
        dots = int((width - room - x) / stringWidth(LEADER, font, size))
        canv.saveState()
        canv.setFont(font, size)
        if dots > 0:
            canv.drawRightString(width - room, y, LEADER * dots)
        canv.translate(width, y)
        canv.doForm(form_name(anchor))
        canv.restoreState()
    return draw


def write_numbers(canv: Canvas, pages: dict[str, int], anchors: list[str], font: str, size: float) -> None:
    """Each contents line's page number, right-aligned at the form's origin (before the file is saved)."""
    for anchor in anchors:
        number = str(pages.get(anchor, ""))
        width = stringWidth(number, font, size)
        canv.beginForm(form_name(anchor), lowerx=-width, lowery=-size, upperx=0, uppery=size)   # the box it shows
        canv.setFont(font, size)
        canv.drawRightString(0, 0, number)
        canv.endForm()
