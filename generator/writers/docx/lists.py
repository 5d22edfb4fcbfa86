"""Lists in the DOCX: Word numbering definitions of one or two levels, and their paragraphs."""
from __future__ import annotations

import itertools

from docx.shared import Mm

from generator.doc.model import ListBlock
from generator.writers.docx import oxml, styles as st
from generator.writers.docx.context import DocxContext, add_inlines

WORD_FORMATS = {"numbered": "decimal", "bulleted": "bullet"}


def set_up_numbering(ctx: DocxContext) -> None:
    """Replace the template's lists by the numbered ("%1)") and bulleted one-level definitions, and
    number the list styles with them; list instances follow."""
    numbering = ctx.out.part.numbering_part.element
    oxml.clear_numbering(numbering)
    ctx.abstract_ids = {}
    ctx.num_ids = itertools.count(oxml.max_ids(numbering)[1] + 1)
    for kind, style in (("numbered", st.LIST_NUMBER), ("bulleted", st.LIST_BULLET)):
        num_id = next(ctx.num_ids)      # a list a reviewer starts in the style is numbered too
        oxml.add_num(numbering, num_id, _definition(ctx, (kind,)))
        oxml.set_num_pr(ctx.out.styles[style].element, num_id)


def write_list(ctx: DocxContext, block: ListBlock) -> None:
    """List items numbered by a list instance of their own, so every list starts at 1; sub-items
    at the definition's second level, numbered again from 1 under each item."""
    sub = next((item.sublist.kind for item in block.items if item.sublist), None)
    key = (block.kind,) if sub is None else (block.kind, sub)
    num_id = next(ctx.num_ids)
    oxml.add_num(ctx.out.part.numbering_part.element, num_id, _definition(ctx, key))
    for item in block.items:
        _item(ctx, block.kind, item, num_id, 0)
        for sub_item in item.sublist.items if item.sublist else ():
            _item(ctx, item.sublist.kind, sub_item, num_id, 1)


def _item(ctx: DocxContext, kind: str, item, num_id: int, level: int) -> None:
    p = ctx.add_paragraph(st.LIST_NUMBER if kind == "numbered" else st.LIST_BULLET)
    oxml.set_num_pr(p._p, num_id, level)
    add_inlines(ctx, p, item.inlines)
    ctx.marks.paragraph(item.source, p)


def _definition(ctx: DocxContext, key: tuple) -> int:
    """The abstract list definition of ``key`` (its kind, and its sub-items' kind), added once."""
    if key not in ctx.abstract_ids:
        numbering = ctx.out.part.numbering_part.element
        abstract_id = oxml.max_ids(numbering)[0] + 1
        lists, indent = ctx.profile.lists, Mm(ctx.profile.paragraph.first_line_indent_mm).twips
        sub_left = Mm(lists.sub_indent_mm).twips
        texts = {0: {"numbered": lists.numbered_format, "bulleted": lists.bullet},
                 1: {"numbered": lists.sub_numbered_format, "bulleted": lists.sub_bullet}}
        levels = [(WORD_FORMATS[kind], texts[level][kind], sub_left if level else 0, indent)
                  for level, kind in enumerate(key)]
        oxml.add_abstract_num(numbering, abstract_id, levels, ctx.profile.fonts.docx_body)
        ctx.abstract_ids[key] = abstract_id
    return ctx.abstract_ids[key]
