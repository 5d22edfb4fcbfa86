"""Document model → DOCX: one function per block kind, a dispatch table, the same bytes every time."""
from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterator

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu, Mm, Twips

from generator.config import Profile
from generator.doc.model import (
    Block, Diagram, Document, Emphasis, Heading, Inline, ListBlock, PageBreak, Paragraph, Photo,
    Strong, Table, TableOfContents, Text, plain_text,
)
from generator.writers.docx import oxml, styles as st
from generator.writers.docx.sources import SourceMarks

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WORD_COMPAT_MODE = 15          # Word 2013+: tables start at the margin, not a cell padding left
BOOKMARK_MAX = 40
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@dataclass
class _Ctx:
    """What block writers share: the inputs (read-only) and the ids handed out so far."""
    doc: Document
    profile: Profile
    out: docx.document.Document
    page_numbers: dict[str, int] | None
    bookmarks: dict[int, str]
    abstract_ids: dict[str, int] = field(default_factory=dict)
    num_ids: Iterator[int] = field(default_factory=itertools.count)
    bookmark_ids: Iterator[int] = field(default_factory=itertools.count)
    marks: SourceMarks = field(default_factory=SourceMarks)
    style_ids: dict[str, str | None] = field(default_factory=dict)

    def add_paragraph(self, style: str, text: str = "") -> docx.text.paragraph.Paragraph:
        """``out.add_paragraph(text, style=style)``, the style's id looked up once per name."""
        p = self.out.add_paragraph(text)
        set_style(self, p, style)
        return p


def set_style(ctx: _Ctx, paragraph, style: str) -> None:
    """``paragraph.style = style``, the same XML, but the style's id is looked up once per name.

    python-docx resolves the name through every style of the document on each assignment (to
    leave out the default style's id): half the DOCX's writing time, and more as it grows.
    """
    if style not in ctx.style_ids:
        ctx.style_ids[style] = ctx.out.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    paragraph._p.style = ctx.style_ids[style]


def write_docx(doc: Document, profile: Profile, path: Path,
               page_numbers: dict[str, int] | None = None) -> None:
    """Write ``doc`` as a DOCX file at ``path``; same inputs, same bytes."""
    out = docx.Document()
    st.define_styles(out, profile)
    _set_up_page(out, profile)
    _set_properties(out, doc)
    ctx = _Ctx(doc, profile, out, page_numbers, _bookmark_names(doc))
    _set_up_numbering(ctx)
    for block in doc.blocks():
        BLOCK_WRITERS[type(block)](ctx, block)
    ctx.marks.finish(out, doc)
    buffer = BytesIO()
    out.save(buffer)
    Path(path).write_bytes(_normalised_zip(buffer.getvalue()))


# --- blocks ---------------------------------------------------------------------------------------

def _write_heading(ctx: _Ctx, block: Heading) -> None:
    """A Heading 1/2 paragraph wrapped in the bookmark its TOC entry points to."""
    style = st.HEADING_STYLES.get(block.level, st.HEADING_2)
    p = ctx.add_paragraph(style, block.full_text)
    oxml.add_bookmark(p._p, next(ctx.bookmark_ids), ctx.bookmarks[id(block)])
    ctx.marks.paragraph(block.source, p)


def _write_paragraph(ctx: _Ctx, block: Paragraph) -> None:
    """A paragraph in the style of its role."""
    style = st.style_for_role(block.role)
    p = ctx.add_paragraph(style)
    if style in st.FRAMED_STYLES:   # LibreOffice ignores a frame given only by the style
        oxml.set_bottom_frame(p._p, Mm(st.text_width_mm(ctx.profile)).twips)
    _add_inlines(ctx, p, block.inlines)
    ctx.marks.paragraph(block.source, p)


def _write_list(ctx: _Ctx, block: ListBlock) -> None:
    """List items numbered by a list instance of their own, so every list starts at 1."""
    kind = "numbered" if block.kind == "numbered" else "bulleted"
    num_id = next(ctx.num_ids)
    oxml.add_num(ctx.out.part.numbering_part.element, num_id, ctx.abstract_ids[kind])
    style = st.LIST_NUMBER if kind == "numbered" else st.LIST_BULLET
    for item in block.items:
        p = ctx.add_paragraph(style)
        oxml.set_num_pr(p._p, num_id)
        _add_inlines(ctx, p, item.inlines)
        ctx.marks.paragraph(item.source, p)


def _write_table(ctx: _Ctx, block: Table) -> None:
    """A numbered caption, then a grid table with repeating header rows and merged cells."""
    _write_caption(ctx, "table", block.number, block.title, st.TABLE_CAPTION)
    rows = [*block.header, *block.body]
    n_cols = block.n_columns
    placed = _place_cells(rows, n_cols)
    table = ctx.out.add_table(rows=len(rows), cols=n_cols)
    table.style = ctx.out.styles[st.TABLE_GRID]
    widths = _column_widths(placed, n_cols, Mm(st.text_width_mm(ctx.profile)).twips)
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    for index, row in enumerate(table.rows):
        oxml.forbid_row_split(row._tr)
        if index < len(block.header):
            oxml.mark_header_row(row._tr)
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)
    oxml.set_table_geometry(table._tbl, sum(widths))
    for r, c, rowspan, colspan, cell in placed:
        target = table.cell(r, c)
        if rowspan > 1 or colspan > 1:
            target = target.merge(table.cell(r + rowspan - 1, c + colspan - 1))
        header = r < len(block.header)
        style = st.TABLE_HEADING if header else st.TABLE_NUMBER if cell.numeric else st.TABLE_TEXT
        paragraph = target.paragraphs[0]
        set_style(ctx, paragraph, style)
        if cell.align and cell.align != st.TABLE_ALIGN[style]:
            paragraph.alignment = st.ALIGNMENTS[cell.align]
        _add_inlines(ctx, paragraph, cell.inlines, bold=cell.bold)
        ctx.marks.paragraph(cell.source, paragraph)
        if header:
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if len(rows) <= ctx.profile.tables.keep_together_rows:
        _keep_rows_together(table)
    elif block.header:
        _keep_header_with_body(table, len(block.header))


def _keep_rows_together(table) -> None:
    """Word keeps a table on one page when every row but the last keeps with the next."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _keep_header_with_body(table, n_header: int) -> None:
    """A long table's header rows stay with its first body row (not alone at a page's foot)."""
    for row in table.rows[:n_header]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _write_diagram(ctx: _Ctx, block: Diagram) -> None:
    """The drawn chart at the profile's width, its numbered caption above or below."""
    image = ctx.doc.images.get(block.anchor)
    if image is None:
        raise ValueError(f"diagram {block.anchor!r} has no drawn image in doc.images")
    above = ctx.profile.captions.diagram_position != "below"
    if above:
        _write_caption(ctx, "diagram", block.number, block.title, st.DIAGRAM_CAPTION)
    width = Mm(min(ctx.profile.charts.width_mm, st.text_width_mm(ctx.profile)))
    p = ctx.add_paragraph(st.FIGURE)
    shape = p.add_run().add_picture(image.png, width=width)
    oxml.set_alt_text(shape._inline, block.alt)
    if above:
        p.paragraph_format.keep_with_next = False   # the caption is above: nothing to keep with
    else:
        _write_caption(ctx, "diagram", block.number, block.title, st.DIAGRAM_CAPTION)


def _write_photo(ctx: _Ctx, block: Photo) -> None:
    """The photo centred, at most the text width wide, its caption under it."""
    width, height = _photo_size(block.path, ctx.profile)
    p = ctx.add_paragraph(st.FIGURE)
    shape = p.add_run().add_picture(block.path, width=width, height=height)
    oxml.set_alt_text(shape._inline, block.alt)
    ctx.marks.paragraph(block.source, ctx.add_paragraph(st.PHOTO_CAPTION, block.caption))


def _write_toc(ctx: _Ctx, block: TableOfContents) -> None:
    """A title, then a TOC field whose result already lists every heading and its page."""
    ctx.add_paragraph(st.TOC_HEADING, block.title)
    entries = [b for b in ctx.doc.blocks() if isinstance(b, Heading) and b.level <= 2]
    if not entries:
        p = ctx.add_paragraph(st.TOC_1)
        p._p.extend([*oxml.field_begin(TOC_INSTRUCTION), oxml.field_end()])
        return
    pages = ctx.page_numbers or {}
    for index, heading in enumerate(entries):
        p = ctx.add_paragraph(st.TOC_STYLES[heading.level])
        if index == 0:
            p._p.extend(oxml.field_begin(TOC_INSTRUCTION))
        name = ctx.bookmarks[id(heading)]
        link = oxml.hyperlink_to(p._p, name)
        link.append(oxml.text_run(heading.full_text))
        if heading.anchor in pages:
            link.append(oxml.tab_run())
            link.extend(oxml.field_runs(f" PAGEREF {name} \\h ", str(pages[heading.anchor])))
        if index == len(entries) - 1:
            p._p.append(oxml.field_end())


def _write_page_break(ctx: _Ctx, block: PageBreak) -> None:
    """A page break."""
    ctx.add_paragraph(st.NORMAL).add_run().add_break(WD_BREAK.PAGE)


BLOCK_WRITERS: dict[type, Callable[[_Ctx, Block], None]] = {
    Heading: _write_heading,
    Paragraph: _write_paragraph,
    ListBlock: _write_list,
    Table: _write_table,
    Diagram: _write_diagram,
    Photo: _write_photo,
    TableOfContents: _write_toc,
    PageBreak: _write_page_break,
}


# --- pieces -----------------------------------------------------------------------------------

def _add_inlines(ctx: _Ctx, p, inlines: list[Inline], bold: bool = False, italic: bool = False) -> None:
    """Runs for inline spans: Strong bold, Emphasis italic, nested spans combined; a figure not
    filled in yet highlighted in the profile's colour; each figure's run marked with its source."""
    for span in inlines:
        if isinstance(span, Text):
            run = p.add_run(span.text)
            if span.gap:
                run.font.highlight_color = WD_COLOR_INDEX[ctx.profile.draft.highlight.upper()]
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            ctx.marks.run(span.source, run)
        else:
            _add_inlines(ctx, p, span.children, bold or isinstance(span, Strong), italic or isinstance(span, Emphasis))


def _write_caption(ctx: _Ctx, kind: str, number: int, title: str, style: str) -> None:
    """A caption from the profile's pattern, its number a SEQ field with the result filled in."""
    captions = ctx.profile.captions
    before, after = captions.split(kind)
    label = getattr(captions, f"{kind}_label")
    p = ctx.add_paragraph(style)
    if before:
        p.add_run(before.replace("{title}", title))
    p._p.extend(oxml.field_runs(f" SEQ {label} \\* ARABIC ", str(number)))
    if after:
        p.add_run(after.replace("{title}", title))


def _place_cells(rows, n_cols: int) -> list[tuple]:
    """Each cell's (row, column, rowspan, colspan, cell) on the grid, skipping spanned slots."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= n_cols:
                break
            rowspan = max(1, min(cell.rowspan, len(rows) - r))
            colspan = max(1, min(cell.colspan, n_cols - c))
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            placed.append((r, c, rowspan, colspan, cell))
            c += colspan
    return placed


def _column_widths(placed, n_cols: int, total: int) -> list[int]:
    """Column widths in twips summing to ``total``, by each column's longest unspanned cell."""
    low, high = st.COLUMN_CHARS
    weights = [low] * n_cols
    for _, c, _, colspan, cell in placed:
        if colspan == 1:
            chars = len(plain_text(cell.inlines)) + st.COLUMN_PADDING_CHARS
            weights[c] = max(weights[c], min(chars, high))
    widths = [total * w // sum(weights) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _photo_size(path: str, profile: Profile) -> tuple[Emu, Emu]:
    """The photo's size at its own resolution, shrunk to fit the text width and height share."""
    image = Image.from_file(path)
    max_w = Mm(min(st.text_width_mm(profile), profile.photos.max_width_mm))
    max_h = Mm(min(st.text_height_mm(profile) * st.PHOTO_MAX_HEIGHT_SHARE, profile.photos.max_height_mm))
    scale = min(1.0, max_w / image.width, max_h / image.height)
    return Emu(int(image.width * scale)), Emu(int(image.height * scale))


def _bookmark_names(doc: Document) -> dict[int, str]:
    """A unique Word bookmark name (≤ 40 chars, _Toc_ + letters, digits, _) for each heading."""
    names: dict[int, str] = {}
    used: set[str] = set()
    headings = [b for b in doc.blocks() if isinstance(b, Heading)]
    for index, heading in enumerate(headings, start=1):
        base = "_Toc_" + re.sub(r"[^0-9A-Za-z_]", "_", heading.anchor or f"h{index}")
        name, k = base[:BOOKMARK_MAX], 1
        while name in used:
            suffix = f"_{k}"
            name, k = base[:BOOKMARK_MAX - len(suffix)] + suffix, k + 1
        used.add(name)
        names[id(heading)] = name
    return names


# --- document setup -----------------------------------------------------------------------------

def _set_up_page(out, profile: Profile) -> None:
    """Page size, margins, and a centred PAGE field in the header or footer, none on page 1."""
    page = profile.page
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.header_distance = Mm(page.margin_top_mm / 2)
    section.footer_distance = Mm(page.margin_bottom_mm / 2)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    top = page.number_position == "top"
    part = section.header if top else section.footer
    p = part.paragraphs[0]
    p.style = out.styles[st.HEADER if top else st.FOOTER]
    p._p.extend(oxml.field_runs(" PAGE ", ""))
    oxml.tidy_settings(out.settings.element, WORD_COMPAT_MODE)


def _set_up_numbering(ctx: _Ctx) -> None:
    """Add the numbered ("%1)") and bulleted list definitions; list instances follow them."""
    numbering = ctx.out.part.numbering_part.element
    last_abstract, last_num = oxml.max_ids(numbering)
    indent = Mm(ctx.profile.paragraph.first_line_indent_mm).twips
    font, lists = ctx.profile.fonts.docx_body, ctx.profile.lists
    ctx.abstract_ids = {"numbered": last_abstract + 1, "bulleted": last_abstract + 2}
    oxml.add_abstract_num(numbering, last_abstract + 1, "decimal", lists.numbered_format, indent, font)
    oxml.add_abstract_num(numbering, last_abstract + 2, "bullet", lists.bullet, indent, font)
    ctx.num_ids = itertools.count(last_num + 1)


def _set_properties(out, doc: Document) -> None:
    """Core properties from the metadata, dated by its fixed date; no leftovers of the template."""
    meta = doc.meta
    props = out.core_properties
    props.title, props.author, props.subject = meta.title, meta.author, meta.subject
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.comments, props.category = "", ""
    props.created = props.modified = props.last_printed = datetime.fromisoformat(meta.date)
    props.revision = 1
    props.last_modified_by = meta.author
    _drop_relationships(out.part.package.rels, RT.THUMBNAIL)
    _drop_relationships(out.part.rels, STYLES_WITH_EFFECTS)


def _drop_relationships(rels, reltype: str) -> None:
    """Forget the template's parts of one type (its thumbnail, its stale Word 2010 styles)."""
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == reltype]:
        rels.pop(r_id)


def _normalised_zip(data: bytes) -> bytes:
    """The package re-zipped in its own order with fixed timestamps and compression."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
