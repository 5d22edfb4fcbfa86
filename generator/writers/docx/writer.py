"""Document model → DOCX: one function per block kind, a dispatch table, the same bytes every time."""
from __future__ import annotations

import base64
import copy
import dataclasses
import re
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Callable

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.charts.canvas import chart_size_mm
from generator.config import Profile
from generator.doc.fill import Fill, leads_in
from generator.doc.model import (
    Block, Diagram, Document, Heading, ListBlock, PageBreak, Paragraph, Photo, Signature,
    Table, TableOfContents,
)
from generator.doc.provenance import Made, What
from generator.writers.docx import oxml, styles as st
from generator.writers.docx.charts import add_chart_part
from generator.writers.docx.context import INLINE_WRITERS, DocxContext, add_inlines, set_style, text_runs  # noqa: F401 (the registry reads INLINE_WRITERS here)
from generator.writers.docx.lists import set_up_numbering, write_list
from generator.writers.docx.pages import paginate
from generator.writers.docx.properties import word_count
from generator.writers.docx.signature import write_signature
from generator.writers.docx.sources import MapEntry
from generator.writers.geometry import CELL_PADDING_MM, line_pt, picture_foot_pt
from generator.writers.tables import column_weights, place_cells

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WORD_COMPAT_MODE = 15          # Word 2013+: tables start at the margin, not a cell padding left
BOOKMARK_MAX = 40
BLANK_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==")   # one white pixel
APP_PART = "/docProps/app.xml"
APPLICATION = "generate-report"     # the program, as docProps/app.xml names it
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def write_docx(doc: Document, profile: Profile, path: Path,
               page_numbers: dict[str, int] | None = None, fill: Fill | None = None) -> None:
    """Write ``doc`` as a DOCX file at ``path``; same inputs, same bytes. ``fill``: the page fill
    of the writer that laid out ``page_numbers``: its order, scales and splits are applied, and
    each block that starts a page there starts one here (``page_break_before``: Word and
    LibreOffice then break where the PDF breaks, whatever their own line heights)."""
    ctx = _compose(doc, profile, page_numbers, fill or Fill())
    ctx.marks.finish(ctx.out, doc)
    ctx.footnotes.finish(ctx.out)
    buffer = BytesIO()
    ctx.out.save(buffer)
    Path(path).write_bytes(_normalised_zip(buffer.getvalue()))


def source_pieces(doc: Document, profile: Profile) -> list[MapEntry]:
    """What the source map of ``doc``'s DOCX holds: the entry of each marked piece. Nothing is
    written and nothing drawn: photos are a blank pixel here (the charts are Word's own, drawn
    from no file)."""
    blank = copy.copy(doc)
    blank.cover, blank.body = [_blank(b) for b in doc.cover], [_blank(b) for b in doc.body]
    return _compose(blank, profile, None, Fill()).marks.names


def _blank(block: Block) -> Block:
    return dataclasses.replace(block, path=BytesIO(BLANK_PNG)) if isinstance(block, Photo) else block


def _compose(doc: Document, profile: Profile, page_numbers: dict[str, int] | None, fill: Fill) -> DocxContext:
    """The document written into a python-docx Document, in memory, as ``fill`` prints it."""
    keys, breaks, doc = fill.keys(doc), fill.breaks_before(doc), fill.printed(doc)
    out = docx.Document()
    st.define_styles(out, profile, doc.meta.language)
    _set_up_page(out, profile, doc.meta.language)
    _set_properties(out, doc)
    ctx = DocxContext(doc, profile, out, page_numbers, _bookmark_names(doc))
    set_up_numbering(ctx)
    previous, blocks = None, doc.blocks()
    for place, block in enumerate(blocks, -len(doc.cover)):
        ctx.marks.block = keys[place] if place >= 0 else -1
        start = len(out.element.body) - 1      # new blocks go before the body's last child, sectPr
        BLOCK_WRITERS[type(block)](ctx, block)
        if isinstance(previous, Table) and len(out.element.body) - 1 > start:
            _space_after_table(ctx, out.element.body[start])
        following = blocks[len(doc.cover) + place + 1] if place + 1 < len(doc.body) else None
        paginate(out, out.element.body[start:-1], place in breaks, leads_in(block, following))
        previous = block
    ctx.marks.name_in_built_order()
    return ctx


# --- blocks ---------------------------------------------------------------------------------------

def _write_heading(ctx: DocxContext, block: Heading) -> None:
    """A Heading 1/2 paragraph wrapped in the bookmark its TOC entry points to; an appendix's on a
    new page, its «Қосымша А» on a line above the title."""
    if block.appendix:
        p = ctx.add_paragraph(st.APPENDIX_HEADING)
        text_runs(ctx, p, block.number)[-1].add_break()
        text_runs(ctx, p, block.text)
    else:
        p = ctx.add_paragraph(st.HEADING_STYLES.get(block.level, st.HEADING_2))
        text_runs(ctx, p, block.full_text)
    oxml.add_bookmark(p._p, next(ctx.bookmark_ids), ctx.bookmarks[id(block)])
    ctx.marks.paragraph(block.source, p)


def _write_paragraph(ctx: DocxContext, block: Paragraph) -> None:
    """A paragraph in the style of its role."""
    style = st.style_for_role(block.role)
    p = ctx.add_paragraph(style)
    if style in st.FRAMED_STYLES:   # LibreOffice ignores a frame given only by the style
        oxml.set_bottom_frame(p._p, Mm(st.text_width_mm(ctx.profile)).twips)
    add_inlines(ctx, p, block.inlines)
    ctx.marks.paragraph(block.source, p)


def _write_table(ctx: DocxContext, block: Table) -> None:
    """A numbered caption, then a grid table with repeating header rows and merged cells."""
    _write_caption(ctx, "table", block, st.TABLE_CAPTION)
    rows = [*block.header, *block.body]
    n_cols = block.n_columns
    placed = place_cells(rows, n_cols)
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
    oxml.set_table_geometry(table._tbl, sum(widths), Mm(CELL_PADDING_MM).twips)
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
        add_inlines(ctx, paragraph, cell.inlines, bold=cell.bold)
        ctx.marks.paragraph(cell.source, paragraph)
        if header:
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if block.kept_whole(ctx.profile.tables.keep_together_rows):
        _keep_rows_together(table)
    elif block.header:
        _keep_header_with_body(table, len(block.header))


def _space_after_table(ctx: DocxContext, element) -> None:
    """The paragraph after a table starts a line lower, as under the PDF's tables (Word's
    tables have no space after; a heading or caption there has its own line before)."""
    if element.tag != qn("w:p"):
        return
    paragraph = DocxParagraph(element, ctx.out)
    fmt, style = paragraph.paragraph_format, paragraph.style
    before = next((s.paragraph_format.space_before for s in _style_chain(style)
                   if s.paragraph_format.space_before is not None), None)
    line = Pt(line_pt(ctx.profile))
    if fmt.space_before is None and (before or 0) < line:
        fmt.space_before = line


def _style_chain(style):
    """The style, its base, its base's base, …"""
    while style is not None:
        yield style
        style = style.base_style


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


def _trace_chart(ctx: DocxContext, block: Diagram, part_name: str, chart_space) -> None:
    """Each value of a chart traced, for review, to the figure or cell it shows; every other value
    the chart holds (a stack's total, a value of no figure) as the generator's own, so an edit of
    it is named, not lost."""
    traced = set()
    for s, series in enumerate(block.chart.series):
        for i, (value, source) in enumerate(zip(series.values, series.sources)):
            if value is not None and source:
                ctx.marks.chart(part_name, s, i, value, source)
                traced.add((s, i))
    near = block.source.field if block.source else None
    for (s, i), cached in oxml.chart_values(chart_space).items():
        if (s, i) not in traced:
            ctx.marks.chart(part_name, s, i, _cached_number(cached), Made(What.CHART_VALUE, near))


def _cached_number(text: str) -> float | int | str:
    """A chart's cached value as the number it was written from (as ``repr`` gives it again)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def _write_diagram(ctx: DocxContext, block: Diagram) -> None:
    """A native Word chart (its data in an embedded workbook) at the drawn chart's size, at most
    the text width, with its alt text; the numbered caption above or below."""
    above = ctx.profile.captions.diagram_position != "below"
    if above:
        _write_caption(ctx, "diagram", block, st.DIAGRAM_CAPTION)
    width_mm, height_mm = chart_size_mm(block.chart, ctx.profile)
    scale = min(1.0, st.text_width_mm(ctx.profile) / width_mm)
    r_id, part_name = add_chart_part(ctx.out.part, block.chart, ctx.profile, ctx.doc.meta)
    _trace_chart(ctx, block, part_name, ctx.out.part.related_parts[r_id].element)
    p = ctx.add_paragraph(st.FIGURE)
    p._p.append(oxml.chart_run(r_id, ctx.out.part.next_id, Mm(width_mm * scale), Mm(height_mm * scale),
                               block.alt))
    if above:       # the caption above has the space before; the space after is the figure's
        fmt = p.paragraph_format
        fmt.keep_with_next, fmt.space_before = False, Pt(0)
        fmt.space_after = Pt(line_pt(ctx.profile) + picture_foot_pt(ctx.profile))
    else:
        _write_caption(ctx, "diagram", block, st.DIAGRAM_CAPTION)


def _write_photo(ctx: DocxContext, block: Photo) -> None:
    """The photo centred, at most the text width wide, its caption under it: numbered in the
    diagrams' sequence when it has a number."""
    width, height = _photo_size(block.path, ctx.profile, block.scale)
    p = ctx.add_paragraph(st.FIGURE)
    shape = p.add_run().add_picture(block.path, width=width, height=height)
    oxml.set_alt_text(shape._inline, block.alt)
    if block.number:
        _write_caption(ctx, "diagram", block, st.PHOTO_CAPTION)
    else:
        caption = ctx.add_paragraph(st.PHOTO_CAPTION)
        text_runs(ctx, caption, block.caption)
        ctx.marks.paragraph(block.source, caption)


def _write_toc(ctx: DocxContext, block: TableOfContents) -> None:
    """A title, then a TOC field whose result already lists every heading and its page."""
    ctx.marks.paragraph(Made(What.CONTENTS_TITLE), ctx.add_paragraph(st.TOC_HEADING, block.title))
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
            p.paragraph_format.space_after = Pt(line_pt(ctx.profile))     # as under the PDF's contents


def _write_page_break(ctx: DocxContext, block: PageBreak) -> None:
    """A page break."""
    ctx.add_paragraph(st.NORMAL).add_run().add_break(WD_BREAK.PAGE)


BLOCK_WRITERS: dict[type, Callable[[DocxContext, Block], None]] = {
    Heading: _write_heading,
    Paragraph: _write_paragraph,
    ListBlock: write_list,
    Table: _write_table,
    Diagram: _write_diagram,
    Photo: _write_photo,
    TableOfContents: _write_toc,
    PageBreak: _write_page_break,
    Signature: write_signature,
}


# --- pieces -----------------------------------------------------------------------------------

def _write_caption(ctx: DocxContext, kind: str, block: Table | Diagram | Photo, style: str) -> None:
    """A caption from the profile's pattern, its number a SEQ field with the result filled in (an
    appendix's own numbers, А.1, count in a sequence of their own); the title's runs carry the
    title's source, and the caption is marked with it."""
    captions = ctx.profile.captions
    before, after = captions.split(kind)
    label = getattr(captions, f"{kind}_label")
    sequence = f"{label}_{block.prefix.rstrip('.')}" if block.prefix else label
    p = ctx.add_paragraph(style)
    _pattern_runs(ctx, p, before, block, block.prefix)
    p._p.extend(oxml.field_runs(f" SEQ {sequence} \\* ARABIC ", str(block.number)))
    _pattern_runs(ctx, p, after, block)
    ctx.marks.paragraph(block.title_source, p)


def _pattern_runs(ctx: DocxContext, p, pattern: str, block: Table | Diagram | Photo, tail: str = "") -> None:
    """Runs for a piece of a caption pattern, the ``{title}`` in it runs of its own (one per
    language); ``tail`` (an appendix's prefix of the number) after it."""
    pieces = pattern.split("{title}")
    for i, piece in enumerate(pieces):
        if i:
            for run in text_runs(ctx, p, block.title):
                ctx.marks.run(block.title_source, run)
        text = piece + (tail if i == len(pieces) - 1 else "")
        if text:
            text_runs(ctx, p, text)


def _column_widths(placed, n_cols: int, total: int) -> list[int]:
    """Column widths in twips summing to ``total``, by each column's longest unspanned cell."""
    weights = column_weights(placed, n_cols)
    widths = [total * w // sum(weights) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _photo_size(path: str, profile: Profile, scale: float = 1.0) -> tuple[Emu, Emu]:
    """The photo's size at its own resolution, shrunk to fit the profile's photo box (``scale`` of it)."""
    image = Image.from_file(path)
    max_w, max_h = (Mm(mm) for mm in profile.photo_box_mm(scale))
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

def _set_up_page(out, profile: Profile, language: str) -> None:
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
    oxml.tidy_settings(out.settings.element, WORD_COMPAT_MODE, language)


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
    app = next(part for part in out.part.package.iter_parts() if part.partname == APP_PART)
    app._blob = oxml.app_properties(APPLICATION, word_count(doc))


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
