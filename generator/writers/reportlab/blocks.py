"""Document model → reportlab flowables: one small function per block kind (``BLOCK_WRITERS``) and
per inline kind (``INLINE_WRITERS``, to reportlab's paragraph markup). Nothing here reads files
but the photos the model names."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, TableStyle
from reportlab.platypus import PageBreak as Break
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import Table as Grid


from generator.check.glyphs import printable
from generator.doc.model import (
    Block,
    Diagram,
    Document,
    Emphasis,
    Footnote,
    Heading,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Photo,
    Signature,
    Strong,
    Table,
    TableOfContents,
    Text,
)
from generator.writers.reportlab.contents import entry
from generator.writers.reportlab.charts import chart
from generator.writers.reportlab.figures import photo
from generator.writers.reportlab.grids import ContinuedTable, fitted_widths
from generator.writers.reportlab.notes import FOOTNOTE_CALL, NoteArea, call, noted_class
from generator.writers.reportlab.styles import Styles, face_name
from generator.writers.geometry import CELL_PADDING_MM, RULE_PT
from generator.writers.tables import column_weights, place_cells



@dataclass
class Ctx:
    """What the block writers read: the document, its styles, the frame's width; and the anchors
    each flowable that starts a heading, table or diagram carries."""
    doc: Document
    styles: Styles
    width: float                                   # the text width in points
    notes: NoteArea = field(init=False)            # the footnotes, numbered from 1, and their room

    def __post_init__(self) -> None:
        self.notes = NoteArea(self.styles["footnote"], self.width)
        self.noted = noted_class(self.notes)

    def para(self, text: str, style) -> Para:
        """A paragraph of ``text``; one that calls footnotes keeps room for them (``notes.Noted``)."""
        return (self.noted if FOOTNOTE_CALL in text else Para)(text, style)


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


def _footnote(ctx: Ctx, span: Footnote) -> str:
    """The call (a raised number, counted through the report); the note is set at the page's foot
    by ``pages`` when the call is painted."""
    n = ctx.notes.add(markup(ctx, span.children))
    return f'{call(n, ctx.styles.profile.fonts.body_pt)}<onDraw name="{FOOTNOTE_CALL}" label="{n}"/>'


INLINE_WRITERS: dict[type, Callable[[Ctx, Inline], str]] = {Text: _text, Strong: _strong, Emphasis: _emphasis,
                                                            Footnote: _footnote}


def letters(ctx: Ctx, text: str) -> str:
    """``text`` escaped, each letter no bundled font has as the stand-in (``printable``: a draft's mark);
    a run of letters the body font lacks set in the first bundled fallback that has them."""
    out, run, run_font = [], [], None
    for ch in printable(text):
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
    """The flowables of ``blocks``, in order; a paragraph that leads into a list kept with its
    first item, and whatever keeps with the next (headings, lead-ins) kept with it (``kept``)."""
    out = []
    for i, block in enumerate(blocks):
        made = BLOCK_WRITERS[type(block)](ctx, block)
        if isinstance(block, Paragraph) and i + 1 < len(blocks) and isinstance(blocks[i + 1], ListBlock):
            made[-1].keepWithNext = 1
        out += made
    return kept(out, ctx.width)


def kept(parts: list, width: float) -> list:
    """Flowables that keep with the next (and the space after them) put inside the next block
    kept whole (a short table, a diagram, a photo), or behind the conditional break that starts
    a long table, made higher by theirs; reportlab itself keeps them with a plain flowable."""
    out, pending = [], []
    for part in parts:
        if part.getKeepWithNext() and not isinstance(part, (KeepTogether, CondPageBreak)) or \
                pending and type(part) is Spacer:
            pending.append(part)
            continue
        if pending and isinstance(part, KeepTogether):
            part, pending = KeepTogether([*pending, *part._content]), []
        elif pending and isinstance(part, CondPageBreak):
            part.height += sum(p.wrap(width, 1e6)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in pending)
            out += [part, *pending]
            pending = []
            continue
        out += [*pending, part]
        pending = []
    return out + pending


def _heading(ctx: Ctx, block: Heading) -> list:
    """Bold, kept with what follows, a bookmark and a contents entry (see ``pages``)."""
    if block.appendix:        # on a new page, centred, the lettered word above the title
        text = f"{letters(ctx, block.number)}<br/>{letters(ctx, block.text)}"
        return [Break(), Anchored(text, ctx.styles["appendix"], anchor=block.anchor, outline=block.level,
                                  title=block.full_text)]
    text = letters(ctx, block.full_text)
    return [Anchored(text, ctx.styles["heading"], anchor=block.anchor, outline=block.level, title=block.full_text)]


def _paragraph(ctx: Ctx, block: Paragraph) -> list:
    text = markup(ctx, block.inlines)
    if block.role == "cover-ministry":
        text = markup(ctx, [Text(t.text.upper(), t.source, t.gap) if isinstance(t, Text) else t for t in block.inlines])
    return [ctx.para(text, ctx.styles[block.role])]


def _list(ctx: Ctx, block: ListBlock, parent: int = 0) -> list:
    """Each item a paragraph starting at the indent with its marker (``1)`` or the bullet); a
    sub-list one step further in, numbered again under its item (``%2``; ``%1`` is the item's)."""
    lists = ctx.styles.profile.lists
    numbered, bullet = (lists.sub_numbered_format, lists.sub_bullet) if parent else (lists.numbered_format, lists.bullet)
    style = ctx.styles["sub-list" if parent else "list"]
    out = []
    for n, item in enumerate(block.items, start=1):
        number = numbered.replace("%1", str(parent)).replace("%2", str(n)) if parent else numbered.replace("%1", str(n))
        marker = number if block.kind == "numbered" else bullet
        out.append(ctx.para(f"{escape(marker)} {markup(ctx, item.inlines)}", style))
        if item.sublist is not None:
            out += _list(ctx, item.sublist, n)
    return out


def _table(ctx: Ctx, block: Table) -> list:
    """The caption above, header rows repeated on each page, spans, a short table kept whole."""
    rows = block.header + block.body
    n_cols = block.n_columns
    placed = place_cells(rows, n_cols)
    grid = [[""] * n_cols for _ in rows]
    style = [("GRID", (0, 0), (-1, -1), RULE_PT, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             *_grid_style(ctx, CELL_PADDING_MM * mm)]
    if block.header:
        style.append(("VALIGN", (0, 0), (-1, len(block.header) - 1), "MIDDLE"))
    for r, c, rowspan, colspan, cell in placed:
        role = "cell-header" if r < len(block.header) else "cell-numeric" if cell.numeric else "cell"
        text = markup(ctx, cell.inlines)
        grid[r][c] = Para(f"<b>{text}</b>" if cell.bold else text, ctx.styles.aligned(role, cell.align))
        if rowspan > 1 or colspan > 1:
            style.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
    weights = column_weights(placed, n_cols)
    captions = ctx.styles.profile.captions
    continued = Para(letters(ctx, captions.continued(block.label)), ctx.styles["table-continued"])
    widths = fitted_widths([ctx.width * w / sum(weights) for w in weights], placed, lambda cell: _face(ctx, cell),
                           ctx.styles["cell"].fontSize, CELL_PADDING_MM * mm)
    table = ContinuedTable(grid, colWidths=widths,
                           repeatRows=len(block.header), style=TableStyle(style), splitInRow=0,
                           continued=continued)
    short = len(rows) <= ctx.styles.profile.tables.keep_together_rows
    caption = Anchored(letters(ctx, captions.text("table", block.label, block.title)),
                       ctx.styles["table-caption" if short else "long-table-caption"], anchor=block.anchor)
    # a short table is kept whole with its caption; a long one starts where it is, its caption
    # not left alone at a page's foot (room for the caption, the header and two rows)
    parts = [KeepTogether([caption, table])] if short else \
        [CondPageBreak(caption.wrap(ctx.width, 1e6)[1] + _rows_height(table, len(block.header) + 2)), caption, table]
    return [Spacer(0, ctx.styles.line), *parts, Spacer(0, ctx.styles.line)]


def _face(ctx: Ctx, cell) -> str:
    """The face a cell's words are set in: bold for a header or a total."""
    bold = ctx.styles.profile.fonts.pdf_body
    return face_name(bold, "Bold") if cell.bold else ctx.styles.font


def _rows_height(table: Grid, n: int) -> float:
    """The height of the table's first ``n`` rows as laid out at its width."""
    table.wrap(table._colWidths and sum(table._colWidths), 1e6)
    return sum(table._rowHeights[:n])


def _diagram(ctx: Ctx, block: Diagram) -> list:
    """The chart as vectors at the profile's width, its numbered caption above or below; kept whole."""
    profile = ctx.styles.profile
    caption = Anchored(letters(ctx, profile.captions.text("diagram", block.label, block.title)),
                       ctx.styles["diagram-caption"], anchor=block.anchor)
    drawing = chart(block.chart, profile, min(profile.charts.width_mm * mm, ctx.width))
    parts = [caption, drawing] if profile.captions.diagram_position == "above" else [drawing, caption]
    return [Spacer(0, ctx.styles.line), KeepTogether(parts), Spacer(0, ctx.styles.line)]


def _photo(ctx: Ctx, block: Photo) -> list:
    """The photo (or its placeholder) shrunk to the photo box, its caption under it (numbered in
    the diagrams' sequence when it has a number); kept whole."""
    picture = photo(block.path, ctx.styles, ctx.width, block.scale)
    text = ctx.styles.profile.captions.text("diagram", block.label, block.caption) if block.number else block.caption
    caption = Para(letters(ctx, text), ctx.styles["photo-caption"])
    return [Spacer(0, ctx.styles.line), KeepTogether([picture, caption]), Spacer(0, ctx.styles.line)]


def _contents(ctx: Ctx, block: TableOfContents) -> list:
    """The title, then every heading of the body with its page (written once it is known)."""
    indent = ctx.styles.profile.paragraph.first_line_indent_mm
    lines = [entry(letters(ctx, h.full_text), h.anchor, h.level, ctx.styles["toc"], indent)
             for h in ctx.doc.body if isinstance(h, Heading)]
    return [Para(letters(ctx, block.title), ctx.styles["toc-title"]), *lines, Spacer(0, ctx.styles.line)]


def _page_break(ctx: Ctx, block: PageBreak) -> list:
    return [Break()]


def _signature(ctx: Ctx, block: Signature) -> list:
    """The approval (title, position, line and name, date) on the right half of the cover; the
    signature at the end: the position at the left, the line and name at the right."""
    date = [Para(letters(ctx, block.date), ctx.styles["plain"])] if block.date else []
    sign = letters(ctx, f"{block.line} {block.name}")
    if block.kind == "approval":
        lines = [Para(f"<b>{letters(ctx, block.title)}</b>", ctx.styles["approval"]),
                 Para(letters(ctx, block.position), ctx.styles["approval"]), Para(sign, ctx.styles["approval"]),
                 *(Para(d.text, ctx.styles["approval"]) for d in date)]
        return [Spacer(0, ctx.styles.line), *lines]
    row = Grid([[Para(letters(ctx, block.position), ctx.styles["plain"]), Para(sign, ctx.styles["sign"])]],
               colWidths=[ctx.width / 2] * 2,
               style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *_grid_style(ctx, 0)]))
    return [Spacer(0, 2 * ctx.styles.line), KeepTogether([row, *date])]


def _grid_style(ctx: Ctx, padding: float) -> list[tuple]:
    """What every grid's style says: the body font (else reportlab sets Helvetica, unembedded, at
    the grid's start, whatever its cells hold) and the cells' padding."""
    return [("FONTNAME", (0, 0), (-1, -1), ctx.styles.font),
            *((side, (0, 0), (-1, -1), padding) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))]


BLOCK_WRITERS: dict[type, Callable[[Ctx, Block], list]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    ListBlock: _list,
    Table: _table,
    Diagram: _diagram,
    Photo: _photo,
    TableOfContents: _contents,
    PageBreak: _page_break,
    Signature: _signature,
}
