"""The director's approval block (cover, top right) and signature line (end) in the DOCX."""
from __future__ import annotations

from generator.doc.model import Signature
from generator.writers.docx import styles as st
from generator.writers.docx.context import DocxContext


def write_signature(ctx: DocxContext, block: Signature) -> None:
    """«БЕКІТЕМІН», the position, the line and name, the date, each a line of the right half of
    the page; or, at the end, the position at the left and the line and name at the right margin.
    Each line is marked with the field it shows (the name's run with the name's), for review."""
    if block.kind == "approval":
        lines = [(block.title, f"=the approval word|{block.source}"), (block.position, f"{block.source}.position"),
                 (f"{block.line} {block.name}", f"{block.source}.name"),
                 (block.date, f"=the approval date|{block.source.rsplit(':', 1)[0] + ':approved'}")]
        for i, (text, source) in enumerate((t, s) for t, s in lines if t):
            p = ctx.add_paragraph(st.APPROVAL)
            _runs(ctx, p, text, block.name, source)
            p.paragraph_format.keep_with_next = True
            if i == 0:
                p.runs[0].bold = True
            ctx.marks.paragraph(source if block.source else "", p)
        return
    p = ctx.add_paragraph(st.SIGNATURE)
    ctx.marks.run(f"{block.source}.position" if block.source else "", p.add_run(block.position))
    p.add_run(f"\t{block.line} {block.name}")
    if block.date:
        p.runs[-1].add_break()
        p.add_run(block.date)
    ctx.marks.paragraph(f"{block.source}.position" if block.source else "", p)


def _runs(ctx: DocxContext, p, text: str, name: str, source: str) -> None:
    """A line's runs: the name a run of its own, marked with the name's field."""
    if source.endswith(".name") and name and text.endswith(name):
        p.add_run(text[: -len(name)])
        ctx.marks.run(source, p.add_run(name))
    else:
        p.add_run(text)
