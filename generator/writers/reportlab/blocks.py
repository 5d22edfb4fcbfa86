"""Document model → reportlab flowables: one small function per block kind (``BLOCK_WRITERS``) and
per inline kind (``INLINE_WRITERS``, to reportlab's paragraph markup). Nothing here reads files
but the drawn charts and the photos the model names."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, TableStyle
from reportlab.platypus import PageBreak as Break
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import Table as Grid

from generator.doc.model import (
    Block,
    Diagram,
    Document,
    Emphasis,
    Heading,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Photo,
    Strong,
    Table,
    TableOfContents,
    Text,
)
from generator.writers.reportlab.contents import entry
from generator.writers.reportlab.figures import IMAGE_FORMS, Chart, photo
from generator.writers.reportlab.styles import Styles
from generator.writers.geometry import CELL_PADDING_MM, RULE_PT
from generator.writers.tables import column_weights, place_cells



@dataclass
class Ctx:
    """What the block writers read: the document, its styles, the frame's width; and the anchors
    each flowable that starts a heading, table or diagram carries."""
    doc: Document
    styles: Styles
    width: float                                   # the text width in points
    waits: dict = field(default_factory=dict)       # a drawn file's path → the wait until it is drawn

    def ready(self, image):
        """The wait for a chart's file (none if it is drawn already)."""
        stand_in = self.waits.get(Path(image.form(*IMAGE_FORMS)))
        return stand_in.ready if stand_in is not None else (lambda: None)


class Anchored(Para):
    """A paragraph that marks a place: a heading (with its outline level), a table or diagram caption."""

    def __init__(self, text, style=None, *args, anchor: str = "", outline: int | None = None,
                 title: str = "", **kw):
        super().__init__(text, style, *args, **kw)
        self.anchor, self.outline, self.title = anchor, outline, title

    def draw(self):
        if getattr(self, "anchor", ""):
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)
        super().draw()


# --- inline ---------------------------------------------------------------------------------

def markup(ctx: Ctx, inlines: list[Inline]) -> str:
    """reportlab paragraph markup for inline spans, escaped."""
    return "".join(INLINE_WRITERS[type(span)](ctx, span) for span in inlines)


def _text(ctx: Ctx, span: Text) -> str:
    text = letters(ctx, span.text)
    return f'<span backColor="{ctx.styles.profile.draft.css_colour}">{text}</span>' if span.gap else text


def _strong(ctx: Ctx, span: Strong) -> str:
    return f"<b>{markup(ctx, span.children)}</b>"


def _emphasis(ctx: Ctx, span: Emphasis) -> str:
    return f"<i>{markup(ctx, span.children)}</i>"


INLINE_WRITERS: dict[type, Callable[[Ctx, Inline], str]] = {Text: _text, Strong: _strong, Emphasis: _emphasis}


def letters(ctx: Ctx, text: str) -> str:
    """``text`` escaped; a run of letters the body font lacks set in the first bundled fallback that has them."""
    out, run, run_font = [], [], None
    for ch in text:
        font = None if ord(ch) in ctx.styles.letters or ch.isspace() else _fallback(ctx, ord(ch))
        if font != run_font and run:
            out.append(_in_font(escape("".join(run)), run_font))
            run = []
        run.append(ch)
        run_font = font
    out.append(_in_font(escape("".join(run)), run_font))
    return "".join(out)


def _fallback(ctx: Ctx, code: int) -> str | None:
    return ctx.styles.fallbacks.face_for(code)


def _in_font(text: str, font: str | None) -> str:
    return f'<font face="{font}">{text}</font>' if font and text else text


# --- blocks ---------------------------------------------------------------------------------

def flowables(ctx: Ctx, blocks: list[Block]) -> list:
    """The flowables of ``blocks``, in order."""
    return [f for block in blocks for f in BLOCK_WRITERS[type(block)](ctx, block)]


def _heading(ctx: Ctx, block: Heading) -> list:
    """Bold, kept with what follows, a bookmark and a contents entry (see ``pages``)."""
    text = letters(ctx, block.full_text)
    return [Anchored(text, ctx.styles["heading"], anchor=block.anchor, outline=block.level, title=block.full_text)]


def _paragraph(ctx: Ctx, block: Paragraph) -> list:
    text = markup(ctx, block.inlines)
    if block.role == "cover-ministry":
        text = markup(ctx, [Text(t.text.upper(), t.source, t.gap) if isinstance(t, Text) else t for t in block.inlines])
    return [Para(text, ctx.styles[block.role])]


def _list(ctx: Ctx, block: ListBlock) -> list:
    """Each item a paragraph starting at the indent with its marker: ``1)`` or the bullet."""
    lists = ctx.styles.profile.lists
    out = []
    for n, item in enumerate(block.items, start=1):
        marker = lists.numbered_format.replace("%1", str(n)) if block.kind == "numbered" else lists.bullet
        out.append(Para(f"{escape(marker)} {markup(ctx, item.inlines)}", ctx.styles["list"]))
    return out


def _table(ctx: Ctx, block: Table) -> list:
    """The caption above, header rows repeated on each page, spans, a short table kept whole."""
    rows = block.header + block.body
    n_cols = block.n_columns
    placed = place_cells(rows, n_cols)
    grid = [[""] * n_cols for _ in rows]
    style = [("GRID", (0, 0), (-1, -1), RULE_PT, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTNAME", (0, 0), (-1, -1), ctx.styles.font),         # else reportlab names Helvetica
             *((side, (0, 0), (-1, -1), CELL_PADDING_MM * mm)
               for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))]
    if block.header:
        style.append(("VALIGN", (0, 0), (-1, len(block.header) - 1), "MIDDLE"))
    for r, c, rowspan, colspan, cell in placed:
        role = "cell-header" if r < len(block.header) else "cell-numeric" if cell.numeric else "cell"
        text = markup(ctx, cell.inlines)
        grid[r][c] = Para(f"<b>{text}</b>" if cell.bold else text, ctx.styles[role])
        if rowspan > 1 or colspan > 1:
            style.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
    weights = column_weights(placed, n_cols)
    table = Grid(grid, colWidths=[ctx.width * w / sum(weights) for w in weights],
                 repeatRows=len(block.header), style=TableStyle(style), splitInRow=0)
    caption = Anchored(letters(ctx, ctx.styles.profile.captions.text("table", block.number, block.title)),
                       ctx.styles["table-caption"], anchor=block.anchor)
    parts = [caption, table]
    if len(rows) <= ctx.styles.profile.tables.keep_together_rows:
        parts = [KeepTogether(parts)]
    return [Spacer(0, ctx.styles.line), *parts, Spacer(0, ctx.styles.line)]


def _diagram(ctx: Ctx, block: Diagram) -> list:
    """The chart as vectors at the profile's width, its numbered caption above or below; kept whole."""
    profile = ctx.styles.profile
    caption = Anchored(letters(ctx, profile.captions.text("diagram", block.number, block.title)),
                       ctx.styles["diagram-caption"], anchor=block.anchor)
    image = ctx.doc.images[block.anchor]
    drawing = Chart(image, min(profile.charts.width_mm * mm, ctx.width), ctx.styles.font, ctx.ready(image))
    parts = [caption, drawing] if profile.captions.diagram_position == "above" else [drawing, caption]
    return [Spacer(0, ctx.styles.line), KeepTogether(parts), Spacer(0, ctx.styles.line)]


def _photo(ctx: Ctx, block: Photo) -> list:
    """The photo (or its placeholder) shrunk to the photo box, its caption under it; kept whole."""
    picture = photo(block.path, ctx.styles, ctx.width)
    caption = Para(letters(ctx, block.caption), ctx.styles["photo-caption"])
    return [Spacer(0, ctx.styles.line), KeepTogether([picture, caption]), Spacer(0, ctx.styles.line)]


def _contents(ctx: Ctx, block: TableOfContents) -> list:
    """The title, then every heading of the body with its page (written once it is known)."""
    indent = ctx.styles.profile.paragraph.first_line_indent_mm
    lines = [entry(letters(ctx, h.full_text), h.anchor, h.level, ctx.styles["toc"], indent)
             for h in ctx.doc.body if isinstance(h, Heading)]
    return [Para(letters(ctx, block.title), ctx.styles["toc-title"]), *lines, Spacer(0, ctx.styles.line)]


def _page_break(ctx: Ctx, block: PageBreak) -> list:
    return [Break()]


BLOCK_WRITERS: dict[type, Callable[[Ctx, Block], list]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    ListBlock: _list,
    Table: _table,
    Diagram: _diagram,
    Photo: _photo,
    TableOfContents: _contents,
    PageBreak: _page_break,
}
