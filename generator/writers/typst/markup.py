"""Document model → Typst markup: one small function per block kind (``BLOCK_WRITERS``) and per
inline kind (``INLINE_WRITERS``), calling the functions of templates/typst/report.typ for the
look. Every text is a Typst string literal (never markup to escape), each passage in another
language wrapped in ``text(lang: …)``; each body block carries a label where it starts (its
anchor, else ``START_MARK``) and is followed by a mark of where it ends (``END_MARK``):
``generator.writers.typst`` looks both up in the laid-out pages."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from generator.check.glyphs import printable
from generator.config import Profile
from generator.doc.fill import leads_in
from generator.doc.languages import segments, subtags
from generator.doc.model import (
    SVG_TEXT, Block, Diagram, Document, Emphasis, Footnote, Heading, Inline, ListBlock, PageBreak, Paragraph, Photo,
    Signature, Strong, Table, TableOfContents, Text,
)
from generator.writers.geometry import group_cover
from generator.writers.tables import column_weights, place_cells
from generator.writers.typst.style import derived

#: The labels of the marks where each body block ends: this and its place in the body as printed.
END_MARK = "end-of-"
#: The label of a body block without an anchor (where it starts): this and its place, as above.
START_MARK = "start-of-"
#: CSS pixels per inch: a photo's natural size, as the HTML engine prints it.
PIXELS_PER_INCH = 96
MM_PER_INCH = 25.4


@dataclass
class Ctx:
    """What the writers read: the document, the profile, and how an image's path is written."""
    doc: Document
    profile: Profile
    path: Callable[[str | Path], str]       # an image file's path as the Typst source names it


def quote(text: str) -> str:
    """A Typst string literal of ``text``, every letter printable with the bundled fonts."""
    return json.dumps(printable(text), ensure_ascii=False)


# --- inline ---------------------------------------------------------------------------------

def inlines(ctx: Ctx, spans: list[Inline]) -> str:
    """Markup of inline spans: a sequence of ``#…`` expressions."""
    return "".join(INLINE_WRITERS[type(span)](ctx, span) for span in spans)


def content(ctx: Ctx, spans: list[Inline]) -> str:
    """A content block ``[…]`` of inline spans."""
    return f"[{inlines(ctx, spans)}]"


def words(ctx: Ctx, text: str) -> str:
    """Plain text as markup, each passage not in the report's language marked with its own."""
    return _words(text, ctx.doc.meta.language, ctx.doc.meta.english)


@lru_cache(maxsize=8192)
def _words(text: str, language: str, english: frozenset[str]) -> str:
    """``words`` of a text in a report's language (``english``: its English words, in Latin
    letters), kept: the page fill's layouts and the preview's builds mark the same texts again."""
    return "".join(f"#{quote(piece)}" if tag == language else f"#text({_lang(tag)}, {quote(piece)})"
                   for piece, tag in segments(text, language, english))


def _lang(tag: str) -> str:
    """``ru-RU`` → ``lang: "ru", region: "RU"`` (Typst takes no script: kk-Latn-KZ is kk, KZ)."""
    language, _, region = subtags(tag)
    return f'lang: "{language}"' + (f', region: "{region}"' if region else "")


def _text(ctx: Ctx, span: Text) -> str:
    return f"#highlight[#{quote(span.text)}]" if span.gap else words(ctx, span.text)


def _strong(ctx: Ctx, span: Strong) -> str:
    return f"#strong{content(ctx, span.children)}"


def _emphasis(ctx: Ctx, span: Emphasis) -> str:
    return f"#emph{content(ctx, span.children)}"


def _footnote(ctx: Ctx, span: Footnote) -> str:
    """The call here, the note at the page's foot, numbered through the report by Typst."""
    return f"#footnote{content(ctx, span.children)}"


INLINE_WRITERS: dict[type, Callable[[Ctx, Inline], str]] = {Text: _text, Strong: _strong, Emphasis: _emphasis,
                                                            Footnote: _footnote}


# --- blocks ---------------------------------------------------------------------------------

def document(ctx: Ctx, template: str) -> str:
    """The whole report: the template imported, the cover, then the body's blocks."""
    meta = ctx.doc.meta
    language, _, region = subtags(meta.language)     # Typst takes no script (kk-Latn-KZ: kk, KZ)
    year, month, day = (int(part) for part in meta.date.split("-"))
    setup = (f"(title: {quote(meta.title)}, author: {quote(meta.author)}, subject: {quote(meta.subject)}, "
             f"keywords: ({''.join(quote(k) + ', ' for k in meta.keywords)}), lang: {quote(language)}, "
             f"region: {quote(region) if region else 'none'}, year: {year}, month: {month}, day: {day})")
    cover = group_cover(ctx.doc.cover)
    parts = [f"#import {quote(template)}: *",
             "#let p = json(bytes(sys.inputs.profile))",
             f"#show: report.with(p, {setup})",
             f"#cover(p, [\n{blocks(ctx, cover.top)}\n], [\n{_cover_middle(ctx, cover.middle)}\n], "
             f"[\n{blocks(ctx, cover.bottom)}\n])",
             blocks(ctx, ctx.doc.body, ends=True)]
    return "\n\n".join(parts) + "\n"


def _cover_middle(ctx: Ctx, items: list[Block]) -> str:
    """The cover's title lines as one heading (the document's title, neither in the contents nor
    bookmarked), then the rest of the middle of the cover."""
    count = next((at for at, b in enumerate(items) if getattr(b, "role", "") != "cover-title"), len(items))
    if not count:
        return blocks(ctx, items)
    lines = "#linebreak()".join(f"{inlines(ctx, b.inlines)}#\" \"" for b in items[:count])
    title = (f"#align(center, heading(level: 1, outlined: false, bookmarked: false, "
             f"text(size: p.fonts.cover_title_pt * 1pt)[{lines}]))")
    return "\n\n".join(filter(None, (title, blocks(ctx, items[count:]))))


def blocks(ctx: Ctx, items: list[Block], ends: bool = False) -> str:
    """The markup of ``items``, a list's lead-in kept with its list; with ``ends``, each block
    labelled where it starts (its anchor, else ``START_MARK`` and its place among ``items``),
    and each but those kept with the next (headings, lead-ins) followed by a mark of where it
    ends (``END_MARK`` and its place)."""
    out = []
    for at, block in enumerate(items):
        following = items[at + 1] if at + 1 < len(items) else None
        made = BLOCK_WRITERS[type(block)](ctx, block)
        sticky = isinstance(block, Heading) or leads_in(block, following)
        made = f"#block(sticky: true, width: 100%)[{made}]" if leads_in(block, following) else made
        if ends and not getattr(block, "anchor", ""):
            made = _marked(f"{START_MARK}{at}", made)
        out.append(f"{made}\n{_end(at)}" if ends and not sticky else made)     # a mark would unstick it
    return "\n\n".join(out)


def _end(place: int) -> str:
    """A mark where the block before it ends: placed there, out of the flow (it takes no room and
    no spacing; a bare mark would go to the next page with what follows it)."""
    return f'#place(metadata(none))#label("{END_MARK}{place}")'


def _marked(anchor: str, made: str) -> str:
    """``made`` labelled with its anchor (where its page is looked up)."""
    return f"{made}#label({quote(anchor)})" if anchor else made


def _heading(ctx: Ctx, block: Heading) -> str:
    """A heading, bookmarked and in the contents; an appendix's on a new page, centred, its
    lettered word on a line above the title."""
    if block.appendix:
        # the bookmark reads the full text («Қосымша А. Title»): the «. » is there, unseen
        body = f"[{words(ctx, block.number)}#box(width: 0pt, hide[#\". \"])#linebreak(){words(ctx, block.text)}]"
        return (f"#pagebreak(weak: true)\n#v(p.style.line_pt * 1pt)\n#[#set align(center)\n"     # the HTML's margin kept
                f"{_marked(block.anchor, f'#heading(level: {block.level}, {body})')}]")
    return _marked(block.anchor, f"#heading(level: {block.level}, [{words(ctx, block.full_text)}])")


#: The look of each paragraph role but the body's.
ROLES = {
    "cover-ministry": lambda body: f"#align(center, strong(upper({body})))",
    "cover-title": lambda body: f"#align(center, text(size: p.fonts.cover_title_pt * 1pt, strong({body})))",
    "note": lambda body: f"#text(size: p.fonts.table_pt * 1pt, {body})",
}


def _paragraph(ctx: Ctx, block: Paragraph) -> str:
    body = content(ctx, block.inlines)
    if block.role.startswith("cover-"):
        return ROLES.get(block.role, lambda b: f"#align(center, {b})")(body)
    return f"#par({ROLES[block.role](body) if block.role in ROLES else body})"


def _list(ctx: Ctx, block: ListBlock, parent: int = 0) -> str:
    """The items with the profile's markers; a sub-list under its item, numbered again."""
    lists = ctx.profile.lists
    numbered = block.kind == "numbered"
    if numbered:
        pattern = lists.sub_numbered_format.replace("%1", str(parent)) if parent else lists.numbered_format
        before, _, after = pattern.replace("%1" if not parent else "%2", "\0").partition("\0")
        marker = f"n => {quote(before)} + str(n) + {quote(after)}"
    else:
        marker = f"[#{quote(lists.sub_bullet if parent else lists.bullet)}]"
    children = [content(ctx, item.inlines)[:-1] + (f"\n{_list(ctx, item.sublist, n)}]" if item.sublist else "]")
                for n, item in enumerate(block.items, start=1)]
    flags = f"sub: {'true' if parent else 'false'}, numbered: {'true' if numbered else 'false'}"
    return f"#items(p, {flags}, marker: {marker}, {', '.join(children)})"


def _cell(ctx: Ctx, cell, header: bool, rowspan: int, colspan: int) -> str:
    align = "center + horizon" if header and not cell.align else f"{cell.alignment} + top"
    body = content(ctx, cell.inlines)
    return (f"table.cell(colspan: {colspan}, rowspan: {rowspan}, align: {align}, "
            f"{f'strong({body})' if cell.bold else body})")


def _table(ctx: Ctx, block: Table) -> str:
    """The caption above, the header rows repeated, the continuation words; a short table whole."""
    rows = block.header + block.body
    placed = place_cells(rows, block.n_columns)
    weights = column_weights(placed, block.n_columns)
    header = [_cell(ctx, c, True, rs, cs) for r, _, rs, cs, c in placed if r < len(block.header)]
    body = [_cell(ctx, c, False, rs, cs) for r, _, rs, cs, c in placed if r >= len(block.header)]
    captions = ctx.profile.captions
    caption = f"[{words(ctx, captions.text('table', block.label, block.title))}]"
    whole = "true" if block.kept_whole(ctx.profile.tables.keep_together_rows) else "false"
    return (f"#report-table(p, {quote(block.anchor)}, {caption}, {quote(captions.continued(block.label))}, "
            f"whole: {whole}, columns: ({''.join(f'{w}fr, ' for w in weights)}), "
            f"header: ({''.join(h + ', ' for h in header)}), {', '.join(body)})")


def _diagram(ctx: Ctx, block: Diagram) -> str:
    """The program's own chart (an SVG whose words are text in the bundled fonts: the PDF's text,
    inside the figure, whose alt text a screen reader reads instead) at the profile's width."""
    profile = ctx.profile
    svg = ctx.doc.images[block.anchor].form(SVG_TEXT)
    width = min(profile.charts.width_mm, profile.page.text_width_mm)
    caption = f"[{words(ctx, profile.captions.text('diagram', block.label, block.title))}]"
    picture = f"image({quote(ctx.path(svg))}, width: {width:g}mm, alt: {quote(block.alt)})"
    return _marked(block.anchor, f"#picture(p, image, {caption}, {quote(profile.captions.diagram_position)}, "
                                 f"{picture})")


def _photo(ctx: Ctx, block: Photo) -> str:
    """The photo at its printed size (its natural size within the photo box), its caption under it;
    a placeholder's alt text says it is one."""
    width, height = photo_size_mm(ctx.profile, block)
    text = ctx.profile.captions.text("diagram", block.label, block.caption) if block.number else block.caption
    alt = f"{ctx.profile.terms.placeholder}: {block.caption}" if block.placeholder and ctx.profile.terms else block.alt
    picture = f"image({quote(ctx.path(block.path))}, width: {width:.2f}mm, height: {height:.2f}mm, alt: {quote(alt)})"
    return _marked(block.anchor, f'#picture(p, "photo", [{words(ctx, text)}], "below", {picture})')


def photo_size_mm(profile: Profile, block: Photo) -> tuple[float, float]:
    """A photo's printed size: its pixels at ``PIXELS_PER_INCH``, shrunk to the photo box at its scale."""
    with Image.open(block.path) as image:
        pixels = image.size
    width, height = (n * MM_PER_INCH / PIXELS_PER_INCH for n in pixels)
    box_width = profile.photo_box_mm()[0] * block.scale
    box_height = derived(profile)["photo_max_height_mm"] * block.scale
    shrink = min(1.0, box_width / width, box_height / height)
    return width * shrink, height * shrink


def _contents(ctx: Ctx, block: TableOfContents) -> str:
    return f"#contents(p, [{words(ctx, block.title)}])"


def _page_break(ctx: Ctx, block: PageBreak) -> str:
    return "#pagebreak(weak: true)"


def _signature(ctx: Ctx, block: Signature) -> str:
    """The approval on the cover's right half, or the signature line at the end."""
    sign = f"[{words(ctx, f'{block.line} {block.name}')}]"
    date = f"[{words(ctx, block.date)}]" if block.date else "[]"
    if block.kind == "approval":
        lines = [f"strong[{words(ctx, block.title)}]", f"[{words(ctx, block.position)}]", sign,
                 *([date] if block.date else [])]
        return f"#approval(p, {', '.join(lines)})"
    return f"#signature(p, [{words(ctx, block.position)}], {sign}, {date})"


BLOCK_WRITERS: dict[type, Callable[[Ctx, Block], str]] = {
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
