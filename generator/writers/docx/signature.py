"""The director's approval block (cover, top right) and signature line (end) in the DOCX."""
from __future__ import annotations

from generator.doc.model import Signature
from generator.doc.provenance import Field, Made, What
from generator.writers.docx import styles as st
from generator.writers.docx.context import DocxContext

APPROVED = "approved"        # report.yaml's field of the approval date, beside ``approval``


def write_signature(ctx: DocxContext, block: Signature) -> None:
    """«БЕКІТЕМІН», the position, the line and name, the date, each a line of the right half of
    the page; or, at the end, the position at the left and the line and name at the right margin.
    Each line is marked with the field it shows (the name's run with the name's), for review."""
    field = block.source if isinstance(block.source, Field) else None
    if block.kind == "approval":
        _approval(ctx, block, field)
        return
    p = ctx.add_paragraph(st.SIGNATURE)
    position = field.child("position") if field else None
    ctx.marks.run(position, p.add_run(block.position))
    p.add_run(f"\t{block.line} {block.name}")
    if block.date:
        p.runs[-1].add_break()
        p.add_run(block.date)
    ctx.marks.paragraph(position, p)


def _approval(ctx: DocxContext, block: Signature, field: Field | None) -> None:
    """The approval block's lines, each marked (the word and the date as made beside their fields)."""
    name = field.child("name") if field else None
    lines = [(block.title, Made(What.APPROVAL_WORD, field)), (block.position, field and field.child("position")),
             (f"{block.line} {block.name}", name),
             (block.date, Made(What.APPROVAL_DATE, field and field.parent.child(APPROVED)))]
    for i, (text, source) in enumerate((t, s) for t, s in lines if t):
        p = ctx.add_paragraph(st.APPROVAL)
        _runs(ctx, p, text, block.name, name if source is name else None)
        p.paragraph_format.keep_with_next = True
        if i == 0:
            p.runs[0].bold = True
        ctx.marks.paragraph(source if field else None, p)


def _runs(ctx: DocxContext, p, text: str, name: str, source: Field | None) -> None:
    """A line's runs: the name a run of its own, marked with the name's field (``source``)."""
    if source and name and text.endswith(name):
        p.add_run(text[: -len(name)])
        ctx.marks.run(source, p.add_run(name))
    else:
        p.add_run(text)
