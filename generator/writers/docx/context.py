"""What the DOCX block writers share: the read-only inputs, the ids handed out, and inline runs."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterator

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX

from generator.config import Profile
from generator.doc.languages import EAST_ASIAN, segments
from generator.doc.model import Document, Emphasis, Footnote, Inline, Strong, Text
from generator.writers.docx import oxml, styles as st
from generator.writers.docx.footnotes import Footnotes
from generator.writers.docx.sources import SourceMarks


@dataclass
class DocxContext:
    """What block writers share: the inputs (read-only) and the ids handed out so far."""
    doc: Document
    profile: Profile
    out: docx.document.Document
    page_numbers: dict[str, int] | None
    bookmarks: dict[int, str]
    abstract_ids: dict[tuple, int] = field(default_factory=dict)
    num_ids: Iterator[int] = field(default_factory=itertools.count)
    bookmark_ids: Iterator[int] = field(default_factory=itertools.count)
    marks: SourceMarks = field(default_factory=SourceMarks)
    footnotes: Footnotes = field(default_factory=Footnotes)
    style_ids: dict[str, str | None] = field(default_factory=dict)

    def add_paragraph(self, style: str, text: str = "") -> docx.text.paragraph.Paragraph:
        """``out.add_paragraph(text, style=style)``, the style's id looked up once per name."""
        p = self.out.add_paragraph(text)
        set_style(self, p, style)
        return p


def set_style(ctx: DocxContext, paragraph, style: str) -> None:
    """``paragraph.style = style``, the same XML, but the style's id is looked up once per name.

    python-docx resolves the name through every style of the document on each assignment (to
    leave out the default style's id): half the DOCX's writing time, and more as it grows.
    """
    if style not in ctx.style_ids:
        ctx.style_ids[style] = ctx.out.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    paragraph._p.style = ctx.style_ids[style]


def add_inlines(ctx: DocxContext, p, inlines: list[Inline], bold: bool = False, italic: bool = False,
                sourced: bool = True) -> None:
    """Runs for inline spans: Strong bold, Emphasis italic, nested spans combined; a figure not
    filled in yet highlighted in the profile's colour; each figure's run marked with its source
    (``sourced``: not inside a footnote); a Footnote as a Word footnote and its reference mark."""
    for span in inlines:
        INLINE_WRITERS[type(span)](ctx, p, span, bold, italic, sourced)


def _add_text(ctx: DocxContext, p, span: Text, bold: bool, italic: bool, sourced: bool) -> None:
    for run in text_runs(ctx, p, span.text):
        if span.gap:
            run.font.highlight_color = WD_COLOR_INDEX[ctx.profile.draft.highlight.upper()]
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if sourced:
            ctx.marks.run(span.source, run)


def _add_strong(ctx: DocxContext, p, span: Strong, bold: bool, italic: bool, sourced: bool) -> None:
    add_inlines(ctx, p, span.children, True, italic, sourced)


def _add_emphasis(ctx: DocxContext, p, span: Emphasis, bold: bool, italic: bool, sourced: bool) -> None:
    add_inlines(ctx, p, span.children, bold, True, sourced)


def _add_footnote(ctx: DocxContext, p, span: Footnote, bold: bool, italic: bool, sourced: bool) -> None:
    p._p.append(oxml.footnote_reference_run(_footnote(ctx, p, span), st.style_id(st.FOOTNOTE_REFERENCE)))


#: One function per inline kind (the registry's exhaustiveness test reads it).
INLINE_WRITERS: dict[type, Callable] = {Text: _add_text, Strong: _add_strong, Emphasis: _add_emphasis,
                                        Footnote: _add_footnote}


def text_runs(ctx: DocxContext, p, text: str) -> list:
    """Runs for ``text``, one per language: a passage not in the report's language is marked
    with its own (Word checks its spelling as such), Korean with the East Asian font too."""
    language = ctx.doc.meta.language
    runs = []
    for piece, tag in segments(text, language, ctx.doc.meta.english):
        run = p.add_run(piece)
        if tag != language:
            oxml.set_run_language(run._r, tag, ctx.profile.fonts.docx_east_asia if tag in EAST_ASIAN else None)
        runs.append(run)
    return runs


def _footnote(ctx: DocxContext, p, span: Footnote) -> int:
    """A new footnote holding the span's text; its id."""
    note_id, body = ctx.footnotes.add()
    paragraph = docx.text.paragraph.Paragraph(body, p._parent)
    add_inlines(ctx, paragraph, span.children, sourced=False)
    ctx.marks.note(paragraph)
    return note_id
